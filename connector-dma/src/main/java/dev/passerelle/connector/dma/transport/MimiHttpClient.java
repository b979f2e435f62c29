package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Calls peer providers over HTTPS with our client certificate. The server must chain to the CA bundle, name the
 * peer's domain in a DNS-ID (checked even when the configured base URL is a loopback address: the domain is the
 * TLS host) and match its pin; this is checked before the request is sent. Failures are {@link GatewayException}s:
 * a refused TLS peer is AUTH, connection trouble, timeouts and 5xx are TRANSIENT, other statuses
 * {@link PeerHttpException} by status.
 *
 * <p>Every exchange runs on one Vert.x context, the client's own, whatever thread calls, and the result is handed
 * back on the caller's context. A caller outside Vert.x gets a new context for each request; on a pooled connection
 * opened on another context, the response head was seen but its body and end went to no handler, so the body
 * future never completed (and the idle timeout never fired, the stream having ended): the call hung for good.
 */
public final class MimiHttpClient {

    private final MimiClientSettings settings;
    private final PeerTrust trust;
    private final HttpClient client;
    private final Context home;
    private final java.util.concurrent.ConcurrentHashMap<String, PeerOutage> unreachable =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A peer that has not answered since {@code since}; {@code why} is the last failure. */
    public record PeerOutage(String peer, java.time.Instant since, String why) {
    }

    /**
     * Creates the client; its exchanges run on the calling thread's context, or on a new event-loop context when
     * called outside Vert.x.
     */
    public MimiHttpClient(Vertx vertx, MimiClientSettings settings, PeerTrust trust) {
        if (vertx == null || settings == null || trust == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.settings = settings;
        this.trust = trust;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeyCertOptions(trust.keyCertOptions())
                .setTrustOptions(trust.trustOptions())
                .setConnectTimeout(millis(settings.connectTimeout())));
        this.home = vertx.getOrCreateContext();
    }

    /** POSTs {@code body} to {@code path} (absolute, e.g. {@code /mimi/v1/notify/x}) at the peer {@code domain}. */
    public Future<PeerResponse> post(String domain, String path, Buffer body, String contentType) {
        if (body == null || contentType == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "a POST needs a body and a content type"));
        }
        return call(HttpMethod.POST, domain, path, body, contentType);
    }

    /** GETs {@code path} at the peer {@code domain}. */
    public Future<PeerResponse> get(String domain, String path) {
        return call(HttpMethod.GET, domain, path, null, null);
    }

    /** The peers whose last call got no answer at all, by domain; read from any thread. */
    public java.util.Collection<PeerOutage> unreachablePeers() {
        return List.copyOf(unreachable.values());
    }

    public Future<Void> close() {
        return client.close();
    }

    private Future<PeerResponse> call(HttpMethod method, String domain, String path, Buffer body, String contentType) {
        Context caller = Vertx.currentContext();
        Promise<PeerResponse> result = Promise.promise();
        home.runOnContext(v -> {
            Future<PeerResponse> exchanged;
            try {
                exchanged = exchange(method, domain, path, body, contentType);
            } catch (RuntimeException e) {
                exchanged = Future.failedFuture(classify(e, domain));
            }
            exchanged.onComplete(ar -> {
                if (caller == null || caller == home) {
                    result.handle(ar);
                } else {
                    caller.runOnContext(x -> result.handle(ar));
                }
            });
        });
        return result.future();
    }

    /** One exchange, on the {@link #home} context only. */
    private Future<PeerResponse> exchange(HttpMethod method, String domain, String path, Buffer body,
            String contentType) {
        String peer;
        try {
            peer = trust.requireCallable(domain);
        } catch (PeerRefusedException e) {
            return Future.failedFuture(e);
        }
        if (path == null || !path.startsWith("/")) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "path must start with /, was " + path));
        }
        URI base = settings.baseUrlOf(peer);
        int port = base.getPort() == -1 ? 443 : base.getPort();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                // The peer's domain is the TLS host (SNI and hostname verification); the base URL only says where
                // to connect, so a loopback address still has to present the domain's certificate.
                .setHost(peer)
                .setPort(port)
                .setServer(SocketAddress.inetSocketAddress(port, base.getHost()))
                .setURI(basePath + path)
                .setConnectTimeout(millis(settings.connectTimeout()))
                .setIdleTimeout(millis(settings.requestTimeout()));
        return client.request(options)
                .compose(request -> send(request, peer, body, contentType))
                .compose(response -> {
                    // An answer of any status: the peer is reachable.
                    unreachable.remove(peer);
                    return read(response, peer, method, path);
                })
                .recover(t -> {
                    GatewayException failure = classify(t, peer);
                    if (!(t instanceof GatewayException)) {
                        // No answer at all (refused, reset, timed out, TLS): the peer is unreachable.
                        unreachable.merge(peer, new PeerOutage(peer, java.time.Instant.now(), failure.getMessage()),
                                (old, now) -> new PeerOutage(peer, old.since(), now.why()));
                    }
                    return Future.failedFuture(failure);
                });
    }

    private Future<HttpClientResponse> send(HttpClientRequest request, String peer, Buffer body, String contentType) {
        try {
            List<Certificate> chain = request.connection().peerCertificates();
            trust.verifyServer(chain, peer);
        } catch (SSLPeerUnverifiedException | PeerRefusedException e) {
            // Nothing of the request has been sent; drop the connection so that no later call reuses it.
            request.connection().close();
            return Future.failedFuture(e instanceof PeerRefusedException ? e : new PeerRefusedException(
                    RefusalReason.NO_IDENTITY, peer + " presented no verified certificate"));
        }
        if (body == null) {
            return request.send();
        }
        request.putHeader("Content-Type", contentType);
        return request.send(body);
    }

    private Future<PeerResponse> read(HttpClientResponse response, String peer, HttpMethod method, String path) {
        String length = response.getHeader("Content-Length");
        if (length != null && tooLarge(length)) {
            response.request().connection().close();
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    peer + " answered " + method + " " + path + " with " + length + " bytes, over the limit of "
                            + settings.maxResponseBytes()));
        }
        return response.body().compose(body -> {
            if (body.length() > settings.maxResponseBytes()) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID, peer + " answered "
                        + method + " " + path + " with more than " + settings.maxResponseBytes() + " bytes"));
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Future.succeededFuture(new PeerResponse(status, response.getHeader("Content-Type"), body));
            }
            return Future.failedFuture(new PeerHttpException(reasonOf(status), status, body,
                    retryAfter(response.getHeader("Retry-After")),
                    peer + " answered " + method + " " + path + " with " + status + ": " + snippet(body)));
        });
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > settings.maxResponseBytes();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    static GatewayException.Reason reasonOf(int status) {
        if (status == 401 || status == 403) {
            return GatewayException.Reason.AUTH;
        } else if (status == 404 || status == 410) {
            return GatewayException.Reason.NOT_FOUND;
        } else if (status == 408 || status == 425 || status == 429 || status >= 500) {
            return GatewayException.Reason.TRANSIENT;
        } else if (status == 400 || status == 413 || status == 415 || status == 422) {
            return GatewayException.Reason.INVALID;
        }
        // Other 4xx, and redirects: a provider does not send its peers elsewhere.
        return GatewayException.Reason.PERMANENT;
    }

    /**
     * A failed call as the router should treat it. A TLS failure is AUTH (dead-lettered, shown to the operator) only
     * when someone judged a certificate: ours refused by the peer (it sent an alert) or the peer's refused by us (a
     * certificate exception). A handshake cut short by a closed connection, with no verdict, is a peer starting,
     * stopping or crashing: TRANSIENT, retried like a refused connection.
     */
    static GatewayException classify(Throwable t, String peer) {
        if (t instanceof GatewayException g) {
            return g;
        }
        boolean tls = false;
        boolean verdict = false;
        boolean hungUp = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                tls = true;
                String message = c.getMessage();
                verdict |= message != null && message.contains("fatal alert");
            } else if (c instanceof java.security.GeneralSecurityException) {
                verdict = true;
            } else if (c instanceof java.io.IOException) {
                hungUp = true;
            }
        }
        if (tls && (verdict || !hungUp)) {
            return new GatewayException(GatewayException.Reason.AUTH, "TLS with " + peer + " was refused: "
                    + tlsMessage(t), t);
        }
        return new GatewayException(GatewayException.Reason.TRANSIENT, "calling " + peer + " failed: " + t, t);
    }

    private static String tlsMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return c.getMessage();
            }
        }
        return String.valueOf(t.getMessage());
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            // An HTTP date: the router's own backoff is as good a guess.
            return null;
        }
    }

    private static String snippet(Buffer body) {
        String s = body.toString();
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
