package dev.passerelle.connector.dma.mls.schedule;

/** A key the secret tree will not give: a generation already used or deleted, or too far ahead. */
public final class RatchetFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A refusal explained by {@code message}. */
    public RatchetFailure(String message) {
        super(message);
    }
}
