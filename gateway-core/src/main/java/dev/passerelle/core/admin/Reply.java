package dev.passerelle.core.admin;

import dev.passerelle.core.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An admin API response: a status, an optional JSON body and an optional Location. Endpoints return a
 * {@code Future<Reply>}; {@link #endpoint} turns failures into JSON errors with the right status.
 */
record Reply(int status, Optional<Object> body, Optional<String> location) {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    static Reply ok(Object json) {
        return new Reply(200, Optional.of(json), Optional.empty());
    }

    static Reply created(Object json, String location) {
        return new Reply(201, Optional.of(json), Optional.of(location));
    }

    static Reply noContent() {
        return new Reply(204, Optional.empty(), Optional.empty());
    }

    /**
     * A route handler around an endpoint. Refusals ({@link ApiError}) keep their status, a store conflict
     * is 409, an unavailable store is 503; anything else is a 500 whose cause is logged once here,
     * since the client only sees "internal error".
     */
    static Handler<RoutingContext> endpoint(Function<RoutingContext, Future<Reply>> endpoint) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = endpoint.apply(ctx);
            } catch (RuntimeException e) {
                reply = Future.failedFuture(e);
            }
            reply.onSuccess(r -> r.send(ctx)).onFailure(e -> failure(ctx, e));
        };
    }

    void send(RoutingContext ctx) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        location.ifPresent(l -> response.putHeader("Location", l));
        if (body.isPresent()) {
            response.putHeader("Content-Type", "application/json").end(encode(body.get()));
        } else {
            response.end();
        }
    }

    static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** For a route that failed outside {@link #endpoint}: log the cause once, tell the client only that it failed. */
    static void internalError(RoutingContext ctx) {
        LOG.error("admin request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        error(ctx, 500, "internal error");
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof ApiError a) {
            error(ctx, a.status(), a.getMessage());
        } else if (e instanceof StoreException.Conflict) {
            error(ctx, 409, e.getMessage());
        } else if (e instanceof StoreException.Unavailable) {
            error(ctx, 503, "store unavailable: " + e.getMessage());
        } else {
            LOG.error("admin request {} {} failed", ctx.request().method(), ctx.request().path(), e);
            error(ctx, 500, "internal error");
        }
    }

    private static String encode(Object json) {
        if (json instanceof JsonObject o) {
            return o.encode();
        }
        if (json instanceof io.vertx.core.json.JsonArray a) {
            return a.encode();
        }
        throw new IllegalStateException("not a JSON value: " + json.getClass().getName());
    }
}
