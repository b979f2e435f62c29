/**
 * The request and response bodies of draft-ietf-mimi-protocol-06 section 5 as immutable records, each with
 * {@code encode} (TLS presentation language, RFC 9420 vectors) and a static {@code decode} that refuses malformed
 * input with a {@link dev.passerelle.connector.dma.protocol.ProtocolException} naming the field. MLS messages
 * inside are kept as their exact bytes ({@link dev.passerelle.connector.dma.protocol.WireMessage}) and parsed with
 * the {@code dma.mls.message} classes. The errata of the draft and how each one is decided are listed in
 * docs/connectors/dma.md, "Protocol structures and errata".
 */
package dev.passerelle.connector.dma.protocol;
