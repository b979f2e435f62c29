package dev.passerelle.connector.matrix.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.passerelle.connector.matrix.client.WireMockHomeserver.await;
import static dev.passerelle.connector.matrix.client.WireMockHomeserver.failure;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import dev.passerelle.core.testing.MutableClock;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How homeserver errors and network failures become the core's reasons, and that no token leaks into them. */
class MatrixClientFailuresTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Optional<MatrixUserId> GHOST = Optional.of(MatrixUserId.parse("@_g:hs.example"));

    private WireMockHomeserver hs;

    @BeforeEach
    void start() {
        hs = new WireMockHomeserver(new MutableClock(NOW));
    }

    @AfterEach
    void stop() {
        hs.close();
    }

    private void answer(int status, String body) {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    private Future<String> send() {
        return hs.client.send(GHOST, "!r:hs.example", "m.room.message", "txn-1",
                JsonNodeFactory.instance.objectNode().put("body", "hi"));
    }

    private MatrixApiException apiFailure() {
        Throwable failure = failure(send());
        assertThat(failure).isInstanceOf(MatrixApiException.class);
        assertThat(failure.getMessage()).doesNotContain(WireMockHomeserver.TOKEN).contains("PUT /_matrix/client/v3/rooms/");
        return (MatrixApiException) failure;
    }

    @Test
    void userInUseCountsAsRegistered() {
        answer(400, "{\"errcode\":\"M_USER_IN_USE\",\"error\":\"User ID already taken.\"}");
        await(hs.client.registerGhost("_xmpp_bob"));
    }

    @Test
    void otherRegistrationErrorsFail() {
        answer(400, "{\"errcode\":\"M_EXCLUSIVE\",\"error\":\"not in namespace\"}");
        Throwable failure = failure(hs.client.registerGhost("bob"));
        assertThat(failure).isInstanceOf(MatrixApiException.class);
        assertThat(((MatrixApiException) failure).reason()).isEqualTo(Reason.PERMANENT);
        assertThat(((MatrixApiException) failure).errcode()).contains("M_EXCLUSIVE");
    }

    @Test
    void rateLimitedIsTransientWithTheDelayOfTheBody() {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "60")
                .withBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\",\"retry_after_ms\":2500}")));
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.errcode()).contains("M_LIMIT_EXCEEDED");
        assertThat(e.retryAfter()).contains(Duration.ofMillis(2500));
        assertThat(e.getMessage()).contains("429", "M_LIMIT_EXCEEDED", "Too many requests");
    }

    @Test
    void retryAfterHeaderInSecondsWhenTheBodyHasNoDelay() {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")
                .withBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\"}")));
        assertThat(apiFailure().retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterHeaderAsAnHttpDate() {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "Sun, 01 Mar 2026 12:00:42 GMT").withBody("busy")));
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(e.errcode()).isEmpty();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(42));
    }

    @Test
    void badGatewayIsTransientWithoutADelay() {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502).withBody("<html>bad gateway</html>")));
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(e.status()).isEqualTo(502);
        assertThat(e.retryAfter()).isEmpty();
    }

    @Test
    void forbiddenIsPermanent() {
        answer(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not in room\"}");
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("403 M_FORBIDDEN: not in room");
    }

    @Test
    void unknownTokenIsAuthAndTheEchoedTokenIsScrubbed() {
        answer(401, "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Unrecognised access token " + WireMockHomeserver.TOKEN
                + "\"}");
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.AUTH);
        assertThat(e.getMessage()).contains("M_UNKNOWN_TOKEN", "Unrecognised access token");
        assertThat(String.valueOf(e)).doesNotContain(WireMockHomeserver.TOKEN);
    }

    @Test
    void missingTokenIsAuth() {
        answer(401, "{\"errcode\":\"M_MISSING_TOKEN\",\"error\":\"Missing access token\"}");
        assertThat(apiFailure().reason()).isEqualTo(Reason.AUTH);
    }

    @Test
    void tooLargeIsPermanent() {
        answer(413, "{\"errcode\":\"M_TOO_LARGE\",\"error\":\"event too large\"}");
        MatrixApiException e = apiFailure();
        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(e.errcode()).contains("M_TOO_LARGE");
    }

    @Test
    void notFoundIsNotFound() {
        answer(404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Unknown room\"}");
        assertThat(apiFailure().reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void malformedRequestsAreInvalid() {
        answer(400, "{\"errcode\":\"M_BAD_JSON\",\"error\":\"bad\"}");
        assertThat(apiFailure().reason()).isEqualTo(Reason.INVALID);
    }

    @Test
    void reasonsOfTheRemainingCodes() {
        assertThat(Failures.reason(400, Optional.of("M_INVALID_PARAM"))).isEqualTo(Reason.INVALID);
        assertThat(Failures.reason(400, Optional.of("M_NOT_JSON"))).isEqualTo(Reason.INVALID);
        assertThat(Failures.reason(404, Optional.of("M_UNRECOGNIZED"))).isEqualTo(Reason.UNSUPPORTED);
        assertThat(Failures.reason(400, Optional.of("M_LIMIT_EXCEEDED"))).isEqualTo(Reason.TRANSIENT);
        assertThat(Failures.reason(500, Optional.of("M_UNKNOWN"))).isEqualTo(Reason.TRANSIENT);
        assertThat(Failures.reason(401, Optional.empty())).isEqualTo(Reason.AUTH);
        assertThat(Failures.reason(409, Optional.empty())).isEqualTo(Reason.PERMANENT);
    }

    @Test
    void anAnswerOverTheResponseCapFailsWithoutReadingIt() {
        answer(200, "{\"event_id\":\"$" + "x".repeat(70 * 1024) + "\"}");
        Throwable failure = failure(send());
        assertThat(failure).isInstanceOf(GatewayException.class).hasMessageContaining("larger than");
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.PERMANENT);
    }

    @Test
    void aResetConnectionIsTransient() {
        hs.server.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        Throwable failure = failure(send());
        assertThat(failure).isInstanceOf(GatewayException.class).isNotInstanceOf(MatrixApiException.class);
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(failure.getMessage()).doesNotContain(WireMockHomeserver.TOKEN);
    }

    @Test
    void aRefusedConnectionIsTransient() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ClientSettings settings = ClientSettings.of(URI.create("http://127.0.0.1:" + port), WireMockHomeserver.TOKEN);
        try (MatrixClient refused = new MatrixClient(hs.vertx, settings)) {
            Throwable failure = failure(refused.leave(GHOST, "!r:hs.example"));
            assertThat(failure).isInstanceOf(GatewayException.class);
            assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.TRANSIENT);
            assertThat(failure.getMessage()).contains("POST /_matrix/client/v3/rooms/%21r%3Ahs.example/leave")
                    .doesNotContain(WireMockHomeserver.TOKEN);
        }
    }

    @Test
    void aClosedClientRefusesCalls() {
        hs.client.close();
        assertThat(failure(send())).isInstanceOf(IllegalStateException.class);
    }
}
