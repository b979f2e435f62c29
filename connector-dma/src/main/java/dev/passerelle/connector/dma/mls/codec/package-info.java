/**
 * The TLS presentation language (RFC 8446 section 3) as RFC 9420 uses it: fixed-width integers, vectors with
 * variable-length integer length prefixes, optionals. Readers check every length against the bytes left before
 * allocating anything.
 */
package dev.passerelle.connector.dma.mls.codec;
