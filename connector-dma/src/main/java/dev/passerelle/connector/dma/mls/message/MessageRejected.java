package dev.passerelle.connector.dma.mls.message;

/** A received message refused: wrong group or epoch, bad signature or tag, malformed plaintext. */
public final class MessageRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal explained by {@code reason}, caused by {@code cause} (may be null). */
    public MessageRejected(String reason, Throwable cause) {
        super(reason, cause);
    }
}
