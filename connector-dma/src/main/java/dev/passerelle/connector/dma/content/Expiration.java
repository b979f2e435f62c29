package dev.passerelle.connector.dma.content;

/**
 * When a message should be deleted: {@code time} seconds after it is read if {@code relative}, else at {@code time}
 * seconds after the UNIX epoch. {@code time} is a 32-bit unsigned number.
 */
public record Expiration(boolean relative, long time) {

    /** Largest time the format can carry. */
    public static final long MAX_TIME = 0xFFFFFFFFL;

    public Expiration {
        if (time < 0 || time > MAX_TIME) {
            throw new IllegalArgumentException("expiration time must be within 0.." + MAX_TIME + ", got " + time);
        }
    }
}
