package dev.passerelle.connector.dma.mls.codec;

/** Malformed TLS-encoded input: says why, and at which byte offset of the input. */
public final class TlsDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int offset;

    /** A decode failure for {@code reason} found at byte {@code offset} of the input. */
    public TlsDecodeException(String reason, int offset) {
        super(reason + " (at offset " + offset + ")");
        this.reason = reason;
        this.offset = offset;
    }

    /** Why the input was refused, without the offset. */
    public String reason() {
        return reason;
    }

    /** Byte offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}
