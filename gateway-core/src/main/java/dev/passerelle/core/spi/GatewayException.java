package dev.passerelle.core.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * The one exception type connectors and the core raise. The {@link Reason} decides what the router does:
 * retry with backoff ({@link #isRetryable()}), or dead-letter and tell the sender.
 */
public class GatewayException extends RuntimeException {

    /** Why an operation failed. */
    public enum Reason {
        /** The target network cannot carry this at all. */
        UNSUPPORTED(false),
        /** A referenced room, user or message does not exist (any more). */
        NOT_FOUND(false),
        /** Network trouble, a 5xx, a 429, a server restart: worth trying again. */
        TRANSIENT(true),
        /** Credentials were refused. Retrying will not help until an operator acts. */
        AUTH(false),
        /** The input is malformed or breaks a limit. */
        INVALID(false),
        /** Refused for good by the target (too large, forbidden, ...). */
        PERMANENT(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public GatewayException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public GatewayException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, cause);
    }

    public GatewayException(Reason reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null");
        }
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** A transient failure with the delay the target asked for (HTTP 429 {@code retry_after_ms}, Retry-After). */
    public static GatewayException retryAfter(Duration delay, String message) {
        return new GatewayException(Reason.TRANSIENT, message, delay, null);
    }

    public Reason reason() {
        return reason;
    }

    public boolean isRetryable() {
        return reason.retryable();
    }

    /** The earliest retry the target asked for, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Classifies any failure: a GatewayException keeps its reason, anything else counts as transient. */
    public static GatewayException of(Throwable t) {
        if (t instanceof GatewayException g) {
            return g;
        }
        return new GatewayException(Reason.TRANSIENT, String.valueOf(t.getMessage()), t);
    }
}
