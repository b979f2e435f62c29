package dev.passerelle.connector.matrix.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Results come back on the Vert.x context that made the call, successes and failures alike. */
class MatrixClientContextTest {

    private WireMockHomeserver hs;

    @BeforeEach
    void start() {
        hs = new WireMockHomeserver();
        hs.server.stubFor(any(urlPathMatching(".*/join/%23ok.*")).willReturn(okJson("{\"room_id\":\"!x:hs.example\"}")));
        hs.server.stubFor(any(urlPathMatching(".*/join/%23bad.*")).willReturn(aResponse().withStatus(503)));
    }

    @AfterEach
    void stop() {
        hs.close();
    }

    @Test
    void eventLoopCallsCompleteOnTheirOwnContext() throws Throwable {
        VertxTestContext test = new VertxTestContext();
        var done = test.checkpoint(2);
        Context context = hs.vertx.getOrCreateContext();
        context.runOnContext(v -> {
            hs.client.join(Optional.empty(), "#ok/1").onComplete(result -> test.verify(() -> {
                assertThat(result.succeeded()).isTrue();
                assertThat(Vertx.currentContext()).isSameAs(context);
                assertThat(Context.isOnEventLoopThread()).isTrue();
                done.flag();
            }));
            hs.client.join(Optional.empty(), "#bad/1").onComplete(result -> test.verify(() -> {
                assertThat(result.failed()).isTrue();
                assertThat(Vertx.currentContext()).isSameAs(context);
                done.flag();
            }));
        });
        assertThat(test.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
        if (test.failed()) {
            throw test.causeOfFailure();
        }
    }

    @Test
    void workerCallsCompleteOnTheWorkerContext() throws Throwable {
        VertxTestContext test = new VertxTestContext();
        hs.vertx.executeBlocking(() -> {
            Context worker = Vertx.currentContext();
            hs.client.join(Optional.empty(), "#ok/2").onComplete(result -> test.verify(() -> {
                assertThat(result.succeeded()).isTrue();
                assertThat(Vertx.currentContext()).isSameAs(worker);
                test.completeNow();
            }));
            return null;
        });
        assertThat(test.awaitCompletion(15, TimeUnit.SECONDS)).isTrue();
        if (test.failed()) {
            throw test.causeOfFailure();
        }
    }
}
