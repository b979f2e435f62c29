package dev.passerelle.connector.dma.mls.state;

import java.util.Objects;

/**
 * An application message this member encrypted: the MLSMessage (a PrivateMessage) and the epoch and generation
 * of the sender ratchet key it used. The generation is never used again by the state that produced it.
 */
public record Encrypted(byte[] message, long epoch, long generation) {

    /** Copies the message. */
    public Encrypted {
        message = Objects.requireNonNull(message, "message").clone();
        if (generation < 0) {
            throw new IllegalArgumentException("generation must not be negative");
        }
    }

    @Override
    public byte[] message() {
        return message.clone();
    }

    @Override
    public String toString() {
        return "Encrypted[epoch=" + Long.toUnsignedString(epoch) + ", generation=" + generation + "]";
    }
}
