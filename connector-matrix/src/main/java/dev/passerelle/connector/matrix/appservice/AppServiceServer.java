package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server a homeserver calls as the gateway's Application Service: transactions, user and alias
 * queries, ping and the third-party lookups, under {@code /_matrix/app/v1} and on the legacy paths older
 * homeservers fall back to ({@code /transactions}, {@code /users}, {@code /rooms},
 * {@code /_matrix/app/unstable/thirdparty}).
 *
 * <p>Every request must carry the registration's {@code hs_token}, as {@code Authorization: Bearer} or as
 * the {@code access_token} query parameter: none is 401 {@code M_UNAUTHORIZED}, a wrong one 403
 * {@code M_FORBIDDEN}. Bodies over the size limit are 413 {@code M_TOO_LARGE}; malformed JSON is 400
 * {@code M_NOT_JSON}; JSON too deep, with duplicate keys or of the wrong shape is 400 {@code M_BAD_JSON};
 * an unknown path is 404 and a wrong method 405, both {@code M_UNRECOGNIZED} (which tells a homeserver
 * to try the legacy paths). A transaction is answered 200 only once its events are durable.
 *
 * <p>Metrics: {@code passerelle.matrix.as.transactions{outcome}}, {@code passerelle.matrix.as.events{kind}},
 * {@code passerelle.matrix.events.ignored{reason}}, {@code passerelle.matrix.as.refused{reason}}; a request
 * without the hs_token or with a wrong one also counts in {@code passerelle.access.refused} (surface
 * {@code appservice}, reason {@code missing_token} or {@code wrong_token}).
 */
public final class AppServiceServer {

    private static final Logger LOG = LoggerFactory.getLogger(AppServiceServer.class);

    static final String V1 = "/_matrix/app/v1";
    static final String UNSTABLE = "/_matrix/app/unstable";
    /** Homeservers before Matrix 1.13 (Synapse before 1.8x) name the ephemeral list after MSC2409. */
    static final String UNSTABLE_EPHEMERAL = "de.sorunome.msc2409.ephemeral";

    private final Vertx vertx;
    private final AppServiceSettings settings;
    private final AppServiceHandler handler;
    private final MeterRegistry metrics;
    private final HsTokenCheck tokens;
    private final AccessRefusals refusals;
    private final BoundedJson json;
    private final EventScreen screen;
    private final TransactionLog transactions = new TransactionLog();
    private HttpServer server;

    public AppServiceServer(Vertx vertx, AppServiceSettings settings, AppServiceHandler handler,
            MeterRegistry metrics) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tokens = new HsTokenCheck(settings.hsToken());
        this.refusals = new AccessRefusals(metrics);
        this.json = new BoundedJson(settings.maxBodyBytes(), settings.maxJsonDepth());
        this.screen = new EventScreen(metrics);
    }

    /** Binds the listener; the future holds the port actually bound (settings may ask for port 0). */
    public Future<Integer> start() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("the appservice server is already started"));
        }
        HttpServer created = vertx.createHttpServer(new HttpServerOptions()
                .setHost(settings.host()).setPort(settings.port()));
        server = created;
        return created.requestHandler(routes()).listen()
                .onFailure(e -> server = null)
                .map(HttpServer::actualPort);
    }

    /** Stops accepting requests and closes open connections; does nothing if not started. */
    public Future<Void> stop() {
        HttpServer running = server;
        server = null;
        return running == null ? Future.succeededFuture() : running.close();
    }

    Router routes() {
        Router router = Router.router(vertx);
        QueryEndpoints queries = new QueryEndpoints(handler, json, this::refuse, this::fail);
        for (String prefix : List.of(V1, "")) {
            endpoint(router, HttpMethod.PUT, prefix + "/transactions/:txnId", true, this::transaction);
            endpoint(router, HttpMethod.GET, prefix + "/users/:userId", false, queries::user);
            endpoint(router, HttpMethod.GET, prefix + "/rooms/:roomAlias", false, queries::room);
        }
        endpoint(router, HttpMethod.POST, V1 + "/ping", true, queries::ping);
        for (String prefix : List.of(V1, UNSTABLE)) {
            String thirdParty = prefix + "/thirdparty";
            endpoint(router, HttpMethod.GET, thirdParty + "/protocol/:protocol", false, queries::protocol);
            endpoint(router, HttpMethod.GET, thirdParty + "/location/:protocol", false, queries::locationsByFields);
            endpoint(router, HttpMethod.GET, thirdParty + "/user/:protocol", false, queries::usersByFields);
            endpoint(router, HttpMethod.GET, thirdParty + "/location", false, queries::locationsByAlias);
            endpoint(router, HttpMethod.GET, thirdParty + "/user", false, queries::usersById);
        }
        router.errorHandler(404, ctx -> refuse(ctx, MatrixError.UNRECOGNIZED, "unrecognised request: "
                + ctx.request().path()));
        router.errorHandler(405, ctx -> refuse(ctx, MatrixError.METHOD_NOT_ALLOWED, "method "
                + ctx.request().method() + " not allowed on " + ctx.request().path()));
        router.errorHandler(413, ctx -> refuse(ctx, MatrixError.TOO_LARGE, "request body larger than "
                + settings.maxBodyBytes() + " bytes"));
        router.errorHandler(400, ctx -> refuse(ctx, MatrixError.NOT_JSON, "bad request"));
        router.errorHandler(500, ctx -> {
            LOG.error("appservice request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            MatrixError.UNKNOWN.reply(ctx, "internal error");
        });
        return router;
    }

    /**
     * Authenticates before reading any body, then buffers the body within the limit. The check is a route
     * of its own because Vert.x runs a route's body handler before its other handlers; the router holds the
     * request paused until the body handler of the next route reads it.
     */
    private void endpoint(Router router, HttpMethod method, String path, boolean withBody,
            Handler<RoutingContext> action) {
        router.route(method, path).handler(this::authenticate);
        Route route = router.route(method, path);
        if (withBody) {
            route.handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        }
        route.handler(action);
    }

    private void authenticate(RoutingContext ctx) {
        HsTokenCheck.Outcome outcome = tokens.check(
                Optional.ofNullable(ctx.request().getHeader("Authorization")),
                ctx.queryParam("access_token"));
        if (outcome == HsTokenCheck.Outcome.ACCEPTED) {
            ctx.next();
        } else if (outcome == HsTokenCheck.Outcome.MISSING) {
            refusals.refused(AccessRefusals.Surface.APPSERVICE, "missing_token", peer(ctx),
                    ctx.request().method() + " " + ctx.request().path() + " without an hs_token");
            refuse(ctx, MatrixError.UNAUTHORIZED, "no hs_token: send Authorization: Bearer <hs_token>");
        } else {
            refusals.refused(AccessRefusals.Surface.APPSERVICE, "wrong_token", peer(ctx),
                    ctx.request().method() + " " + ctx.request().path() + " with an hs_token other than the "
                            + "registration's");
            refuse(ctx, MatrixError.FORBIDDEN, "the hs_token is not the one in the registration");
        }
    }

    private static String peer(RoutingContext ctx) {
        return String.valueOf(ctx.request().remoteAddress());
    }

    private void transaction(RoutingContext ctx) {
        String txnId = ctx.pathParam("txnId");
        JsonNode body;
        try {
            body = json.parse(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (BoundedJson.Rejected e) {
            refuse(ctx, e.error(), e.getMessage());
            return;
        }
        JsonNode events = body.get("events");
        JsonNode ephemeral = body.has("ephemeral") ? body.get("ephemeral") : body.get(UNSTABLE_EPHEMERAL);
        if (!body.isObject() || events == null || !events.isArray()
                || ephemeral != null && !ephemeral.isNull() && !ephemeral.isArray()) {
            refuse(ctx, MatrixError.BAD_JSON, "a transaction is an object with an `events` list and an optional "
                    + "`ephemeral` list");
            return;
        }
        List<ObjectNode> roomEvents = screen.roomEvents(events);
        List<ObjectNode> ephemeralEvents = ephemeral == null || ephemeral.isNull() ? List.of()
                : screen.ephemeralEvents(ephemeral);
        TransactionLog.Run run = transactions.run(txnId, roomEvents, ephemeralEvents,
                () -> handler.transaction(txnId, roomEvents, ephemeralEvents));
        if (run.outcome() == TransactionLog.Outcome.PROCESSED) {
            metrics.counter("passerelle.matrix.as.events", "kind", "room").increment(roomEvents.size());
            metrics.counter("passerelle.matrix.as.events", "kind", "ephemeral").increment(ephemeralEvents.size());
        }
        run.done().onComplete(done -> {
            if (done.succeeded()) {
                metrics.counter("passerelle.matrix.as.transactions", "outcome",
                        run.outcome() == TransactionLog.Outcome.PROCESSED ? "processed" : "replayed").increment();
                ctx.response().putHeader("Content-Type", "application/json").end("{}");
            } else {
                metrics.counter("passerelle.matrix.as.transactions", "outcome", "failed").increment();
                failTransaction(ctx, done.cause());
            }
        });
    }

    /**
     * A transaction that could not be made durable: always a 5xx, so that the homeserver sends it again
     * (503 for what will pass, 500 otherwise), whatever the handler's reason.
     */
    private void failTransaction(RoutingContext ctx, Throwable cause) {
        GatewayException g = GatewayException.of(cause);
        if (cause instanceof GatewayException && g.reason() != GatewayException.Reason.TRANSIENT) {
            LOG.error("appservice transaction {} failed", ctx.pathParam("txnId"), cause);
            MatrixError.UNKNOWN.reply(ctx, "the gateway could not process the transaction");
            return;
        }
        fail(ctx, cause);
    }

    /**
     * A handler's failure as the homeserver should see it: 503 for what will pass (it retries), 404 and 400
     * for what the handler says, 500 otherwise.
     */
    void fail(RoutingContext ctx, Throwable cause) {
        if (cause instanceof GatewayException) {
            GatewayException g = (GatewayException) cause;
            if (g.reason() == GatewayException.Reason.NOT_FOUND) {
                MatrixError.NOT_FOUND.reply(ctx, g.getMessage());
                return;
            }
            if (g.reason() == GatewayException.Reason.INVALID) {
                MatrixError.INVALID_PARAM.reply(ctx, g.getMessage());
                return;
            }
            if (g.reason() == GatewayException.Reason.TRANSIENT) {
                LOG.warn("appservice request {} {} failed, the homeserver will retry: {}", ctx.request().method(),
                        ctx.request().path(), g.getMessage());
                g.retryAfter().ifPresent(d -> ctx.response().putHeader("Retry-After",
                        Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
                MatrixError.UNAVAILABLE.reply(ctx, "temporarily unavailable: " + g.getMessage());
                return;
            }
        }
        LOG.error("appservice request {} {} failed", ctx.request().method(), ctx.request().path(), cause);
        MatrixError.UNKNOWN.reply(ctx, "the gateway could not process the request");
    }

    private void refuse(RoutingContext ctx, MatrixError error, String message) {
        metrics.counter("passerelle.matrix.as.refused", "reason", error.reason()).increment();
        error.reply(ctx, message);
    }
}
