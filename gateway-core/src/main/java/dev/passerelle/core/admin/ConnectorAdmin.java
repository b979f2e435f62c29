package dev.passerelle.core.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Optional;

/**
 * Admin operations of one connector, served under {@code /api/v1/connectors/{name}/...} for connectors that have
 * any (the MIMI connector's abuse reports and phone directory, for example). Called on the event loop: must not
 * block (store work goes through {@code executeBlocking}).
 */
public interface ConnectorAdmin {

    /**
     * Answers one request: {@code request.path()} is what follows the connector's prefix, without a leading slash
     * (e.g. {@code phones/+15550001111}). Succeeds with the JSON answer (200); fails with a {@link Refused} for an
     * answer in the 4xx range, anything else is a 500.
     */
    Future<JsonObject> handle(Request request);

    /** One admin request for a connector. */
    record Request(String method, String path, Optional<JsonObject> body, Map<String, String> query) {

        /** Checks presence. */
        public Request {
            if (method == null || path == null || body == null || query == null) {
                throw new IllegalArgumentException("method, path, body and query are required");
            }
            query = Map.copyOf(query);
        }
    }

    /** A refusal with its HTTP status (400 to 499) and the message the client sees. */
    final class Refused extends RuntimeException {
        private final int status;

        /** A refusal; {@code status} must be a 4xx. */
        public Refused(int status, String message) {
            super(message, null, false, false);
            if (status < 400 || status > 499) {
                throw new IllegalArgumentException("a refusal is a 4xx status, was " + status);
            }
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
