package dev.passerelle.connector.matrix.client;

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
 * {@code @AfterEach}. The only place the tests of this package set WireMock up.
 */
final class StubHomeserver implements AutoCloseable {

    static final String TOKEN = "as-secret-token-4f1e9c";

    final WireMockServer server = new WireMockServer(options().dynamicPort());
    final Vertx vertx = Vertx.vertx();
    final MatrixClient client;

    StubHomeserver() {
        this(Clock.systemUTC());
    }

    StubHomeserver(Clock clock) {
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
    }
}
