package dev.passerelle.connector.dma.mls.schedule;

/** A key the secret tree will not give: a generation already used or deleted, or too far ahead. */
public final class RatchetFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean used;

    /** A refusal explained by {@code message}. */
    public RatchetFailure(String message) {
        this(message, false);
    }

    /** A refusal explained by {@code message}; {@code used} when the generation's key was certainly handed out. */
    public RatchetFailure(String message, boolean used) {
        super(message);
        this.used = used;
    }

    /**
     * Whether the generation was refused because its key was handed out already: the message is a second copy of
     * one received (a peer sending again after a crash), not one that came too late for its key.
     */
    public boolean used() {
        return used;
    }
}
