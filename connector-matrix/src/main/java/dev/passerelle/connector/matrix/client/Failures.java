package dev.passerelle.connector.matrix.client;

import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what came back from the homeserver into the core's failure reasons, and keeps the appservice token
 * out of every message (a server could echo it in its error text).
 */
final class Failures {

    private static final Set<String> AUTH = Set.of("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN");
    private static final Set<String> INVALID = Set.of("M_BAD_JSON", "M_NOT_JSON", "M_INVALID_PARAM",
            "M_MISSING_PARAM", "M_BAD_STATE");
    private static final int MAX_ERROR_TEXT = 300;

    private final String secret;
    private final Clock clock;

    Failures(String secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    /** The exception for an error answer; {@code description} is {@code METHOD /path} without the query. */
    MatrixApiException http(String description, int status, ErrorBody body, Optional<String> retryAfterHeader) {
        Reason reason = reason(status, body.errcode());
        Duration retryAfter = null;
        if (reason == Reason.TRANSIENT) {
            retryAfter = body.retryAfter().or(() -> retryAfterHeader.flatMap(this::parseRetryAfter)).orElse(null);
        }
        StringBuilder message = new StringBuilder(description).append(" -> ").append(status);
        body.errcode().ifPresent(code -> message.append(' ').append(code));
        body.error().ifPresent(text -> message.append(": ").append(shorten(text)));
        if (retryAfter != null) {
            message.append(" (retry after ").append(retryAfter.toMillis()).append(" ms)");
        }
        return new MatrixApiException(reason, status, body.errcode(), scrub(message.toString()), retryAfter);
    }

    /** No answer came: refused, reset, timed out. Always worth a retry. */
    GatewayException io(String description, IOException cause) {
        String what = cause instanceof InterruptedIOException ? "timed out" : "failed";
        return new GatewayException(Reason.TRANSIENT,
                scrub(description + " " + what + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage()),
                cause);
    }

    static Reason reason(int status, Optional<String> errcode) {
        String code = errcode.orElse("");
        if (status == 429 || code.equals("M_LIMIT_EXCEEDED") || status >= 500 || status == 408) {
            return Reason.TRANSIENT;
        }
        if (AUTH.contains(code) || (status == 401 && errcode.isEmpty())) {
            return Reason.AUTH;
        }
        if (code.equals("M_NOT_FOUND") || (status == 404 && errcode.isEmpty())) {
            return Reason.NOT_FOUND;
        }
        if (INVALID.contains(code)) {
            return Reason.INVALID;
        }
        if (code.equals("M_UNRECOGNIZED")) {
            return Reason.UNSUPPORTED;
        }
        return Reason.PERMANENT;
    }

    /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
    Optional<Duration> parseRetryAfter(String value) {
        String text = value.trim();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    String scrub(String text) {
        return text == null ? "" : text.replace(secret, "<as_token>");
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }
}
