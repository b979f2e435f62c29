package dev.passerelle.connector.dma.transport;

import static dev.passerelle.connector.dma.transport.Providers.client;
import static dev.passerelle.connector.dma.transport.Providers.trust;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many requests in a row from one client to one server, so that they share kept-alive connections, each made on
 * another Vert.x context (as a caller outside Vert.x, or several verticles, do), mixing successes, handler
 * failures, refusals after the body and answers given before the body was read. Every one must be answered.
 */
@Tag("feature:mimi-transport")
@ExtendWith(VertxExtension.class)
class KeptAliveConnectionTest {

    static final int ROUNDS = 40;

    @TempDir
    Path dir;

    Vertx vertx;
    MimiServer server;
    MimiHttpClient client;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        TestCa ca = TestCa.create(dir, "Test CA");
        TestCa.Issued aCert = ca.issue("a.test");
        TestCa.Issued bCert = ca.issue("b.test");
        PeerRoutes routes = PeerRoutes.none()
                .post("/ok/:n", r -> Future.succeededFuture(PeerReply.ok("application/json",
                        new JsonObject().put("n", r.pathParam("n")).put("size", r.body().length()).toBuffer())))
                .post("/throws/:n", r -> {
                    throw new GatewayException(GatewayException.Reason.INVALID, "bad body " + r.pathParam("n"));
                })
                .post("/fails/:n", r -> Future.failedFuture(new IllegalStateException("broken " + r.pathParam("n"))))
                .post("/claims/:n", r -> {
                    r.requireDomain("c.test");
                    return Future.succeededFuture(PeerReply.empty(204));
                });
        server = new MimiServer(vertx, new MimiServerSettings("127.0.0.1", 0, 1024),
                trust(aCert, ca.caBundle(), Set.of("b.test"), Map.of()), routes, () -> Buffer.buffer("{}"),
                new SimpleMeterRegistry());
        int port = get(server.start());
        client = client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()), "a.test", port);
    }

    @AfterEach
    void stop() throws Exception {
        get(Future.all(client.close(), server.stop()));
    }

    private record Call(String path, int bodyBytes, int status) {
    }

    @Test
    void everyRequestFromOutsideVertxIsAnsweredWhateverTheCallBeforeItOnTheConnection() throws Exception {
        // Called from the test thread, outside Vert.x: each call is made on a new context.
        for (Call call : calls()) {
            assertAnswered(call, client.post("a.test", call.path(), Buffer.buffer(new byte[call.bodyBytes()]),
                    "application/octet-stream"));
        }
    }

    @Test
    void everyRequestFromAnotherContextIsAnsweredAndOnItsContext() throws Exception {
        for (Call call : calls()) {
            Context context = vertx.getOrCreateContext();
            Promise<PeerResponse> answer = Promise.promise();
            context.runOnContext(v -> client.post("a.test", call.path(), Buffer.buffer(new byte[call.bodyBytes()]),
                    "application/octet-stream").onComplete(ar -> {
                        if (Vertx.currentContext() != context) {
                            answer.fail(new AssertionError("answered on another context"));
                        } else {
                            answer.handle(ar);
                        }
                    }));
            assertAnswered(call, answer.future());
        }
    }

    private static List<Call> calls() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            calls.add(new Call("/ok/" + i, 10, 200));
            calls.add(new Call("/throws/" + i, 7, 400));
            calls.add(new Call("/ok/" + i, 0, 200));
            calls.add(new Call("/fails/" + i, 3, 500));
            calls.add(new Call("/claims/" + i, 5, 403));
            calls.add(new Call("/ok/" + i, 900, 200));
            // Answered before the body is read: over the limit, a path Vert.x Web cannot decode.
            calls.add(new Call("/ok/" + i, 4096, 413));
            calls.add(new Call("/ok/%ZZ" + i, 20, 400));
            calls.add(new Call("/nowhere/" + i, 1, 404));
        }
        return calls;
    }

    private static void assertAnswered(Call call, Future<PeerResponse> answer) throws Exception {
        int status;
        try {
            status = answer.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).status();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as(call.toString()).isInstanceOf(PeerHttpException.class);
            PeerHttpException refused = (PeerHttpException) e.getCause();
            assertThat(refused.body().toJsonObject().getString("detail")).as(call.toString()).isNotBlank();
            status = refused.status();
        }
        assertThat(status).as(call.toString()).isEqualTo(call.status());
    }

    @Test
    void aPathWithABadEscapeIsABadRequestWithItsReason() throws Exception {
        try {
            get(client.post("a.test", "/ok/%ZZ", Buffer.buffer("x"), "application/octet-stream"));
            org.assertj.core.api.Assertions.fail("a bad escape was accepted");
        } catch (PeerHttpException e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.body().toJsonObject().getString("error")).isEqualTo("invalid");
            assertThat(e.body().toJsonObject().getString("detail")).contains("/ok/%ZZ", "percent-escape");
        }
        assertThat(MimiServer.escapesValid("/v1/update/mimi%3A%2F%2Fa.test")).isTrue();
        assertThat(MimiServer.escapesValid("/v1/update/%2")).isFalse();
        assertThat(MimiServer.escapesValid("/v1/update/%")).isFalse();
        assertThat(MimiServer.escapesValid("/v1/update/%g0")).isFalse();
    }

    private static <T> T get(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }
}
