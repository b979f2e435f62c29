package dev.passerelle.connector.matrix.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OkHttp client is sized from the settings and released on close. */
class TransportTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() {
        WireMockHomeserver.await(vertx.close());
    }

    @Test
    void poolAndDispatcherFollowTheSettings() {
        ClientSettings settings = new ClientSettings(URI.create("https://hs.example"), "t", 7, Duration.ofSeconds(12),
                4096);
        try (Transport transport = new Transport(vertx, settings, Clock.systemUTC())) {
            OkHttpClient http = transport.http();
            assertThat(http.dispatcher().getMaxRequests()).isEqualTo(7);
            assertThat(http.dispatcher().getMaxRequestsPerHost()).isEqualTo(7);
            assertThat(http.callTimeoutMillis()).isEqualTo(12_000);
            assertThat(http.readTimeoutMillis()).isEqualTo(12_000);
        }
    }

    @Test
    void closeShutsTheDispatcherDown() {
        Transport transport = new Transport(vertx, ClientSettings.of(URI.create("https://hs.example"), "t"),
                Clock.systemUTC());
        transport.close();
        assertThat(transport.http().dispatcher().executorService().isShutdown()).isTrue();
        assertThat(transport.http().connectionPool().connectionCount()).isZero();
    }
}
