package dev.passerelle.core.media;

import java.util.Locale;

/**
 * Why the media service refused or failed to deliver a file. The listener answers with {@link Reason#status()};
 * a connector that {@link MediaService#open opened} a URL itself gets this exception, and only
 * {@link Reason#UPSTREAM_FAILED} is worth a retry.
 */
public final class MediaException extends RuntimeException {

    /** The kinds of refusal, each with its HTTP status and the code of the JSON error body. */
    public enum Reason {
        /** The token or its signature does not verify: not a URL this gateway signed, or altered. */
        FORBIDDEN(403),
        /** The signature is good but the URL's time is up. */
        EXPIRED(410),
        /** Not a media URL of this gateway, or no fetcher is registered for the source's scheme. */
        NOT_FOUND(404),
        /** Larger than the configured cap. */
        TOO_LARGE(413),
        /** The source declares a media type other than the one signed into the URL. */
        TYPE_MISMATCH(502),
        /** The source network failed to deliver, or delivered other than it declared. */
        UPSTREAM_FAILED(502);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status the listener answers with. */
        public int status() {
            return status;
        }

        /** The stable code used in error bodies and metrics, e.g. {@code too_large}. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean retryable() {
            return this == UPSTREAM_FAILED;
        }
    }

    private final Reason reason;

    public MediaException(Reason reason, String message) {
        this(reason, message, null);
    }

    public MediaException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null");
        }
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
