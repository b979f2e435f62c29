/**
 * The MIMI content format (draft-ietf-mimi-content-08, {@code application/mimi-content}): a small deterministic
 * CBOR codec (RFC 8949 section 4.2.1) and the content model with its message id. Decoding refuses anything that is
 * not the one deterministic encoding of a well-formed message, so re-encoding a decoded message gives back the
 * received bytes.
 */
package dev.passerelle.connector.dma.content;
