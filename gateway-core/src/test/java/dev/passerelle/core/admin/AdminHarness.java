package dev.passerelle.core.admin;

import dev.passerelle.core.store.InMemoryStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/** A real admin listener on a free loopback port over an in-memory gateway, and a client for it. */
final class AdminHarness {

    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    final InMemoryStore store = new InMemoryStore(CLOCK);
    final FakeAdminBackend backend = new FakeAdminBackend(store, CLOCK);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Optional<String> token;
    private WebClient client;
    private AdminServer server;

    private AdminHarness(Optional<String> token) {
        this.token = token;
    }

    static Future<AdminHarness> start(Vertx vertx, Optional<String> token) {
        AdminHarness h = new AdminHarness(token);
        h.client = WebClient.create(vertx);
        return AdminServer.start(vertx, new AdminSettings("127.0.0.1", 0, token), h.backend, h.registry, CLOCK)
                .map(server -> {
                    h.server = server;
                    return h;
                });
    }

    int port() {
        return server.port();
    }

    /** A request carrying the configured token, if any. */
    Future<HttpResponse<Buffer>> request(HttpMethod method, String path) {
        return request(method, path, token.map(t -> "Bearer " + t), null);
    }

    Future<HttpResponse<Buffer>> get(String path) {
        return request(HttpMethod.GET, path);
    }

    Future<HttpResponse<Buffer>> delete(String path) {
        return request(HttpMethod.DELETE, path);
    }

    /** POSTs a JSON body: a String is sent as is (to test malformed bodies), anything else encoded. */
    Future<HttpResponse<Buffer>> post(String path, Object body) {
        String text = body instanceof String s ? s : Json.encode(body);
        return request(HttpMethod.POST, path, token.map(t -> "Bearer " + t), Buffer.buffer(text));
    }

    Future<HttpResponse<Buffer>> request(HttpMethod method, String path, Optional<String> authorization, Buffer body) {
        HttpRequest<Buffer> request = client.request(method, port(), "127.0.0.1", path);
        authorization.ifPresent(a -> request.putHeader("Authorization", a));
        if (body == null) {
            return request.send();
        }
        return request.putHeader("Content-Type", "application/json").sendBuffer(body);
    }
}
