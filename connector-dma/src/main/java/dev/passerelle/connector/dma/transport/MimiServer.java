package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.StoreException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.cert.Certificate;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIMI endpoints served to peer providers over HTTPS with mutual TLS. A client without a certificate the CA
 * bundle vouches for fails the handshake; a caller whose certificate names no allowed domain, or whose key is not
 * the pinned one, is answered 403 before any endpoint runs; a body over the limit is answered 413. Each refusal
 * counts in {@code passerelle.mimi.refused{reason}} and in {@code passerelle.access.refused{surface=mimi}} (the
 * reason with underscores, e.g. {@code domain_mismatch}), and is logged once. Serves
 * {@code GET /.well-known/mimi-protocol-directory} itself.
 */
public final class MimiServer {

    /** Where the directory document is served (draft-ietf-mimi-protocol-06 section 5.1). */
    public static final String DIRECTORY_PATH = "/.well-known/mimi-protocol-directory";
    /** The counter of refused peers and requests, tagged {@code reason} with {@link RefusalReason#tag()}. */
    public static final String REFUSED_METRIC = "passerelle.mimi.refused";

    private static final Logger LOG = LoggerFactory.getLogger(MimiServer.class);
    private static final String PEER_KEY = "passerelle.mimi.peer";

    private final Vertx vertx;
    private final MimiServerSettings settings;
    private final PeerTrust trust;
    private final PeerRoutes routes;
    private final Supplier<Buffer> directory;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final AccessRefusals access;
    private HttpServer server;

    /**
     * @param directory the JSON directory document, asked for on each request (on the event loop: must not block)
     */
    public MimiServer(Vertx vertx, MimiServerSettings settings, PeerTrust trust, PeerRoutes routes,
            Supplier<Buffer> directory, MeterRegistry meters) {
        if (vertx == null || settings == null || trust == null || routes == null || directory == null || meters == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.vertx = vertx;
        this.settings = settings;
        this.trust = trust;
        this.routes = routes;
        this.directory = directory;
        this.access = new AccessRefusals(meters);
        for (RefusalReason r : RefusalReason.values()) {
            refused.put(r, Counter.builder(REFUSED_METRIC).tag("reason", r.tag())
                    .description("Peer providers or requests refused by the MIMI server").register(meters));
        }
    }

    /** Starts listening; completes with the port actually bound (useful with port 0). */
    public Future<Integer> start() {
        if (server != null) {
            return Future.failedFuture(new IllegalStateException("already started"));
        }
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setKeyCertOptions(trust.keyCertOptions())
                .setTrustOptions(trust.trustOptions());
        HttpServer s = vertx.createHttpServer(options)
                .requestHandler(router())
                .exceptionHandler(this::connectionFailed);
        server = s;
        return s.listen().map(HttpServer::actualPort);
    }

    /** Stops listening and closes the connections. */
    public Future<Void> stop() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private Router router() {
        Router router = Router.router(vertx);
        // Identify the caller before reading its body: an unknown peer gets nothing buffered.
        router.route().handler(this::identify);
        router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
        router.get(DIRECTORY_PATH).handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(directory.get()));
        for (PeerRoutes.Entry e : routes.entries()) {
            router.route(e.method(), e.path()).handler(ctx -> invoke(e.handler(), ctx));
        }
        router.route().failureHandler(this::failed);
        // No route for the path, or not for the method: the same JSON answer as every other refusal.
        router.errorHandler(404, ctx -> answer(ctx, 404, "not_found", "no endpoint " + ctx.request().path()));
        router.errorHandler(405, ctx -> answer(ctx, 405, "method_not_allowed",
                ctx.request().method() + " is not served at " + ctx.request().path()));
        return router;
    }

    private void identify(RoutingContext ctx) {
        List<Certificate> chain;
        try {
            chain = ctx.request().connection().peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new PeerRefusedException(RefusalReason.NO_IDENTITY, "no verified client certificate");
        }
        ctx.put(PEER_KEY, trust.identifyClient(chain));
        // Vert.x Web would throw on a bad escape while matching the routes below, outside any failure handler.
        String path = ctx.request().path();
        if (!escapesValid(path)) {
            throw new GatewayException(GatewayException.Reason.INVALID, "the path " + path
                    + " has an invalid percent-escape: '%' must be followed by two hex digits");
        }
        ctx.next();
    }

    static boolean escapesValid(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
                    || Character.digit(path.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private void invoke(PeerHandler handler, RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        PeerRequest request = new PeerRequest(ctx.get(PEER_KEY), ctx.request(),
                body == null ? Buffer.buffer() : body, ctx.pathParams());
        Future<PeerReply> reply;
        try {
            reply = handler.handle(request);
        } catch (RuntimeException e) {
            reply = Future.failedFuture(e);
        }
        reply.onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
                return;
            }
            PeerReply r = ar.result();
            HttpServerResponse response = ctx.response().setStatusCode(r.status());
            if (r.body() == null) {
                response.end();
            } else {
                response.putHeader("Content-Type", r.contentType()).end(r.body());
            }
        });
    }

    private void failed(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (response.ended()) {
            return;
        }
        if (response.headWritten()) {
            // Part of an answer is out; the peer must not take it for a whole one.
            ctx.request().connection().close();
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof PeerRefusedException r) {
            refuse(ctx, 403, r.refusal(), r.getMessage());
        } else if (failure == null && ctx.statusCode() == 413) {
            refuse(ctx, 413, RefusalReason.BODY_TOO_LARGE, "the body is over " + settings.maxBodyBytes() + " bytes");
        } else if (failure instanceof GatewayException g) {
            answer(ctx, statusOf(g.reason()), g.reason().name().toLowerCase(Locale.ROOT), g.getMessage());
        } else if (failure instanceof StoreException) {
            // Our store failed, not the request: the peer sends it again later (a notify, a submitted message).
            LOG.warn("MIMI endpoint {} {} could not use the store: {}", ctx.request().method(),
                    ctx.request().path(), failure.getMessage());
            answer(ctx, 503, "transient", "the store is unavailable, try again later");
        } else if (failure == null) {
            answer(ctx, ctx.statusCode(), "error", "request failed");
        } else {
            LOG.warn("MIMI endpoint {} {} failed for {}", ctx.request().method(), ctx.request().path(),
                    String.valueOf((Object) ctx.get(PEER_KEY)), failure);
            answer(ctx, 500, "internal", "internal error");
        }
    }

    private void refuse(RoutingContext ctx, int status, RefusalReason reason, String detail) {
        refused.get(reason).increment();
        Object domain = ctx.get(PEER_KEY);
        String peer = (domain == null ? "" : domain + " at ") + ctx.request().remoteAddress();
        access.refused(AccessRefusals.Surface.MIMI, accessReason(reason), peer,
                ctx.request().method() + " " + ctx.request().path() + ": " + detail);
        answer(ctx, status, reason.tag(), detail);
    }

    /** The reason as the access meter spells every reason, with underscores. */
    static String accessReason(RefusalReason reason) {
        return reason.tag().replace('-', '_');
    }

    private static void answer(RoutingContext ctx, int status, String error, String detail) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", error).put("detail", detail).toBuffer());
    }

    static int statusOf(GatewayException.Reason reason) {
        if (reason == GatewayException.Reason.INVALID) {
            return 400;
        } else if (reason == GatewayException.Reason.NOT_FOUND) {
            return 404;
        } else if (reason == GatewayException.Reason.AUTH) {
            return 403;
        } else if (reason == GatewayException.Reason.UNSUPPORTED) {
            return 501;
        } else if (reason == GatewayException.Reason.PERMANENT) {
            return 422;
        }
        return 503;
    }

    private void connectionFailed(Throwable t) {
        // Handshake failures surface here (no client certificate, an untrusted, expired or self-signed one).
        if (t instanceof SSLException || t.getCause() instanceof SSLException) {
            refused.get(RefusalReason.TLS_HANDSHAKE).increment();
            // Vert.x names no connection here; the TLS layer's message says what was wrong with the certificate.
            SSLException ssl = t instanceof SSLException e ? e : (SSLException) t.getCause();
            access.refused(AccessRefusals.Surface.MIMI, accessReason(RefusalReason.TLS_HANDSHAKE), "a TLS client",
                    "the TLS handshake failed: " + ssl.getMessage());
        }
    }
}
