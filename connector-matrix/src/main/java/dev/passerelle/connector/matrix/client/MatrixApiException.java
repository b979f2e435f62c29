package dev.passerelle.connector.matrix.client;

import dev.passerelle.core.spi.GatewayException;
import java.time.Duration;
import java.util.Optional;

/**
 * The homeserver answered a request with an error status; {@link #status()} and {@link #errcode()} say which,
 * and {@link #reason()} says what the router should do about it. Failures where no answer came (connection
 * refused, timeout) are plain transient {@link GatewayException}s.
 *
 * <p>Mapping: 429 or {@code M_LIMIT_EXCEEDED}, 5xx and 408 are TRANSIENT (with the delay the server asked for);
 * {@code M_UNKNOWN_TOKEN} and {@code M_MISSING_TOKEN} (or a bare 401) are AUTH; {@code M_NOT_FOUND} (or a bare
 * 404) is NOT_FOUND; {@code M_BAD_JSON}, {@code M_NOT_JSON}, {@code M_INVALID_PARAM}, {@code M_MISSING_PARAM}
 * and {@code M_BAD_STATE} are INVALID; {@code M_UNRECOGNIZED} is UNSUPPORTED; {@code M_FORBIDDEN},
 * {@code M_TOO_LARGE} and every other 4xx are PERMANENT (too large is a limit of the target, not malformed
 * input, so it is not INVALID).
 */
public final class MatrixApiException extends GatewayException {

    private final int status;
    private final String errcode;

    MatrixApiException(Reason reason, int status, Optional<String> errcode, String message, Duration retryAfter) {
        super(reason, message, retryAfter, null);
        this.status = status;
        this.errcode = errcode.orElse(null);
    }

    /** The HTTP status the homeserver answered with. */
    public int status() {
        return status;
    }

    /** The Matrix error code of the body ({@code M_FORBIDDEN}, ...), if the body was a Matrix error. */
    public Optional<String> errcode() {
        return Optional.ofNullable(errcode);
    }
}
