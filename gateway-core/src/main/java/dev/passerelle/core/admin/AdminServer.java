package dev.passerelle.core.admin;

import dev.passerelle.core.spi.AccessRefusals;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;

/**
 * The admin HTTP listener: {@code /health}, {@code /metrics} (Prometheus text) and the provisioning API
 * under {@code /api/v1} (links, ghosts, dead letters, and each connector's own operations under
 * {@code /api/v1/connectors/{name}/}), described in {@code docs/admin-api.yaml}. With a
 * token in the settings, every endpoint requires {@code Authorization: Bearer <token>}.
 */
public final class AdminServer {

    /** Request bodies are small JSON documents; anything larger is refused before it is buffered. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Binds the listener and serves until {@link #stop()}; the future fails if the address cannot be bound.
     *
     * @param metrics the registry whose scrape {@code /metrics} returns
     * @param clock the creation time of links made through the API
     */
    public static Future<AdminServer> start(Vertx vertx, AdminSettings settings, AdminBackend backend,
            PrometheusMeterRegistry metrics, Clock clock) {
        Router router = routes(vertx, settings, backend, metrics, clock);
        return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port()))
                .requestHandler(router)
                .listen()
                .map(AdminServer::new);
    }

    static Router routes(Vertx vertx, AdminSettings settings, AdminBackend backend, PrometheusMeterRegistry metrics,
            Clock clock) {
        Router router = Router.router(vertx);
        settings.token().ifPresent(token -> router.route().handler(new BearerAuth(token, new AccessRefusals(metrics))));
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));

        HealthEndpoint health = new HealthEndpoint(vertx, backend);
        router.get("/health").handler(Reply.endpoint(health::health));
        router.get("/health/live").handler(Reply.endpoint(health::live));
        router.get("/metrics").handler(ctx -> metrics(vertx, metrics, ctx));

        ProvisioningApi api = new ProvisioningApi(vertx, backend, clock);
        router.get("/api/v1/links").handler(Reply.endpoint(api::listLinks));
        router.post("/api/v1/links").handler(Reply.endpoint(api::createLink));
        router.get("/api/v1/links/:id").handler(Reply.endpoint(api::getLink));
        router.delete("/api/v1/links/:id").handler(Reply.endpoint(api::deleteLink));
        router.get("/api/v1/ghosts").handler(Reply.endpoint(api::listGhosts));
        router.get("/api/v1/dead-letters").handler(Reply.endpoint(api::listDeadLetters));
        router.post("/api/v1/dead-letters/:seq/retry").handler(Reply.endpoint(api::retryDeadLetter));
        router.delete("/api/v1/dead-letters/:seq").handler(Reply.endpoint(api::discardDeadLetter));
        router.route("/api/v1/connectors/:name/*").handler(Reply.endpoint(api::connector));

        // Whatever fails outside the endpoints (no route, wrong method, body too large) still answers in JSON.
        router.errorHandler(404, ctx -> Reply.error(ctx, 404, "no such endpoint: " + ctx.request().path()));
        router.errorHandler(405, ctx -> Reply.error(ctx, 405, "method not allowed: " + ctx.request().method()));
        router.errorHandler(413, ctx -> Reply.error(ctx, 413, "request body larger than " + MAX_BODY_BYTES + " bytes"));
        router.errorHandler(400, ctx -> Reply.error(ctx, 400, "bad request"));
        router.errorHandler(500, Reply::internalError);
        return router;
    }

    private static void metrics(Vertx vertx, PrometheusMeterRegistry metrics, RoutingContext ctx) {
        // Scraping walks every meter; keep that off the event loop.
        vertx.executeBlocking(metrics::scrape, false).onComplete(text -> {
            if (text.succeeded()) {
                ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(text.result());
            } else {
                ctx.fail(text.cause());
            }
        });
    }

    /** The port actually bound (the configured one, or the one chosen for port 0). */
    public int port() {
        return server.actualPort();
    }

    /** Stops accepting requests and closes open connections. */
    public Future<Void> stop() {
        return server.close();
    }
}
