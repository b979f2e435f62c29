package dev.passerelle.bench.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A homeserver stub built for speed, for the flow benchmarks: a bare Vert.x HTTP server that answers just what the
 * matrix connector calls (register, join, profile, state, ping, send), stamps every {@code PUT /send} with
 * {@link System#nanoTime} when its headers arrive and hands its body to a sink, and pushes appservice transactions
 * to the gateway, timing their acknowledgement. Unlike the WireMock stub of the tests it validates nothing and keeps
 * no room state: it exists to never be the bottleneck. Routes it does not know answer {@code {}} and are counted.
 */
final class FastHomeserver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "/_matrix/client/";

    private final Vertx vertx;
    private final String serverName;
    private final HttpServer server;
    private final AtomicLong events = new AtomicLong();
    private final Map<String, AtomicLong> unknown = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private volatile RawStream.BodySink sends = (text, from, to, at) -> { };
    private HttpClient client;
    private String hsToken;
    private int appServicePort;

    private FastHomeserver(Vertx vertx, String serverName) {
        this.vertx = vertx;
        this.serverName = serverName;
        this.server = vertx.createHttpServer();
    }

    /** Starts the stub on a free loopback port. */
    static FastHomeserver start(Vertx vertx, String serverName) {
        FastHomeserver hs = new FastHomeserver(vertx, serverName);
        hs.server.requestHandler(hs::handle);
        await(hs.server.listen(0, "127.0.0.1"), "starting the homeserver stub");
        return hs;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    String serverName() {
        return serverName;
    }

    /** Where the bodies of {@code PUT /send} go, with their arrival time. */
    void onSend(RawStream.BodySink sink) {
        this.sends = sink;
    }

    /** Routes the gateway called that the stub does not know, with their counts (path ids replaced by *). */
    Map<String, Long> unknownRoutes() {
        Map<String, Long> out = new java.util.TreeMap<>();
        unknown.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Every call but {@code PUT /send}, by route, with its count. */
    Map<String, Long> calls() {
        Map<String, Long> out = new java.util.TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private void handle(HttpServerRequest request) {
        long arrival = System.nanoTime();
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.PUT && path.contains("/send/")) {
            request.body().onSuccess(body -> {
                String text = body.toString(StandardCharsets.UTF_8);
                sends.body(text, 0, text.length(), arrival);
                answer(request, 200, "{\"event_id\":\"$b" + events.incrementAndGet() + "\"}");
            });
            return;
        }
        calls.computeIfAbsent(method + " " + shape(path), k -> new AtomicLong()).incrementAndGet();
        request.body().onSuccess(body -> {
            try {
                route(request, method, path, body);
            } catch (RuntimeException e) {
                answer(request, 500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"stub: " + e + "\"}");
            }
        });
    }

    /** The path with its ids (segments holding !, @, $ or an escape) replaced by {@code *}. */
    private static String shape(String path) {
        return path.replaceAll("/[^/]*[%!@$][^/]*", "/*");
    }

    private void route(HttpServerRequest request, HttpMethod method, String path, Buffer body) {
        if (path.equals(CLIENT + "versions")) {
            answer(request, 200, "{\"versions\":[\"v1.11\"]}");
        } else if (method == HttpMethod.POST && path.endsWith("/register")) {
            String user = field(body, "username");
            answer(request, 200, "{\"user_id\":\"@" + user + ":" + serverName + "\"}");
        } else if (method == HttpMethod.POST && path.endsWith("/leave")) {
            answer(request, 200, "{}");
        } else if (method == HttpMethod.POST && path.endsWith("/join")) {
            answer(request, 200, "{\"room_id\":\"" + segment(path, 2) + "\"}");
        } else if (method == HttpMethod.POST && path.startsWith(CLIENT + "v3/join/")) {
            answer(request, 200, "{\"room_id\":\"" + segment(path, 1) + "\"}");
        } else if (method == HttpMethod.GET && path.endsWith("/joined_members")) {
            answer(request, 200, "{\"joined\":{}}");
        } else if (method == HttpMethod.PUT && (path.contains("/state/") || path.contains("/redact/"))) {
            answer(request, 200, "{\"event_id\":\"$s" + events.incrementAndGet() + "\"}");
        } else if (method == HttpMethod.GET && path.contains("/state/")) {
            answer(request, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"No such state event\"}");
        } else if (path.contains("/profile/")) {
            answer(request, 200, method == HttpMethod.GET ? "{\"displayname\":\"bench\"}" : "{}");
        } else if (path.endsWith("/ping")) {
            answer(request, 200, "{\"duration_ms\":1}");
        } else if (path.endsWith("/account/whoami")) {
            answer(request, 200, "{\"user_id\":\"@_passerelle_bot:" + serverName + "\"}");
        } else if (method == HttpMethod.POST && path.endsWith("/createRoom")) {
            answer(request, 200, "{\"room_id\":\"!created" + events.incrementAndGet() + ":" + serverName + "\"}");
        } else {
            unknown.computeIfAbsent(method + " " + shape(path), k -> new AtomicLong()).incrementAndGet();
            answer(request, 200, "{}");
        }
    }

    /** The decoded path segment {@code fromEnd} places before the end (1 = the last). */
    private static String segment(String path, int fromEnd) {
        String[] parts = path.split("/");
        return URLDecoder.decode(parts[parts.length - fromEnd], StandardCharsets.UTF_8);
    }

    private static String field(Buffer body, String name) {
        try {
            JsonNode node = JSON.readTree(body.getBytes());
            return node.path(name).asText();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }

    private static void answer(HttpServerRequest request, int status, String json) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }

    // ---- pushing to the gateway's appservice ----

    /** Points the transaction pusher at the gateway's appservice listener. */
    void appService(int port, String hsToken, int connections) {
        this.appServicePort = port;
        this.hsToken = hsToken;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    /** Pushes one transaction ({@code {"events":[...]}} already serialised); answers its acknowledgement time. */
    Future<Long> push(String txnId, byte[] transaction) {
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1")
                .setPort(appServicePort).setURI("/_matrix/app/v1/transactions/" + txnId)
                .putHeader("Authorization", "Bearer " + hsToken).putHeader("Content-Type", "application/json");
        return client.request(options)
                .compose(req -> req.send(Buffer.buffer(transaction)))
                .compose(resp -> resp.body().compose(b -> resp.statusCode() == 200
                        ? Future.succeededFuture(System.nanoTime() - start)
                        : Future.failedFuture(new IllegalStateException("transaction " + txnId + " answered "
                                + resp.statusCode() + ": " + b))));
    }

    static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + what, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            await(client.close(), "closing the transaction pusher");
        }
        await(server.close(), "closing the homeserver stub");
    }
}
