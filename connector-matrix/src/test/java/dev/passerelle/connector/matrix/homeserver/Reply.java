package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** A response of the stub homeserver, before WireMock writes it. */
record Reply(int status, String contentType, byte[] body) {

    static Reply json(int status, JsonNode body) {
        return new Reply(status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Reply ok(JsonNode body) {
        return json(200, body);
    }

    static Reply empty() {
        return ok(JsonNodeFactory.instance.objectNode());
    }

    /** A standard error response of the Client-Server API. */
    static Reply error(int status, String errcode, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("errcode", errcode).put("error", message);
        return json(status, body);
    }

    static Reply rateLimited(long retryAfterMs) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("errcode", "M_LIMIT_EXCEEDED")
                .put("error", "Too many requests").put("retry_after_ms", retryAfterMs);
        return json(429, body);
    }
}
