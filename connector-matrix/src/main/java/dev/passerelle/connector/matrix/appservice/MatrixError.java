package dev.passerelle.connector.matrix.appservice;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The spec's error replies: a status and a JSON body {@code {"errcode": ..., "error": ...}}. */
enum MatrixError {
    UNAUTHORIZED(401, "M_UNAUTHORIZED"),
    FORBIDDEN(403, "M_FORBIDDEN"),
    NOT_JSON(400, "M_NOT_JSON"),
    BAD_JSON(400, "M_BAD_JSON"),
    MISSING_PARAM(400, "M_MISSING_PARAM"),
    INVALID_PARAM(400, "M_INVALID_PARAM"),
    NOT_FOUND(404, "M_NOT_FOUND"),
    UNRECOGNIZED(404, "M_UNRECOGNIZED"),
    METHOD_NOT_ALLOWED(405, "M_UNRECOGNIZED"),
    TOO_LARGE(413, "M_TOO_LARGE"),
    UNKNOWN(500, "M_UNKNOWN"),
    UNAVAILABLE(503, "M_UNKNOWN");

    private final int status;
    private final String errcode;

    MatrixError(int status, String errcode) {
        this.status = status;
        this.errcode = errcode;
    }

    int status() {
        return status;
    }

    String errcode() {
        return errcode;
    }

    /** The tag of the refusal counter: the name in lower case with dashes. */
    String reason() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    void reply(RoutingContext ctx, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("errcode", errcode).put("error", message).encode());
    }
}
