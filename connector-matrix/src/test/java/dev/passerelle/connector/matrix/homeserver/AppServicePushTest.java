package dev.passerelle.connector.matrix.homeserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AppServicePushTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the tiny gateway received: method, path, Authorization header, body. */
    private record Received(String method, String path, String authorization, JsonNode body) {
    }

    private final StubHomeserver hs = StubHomeserver.start("example.org", "as-secret");
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private HttpServer gateway;

    @BeforeEach
    void startGateway(Vertx vertx) {
        gateway = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            received.add(new Received(request.method().name(), request.path(), request.getHeader("Authorization"),
                    body.length() == 0 ? null : readTree(body.toString())));
            int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end("{}");
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        hs.close();
        gateway.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The body as JSON, or as a JSON string when it is not JSON (the raw, unvalidated requests). */
    private static JsonNode readTree(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            return JsonNodeFactory.instance.textNode(text);
        }
    }

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.actualPort();
    }

    @Test
    void retriesATransactionUntilTheGatewayAcknowledgesIt() {
        failuresLeft.set(2);
        ObjectNode message = ClientEvents.text("!room:example.org", "@alice:example.org", "hello");

        TransactionResult result = hs.pushTransaction(gatewayUrl(), "hs-secret", "txn 1", List.of(message));

        assertThat(result.acknowledged()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(received).hasSize(3).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo("/_matrix/app/v1/transactions/txn%201");
            assertThat(r.authorization()).isEqualTo("Bearer hs-secret");
            assertThat(r.body().get("events").get(0)).isEqualTo(message);
        });
        hs.assertNoViolations();
    }

    @Test
    void givesUpAfterTheConfiguredAttempts() {
        failuresLeft.set(10);
        hs.retryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5));

        TransactionResult result = hs.pushTransaction(gatewayUrl(), "hs-secret", "t2", List.of());

        assertThat(result.acknowledged()).isFalse();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.status()).isEqualTo(503);
        assertThat(received).hasSize(3);
    }

    @Test
    void carriesEphemeralEventsInTheSpecsList() {
        ObjectNode typing = ClientEvents.typing("!room:example.org", "@alice:example.org");

        TransactionResult result = hs.pushTransaction(gatewayUrl(), "hs-secret", "t3", List.of(), List.of(typing));

        assertThat(result.acknowledged()).isTrue();
        assertThat(received.get(0).body().get("ephemeral").get(0)).isEqualTo(typing);
    }

    @Test
    void refusesToPushATransactionTheSpecDoesNotAllow() {
        ObjectNode noSender = ClientEvents.text("!room:example.org", "@alice:example.org", "hi");
        noSender.remove("sender");

        assertThatThrownBy(() -> hs.pushTransaction(gatewayUrl(), "hs-secret", "t4", List.of(noSender)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("sender");
        assertThat(received).isEmpty();
        assertThat(hs.violations()).singleElement().asString().contains("sendTransaction");
    }

    @Test
    void validatesTheOtherApplicationServiceCalls() {
        var user = hs.callAppService("GET", gatewayUrl(), "hs-secret", "/_matrix/app/v1/users/%40xmpp_a%3Aexample.org",
                null);
        var ping = hs.callAppService("POST", gatewayUrl(), "hs-secret", "/_matrix/app/v1/ping",
                JsonNodeFactory.instance.objectNode().put("transaction_id", "p1"));
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(received).extracting(Received::path)
                .containsExactly("/_matrix/app/v1/users/%40xmpp_a%3Aexample.org", "/_matrix/app/v1/ping");

        assertThatThrownBy(() -> hs.callAppService("GET", gatewayUrl(), "hs-secret", "/_matrix/app/v1/user/x", null))
                .isInstanceOf(AssertionError.class);
        var raw = hs.rawRequestUnvalidated("PUT", gatewayUrl() + "/_matrix/app/v1/transactions/bad",
                java.util.Map.of("Content-Type", "text/plain"), "nonsense".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(received).hasSize(3);
        assertThat(received.get(2).body().asText()).isEqualTo("nonsense");
    }
}
