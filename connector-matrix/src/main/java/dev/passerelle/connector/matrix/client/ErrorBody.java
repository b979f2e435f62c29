package dev.passerelle.connector.matrix.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The standard Matrix error body ({@code errcode}, {@code error}, {@code retry_after_ms}), as far as a
 * response carried one; a body that is not a JSON object with a string errcode gives an empty one.
 */
record ErrorBody(Optional<String> errcode, Optional<String> error, Optional<Duration> retryAfter) {

    static final ErrorBody NONE = new ErrorBody(Optional.empty(), Optional.empty(), Optional.empty());

    static ErrorBody parse(ObjectMapper json, byte[] body) {
        if (body.length == 0) {
            return NONE;
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            // An HTML error page from a proxy, say: the status alone decides.
            return NONE;
        }
        if (node == null || !node.isObject() || !node.path("errcode").isTextual()) {
            return NONE;
        }
        Optional<String> error = node.path("error").isTextual()
                ? Optional.of(node.path("error").textValue()) : Optional.empty();
        JsonNode after = node.path("retry_after_ms");
        Optional<Duration> retryAfter = after.canConvertToLong() && after.longValue() >= 0
                ? Optional.of(Duration.ofMillis(after.longValue())) : Optional.empty();
        return new ErrorBody(Optional.of(node.path("errcode").textValue()), error, retryAfter);
    }
}
