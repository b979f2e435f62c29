package dev.passerelle.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.spi.Health;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AdminHealthAndMetricsTest {

    private static final java.time.Instant SINCE = AdminHarness.NOW.minusSeconds(30);

    @Test
    void readyFollowsEveryConnectorAndTheStore(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.backend.health.put("xmpp", Health.up(SINCE));
            h.backend.health.put("matrix", Health.connecting(SINCE, "waiting for the homeserver"));
            return h.get("/health").map(r -> {
                assertThat(r.statusCode()).isEqualTo(503);
                JsonObject body = r.bodyAsJsonObject();
                assertThat(body.getBoolean("live")).isTrue();
                assertThat(body.getBoolean("ready")).isFalse();
                assertThat(body.getJsonObject("store").getBoolean("healthy")).isTrue();
                JsonObject matrix = body.getJsonObject("connectors").getJsonObject("matrix");
                assertThat(matrix.getString("state")).isEqualTo("CONNECTING");
                assertThat(matrix.getBoolean("ready")).isFalse();
                assertThat(matrix.getString("detail")).isEqualTo("waiting for the homeserver");
                assertThat(matrix.getString("since")).isEqualTo(SINCE.toString());
                assertThat(body.getJsonObject("connectors").getJsonObject("xmpp").getString("state")).isEqualTo("UP");
                h.backend.health.put("matrix", Health.up(SINCE));
                return h;
            }).compose(x -> h.get("/health")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.bodyAsJsonObject().getBoolean("ready")).isTrue();
                h.store.setHealthy(false);
                return h;
            }).compose(x -> h.get("/health")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.bodyAsJsonObject().getJsonObject("store").getBoolean("healthy")).isFalse();
                h.store.setHealthy(true);
                h.backend.health.put("xmpp", Health.down(SINCE, "stream error: conflict"));
                return h;
            }).compose(x -> h.get("/health")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.bodyAsJsonObject().getJsonObject("connectors").getJsonObject("xmpp").getString("state"))
                        .isEqualTo("DOWN");
                return h;
            }).compose(x -> h.get("/health/live")).map(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.bodyAsJsonObject().getBoolean("live")).isTrue();
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void withoutConnectorsReadyMeansTheStoreAnswers(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.get("/health").map(r -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject().getJsonObject("connectors").isEmpty()).isTrue();
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void metricsArePrometheusTextWithRegisteredMeters(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> {
            h.registry.counter("passerelle.test.events", "network", "xmpp").increment(3);
            return h.get("/metrics").map(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.getHeader("Content-Type")).startsWith("text/plain");
                assertThat(r.bodyAsString()).contains("# TYPE passerelle_test_events_total counter")
                        .contains("passerelle_test_events_total{network=\"xmpp\"} 3.0");
                return null;
            });
        }).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void unknownPathsAndMethodsAnswerInJson(Vertx vertx, VertxTestContext ctx) {
        AdminHarness.start(vertx, Optional.empty()).compose(h -> h.get("/nope").map(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("/nope");
            return h;
        }).compose(x -> h.request(io.vertx.core.http.HttpMethod.PUT, "/health")).map(r -> {
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.bodyAsJsonObject().getString("error")).contains("PUT");
            return null;
        })).onComplete(ctx.succeedingThenComplete());
    }
}
