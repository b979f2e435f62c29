package dev.passerelle.core.store;

/** A store operation failed; the subclasses are the outcomes callers act on. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A unique constraint refused the write (a room already linked, a native id already mapped). */
    public static final class Conflict extends StoreException {
        public Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database could not be reached or the transaction failed; the operation may be retried. */
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
