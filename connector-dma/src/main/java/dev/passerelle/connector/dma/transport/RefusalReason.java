package dev.passerelle.connector.dma.transport;

import java.util.Locale;

/** Why a peer provider was refused; {@link #tag()} is the {@code reason} tag of {@code passerelle.mimi.refused}. */
public enum RefusalReason {
    /** The certificate names no domain we accept peers from. */
    UNKNOWN_PEER,
    /** The peer's key is not the one pinned for its domain. */
    PIN_MISMATCH,
    /** The certificate has no usable DNS-ID (for example a common name only). */
    NO_IDENTITY,
    /** The certificate names more than one accepted domain, so the caller cannot be told apart. */
    AMBIGUOUS_PEER,
    /** The request claims a domain other than the one the peer's certificate proves. */
    DOMAIN_MISMATCH,
    /** The TLS handshake failed (no client certificate, an untrusted or expired one). */
    TLS_HANDSHAKE,
    /** The request body is over the configured limit. */
    BODY_TOO_LARGE;

    /** The lower-case, dashed name used in metrics and error bodies ({@code unknown-peer}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
