package dev.passerelle.connector.matrix.client;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import dev.passerelle.connector.matrix.homeserver.ApiRequest;
import dev.passerelle.connector.matrix.homeserver.MatrixApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One WireMock homeserver and one client pointed at it, per test: start in {@code @BeforeEach}, close in
 * {@code @AfterEach}. The only place the tests of this package set WireMock up. Every request the client makes
 * is checked against the Matrix spec's OpenAPI definitions, and {@link #close()} fails the test if one broke it.
 */
final class WireMockHomeserver implements AutoCloseable {

    static final String TOKEN = "as-secret-token-4f1e9c";

    final WireMockServer server = new WireMockServer(options().dynamicPort());
    final Vertx vertx = Vertx.vertx();
    final MatrixClient client;
    private final List<String> violations = new CopyOnWriteArrayList<>();

    WireMockHomeserver() {
        this(Clock.systemUTC());
    }

    WireMockHomeserver(Clock clock) {
        server.addMockServiceRequestListener((request, response) -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpHeader header : request.getHeaders().all()) {
                headers.put(header.key().toLowerCase(Locale.ROOT), header.values());
            }
            // A homeserver behind a reverse proxy may sit under a path prefix; the spec's paths start at /_matrix.
            String url = request.getUrl();
            int api = url.indexOf("/_matrix/");
            violations.addAll(MatrixApi.fromSharedSpec().validate(ApiRequest.of(request.getMethod().getName(),
                    api > 0 ? url.substring(api) : url, headers, request.getBody())));
        });
        server.start();
        client = new MatrixClient(vertx, settings(), clock);
    }

    ClientSettings settings() {
        return new ClientSettings(URI.create(server.baseUrl()), TOKEN, 4, Duration.ofSeconds(10), 64 * 1024);
    }

    /** Waits on the test thread (never an event loop) for a client future. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the call did not complete", e);
        }
    }

    /** The failure of a future that must fail. */
    static Throwable failure(Future<?> future) {
        try {
            Object value = future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the call did not complete", e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.stop();
        await(vertx.close());
        if (!violations.isEmpty()) {
            throw new AssertionError("requests the Matrix spec does not allow: " + violations);
        }
    }
}
