package dev.passerelle.connector.dma.transport;

import static dev.passerelle.connector.dma.transport.Providers.NOTIFY;
import static dev.passerelle.connector.dma.transport.Providers.client;
import static dev.passerelle.connector.dma.transport.Providers.refused;
import static dev.passerelle.connector.dma.transport.Providers.server;
import static dev.passerelle.connector.dma.transport.Providers.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two providers, a.test and b.test, on loopback with certificates from a CA made for the test. */
@Tag("feature:mimi-transport")
@ExtendWith(VertxExtension.class)
class MimiTransportTest {

    @TempDir
    Path dir;

    TestCa ca;
    TestCa.Issued aCert;
    TestCa.Issued bCert;
    SimpleMeterRegistry aMeters = new SimpleMeterRegistry();
    SimpleMeterRegistry bMeters = new SimpleMeterRegistry();
    int aPort;
    int bPort;

    @BeforeEach
    void startProviders(Vertx vertx, VertxTestContext ctx) {
        ca = TestCa.create(dir, "Test CA");
        aCert = ca.issue("a.test");
        bCert = ca.issue("b.test");
        MimiServer a = server(vertx, trust(aCert, ca.caBundle(), Set.of("b.test"), Map.of()), "a.test", 1024, aMeters);
        MimiServer b = server(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()), "b.test", 1024, bMeters);
        Future.all(a.start(), b.start()).onComplete(ctx.succeeding(ports -> {
            aPort = ports.resultAt(0);
            bPort = ports.resultAt(1);
            ctx.completeNow();
        }));
    }

    private static Buffer claim(String provider) {
        return new JsonObject().put("provider", provider).toBuffer();
    }

    /** A client of B's (allowed to call a.test only) with the given certificate, aimed at A. */
    private MimiHttpClient callerOfA(Vertx vertx, TestCa.Issued cert) {
        return client(vertx, trust(cert, ca.caBundle(), Set.of("a.test"), Map.of()), "a.test", aPort);
    }

    @Test
    void twoProvidersCallEachOther(Vertx vertx, VertxTestContext ctx) {
        MimiHttpClient fromA = client(vertx, trust(aCert, ca.caBundle(), Set.of("b.test"), Map.of()), "b.test", bPort);
        MimiHttpClient fromB = callerOfA(vertx, bCert);
        Future.all(fromA.post("b.test", NOTIFY, claim("a.test"), "application/json"),
                fromB.post("a.test", NOTIFY, claim("b.test"), "application/json"))
                .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
                    PeerResponse atB = both.resultAt(0);
                    PeerResponse atA = both.resultAt(1);
                    assertThat(atB.status()).isEqualTo(200);
                    assertThat(atB.body().toJsonObject().getString("peer")).isEqualTo("a.test");
                    assertThat(atA.body().toJsonObject().getString("peer")).isEqualTo("b.test");
                    ctx.completeNow();
                })));
    }

    @Test
    void theDirectoryDocumentIsServed(Vertx vertx, VertxTestContext ctx) {
        callerOfA(vertx, bCert).get("a.test", MimiServer.DIRECTORY_PATH)
                .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                    assertThat(r.contentType()).isEqualTo("application/json");
                    assertThat(r.body().toJsonObject()).isEqualTo(Providers.directory("a.test"));
                    ctx.completeNow();
                })));
    }

    @Test
    void aPeerNotAllowedIsRefusedAndCounted(Vertx vertx, VertxTestContext ctx) {
        callerOfA(vertx, ca.issue("c.test")).post("a.test", NOTIFY, claim("c.test"), "application/json")
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(t).isInstanceOf(PeerHttpException.class);
                    PeerHttpException e = (PeerHttpException) t;
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.reason()).isEqualTo(GatewayException.Reason.AUTH);
                    assertThat(e.body().toJsonObject().getString("error")).isEqualTo("unknown-peer");
                    assertThat(refused(aMeters, RefusalReason.UNKNOWN_PEER)).isEqualTo(1.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void aBodyClaimingAnotherProviderIsRefused(Vertx vertx, VertxTestContext ctx) {
        callerOfA(vertx, bCert).post("a.test", NOTIFY, claim("c.test"), "application/json")
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    PeerHttpException e = (PeerHttpException) t;
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.body().toJsonObject().getString("error")).isEqualTo("domain-mismatch");
                    assertThat(refused(aMeters, RefusalReason.DOMAIN_MISMATCH)).isEqualTo(1.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void aSelfSignedClientCertificateFailsTheHandshake(Vertx vertx, VertxTestContext ctx) throws Exception {
        assertHandshakeRefused(vertx, ctx, TestCa.selfSigned(dir, "b.test"));
    }

    @Test
    void aClientCertificateFromAnotherCaFailsTheHandshake(Vertx vertx, VertxTestContext ctx) throws Exception {
        assertHandshakeRefused(vertx, ctx, TestCa.create(dir, "Other CA").issue("b.test"));
    }

    @Test
    void anExpiredClientCertificateFailsTheHandshake(Vertx vertx, VertxTestContext ctx) throws Exception {
        assertHandshakeRefused(vertx, ctx, ca.issueExpired("b.test"));
    }

    private void assertHandshakeRefused(Vertx vertx, VertxTestContext ctx, TestCa.Issued cert) throws Exception {
        callerOfA(vertx, cert).post("a.test", NOTIFY, claim("b.test"), "application/json")
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(t).isNotInstanceOf(PeerHttpException.class);
                    assertThat(((GatewayException) t).reason()).isEqualTo(GatewayException.Reason.AUTH);
                    ctx.completeNow();
                })));
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> refused(aMeters, RefusalReason.TLS_HANDSHAKE) == 1.0);
    }

    @Test
    void aClientWithoutCertificateFailsTheHandshake(Vertx vertx, VertxTestContext ctx) throws Exception {
        PeerTrust b = trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of());
        HttpClient bare = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(b.trustOptions()));
        bare.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("a.test").setPort(aPort)
                        .setServer(SocketAddress.inetSocketAddress(aPort, "127.0.0.1"))
                        .setURI(MimiServer.DIRECTORY_PATH))
                .compose(req -> req.send())
                .compose(resp -> resp.body())
                .onComplete(ctx.failing(t -> ctx.completeNow()));
        assertThat(ctx.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> refused(aMeters, RefusalReason.TLS_HANDSHAKE) == 1.0);
    }

    @Test
    void aServerWithACertificateForAnotherDomainIsRefused(Vertx vertx, VertxTestContext ctx) {
        TestCa.Issued wrong = ca.issue("x.test");
        MimiServer impostor = server(vertx, trust(wrong, ca.caBundle(), Set.of("b.test"), Map.of()), "x.test", 1024,
                new SimpleMeterRegistry());
        impostor.start()
                .compose(port -> client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()), "a.test", port)
                        .post("a.test", NOTIFY, claim("b.test"), "application/json"))
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(((GatewayException) t).reason()).isEqualTo(GatewayException.Reason.AUTH);
                    ctx.completeNow();
                })));
    }

    @Test
    void aServerNamedOnlyInItsCommonNameIsRefused(Vertx vertx, VertxTestContext ctx) {
        // The JDK's own host check falls back to the common name; the peer identity check must not.
        TestCa.Issued cnOnly = ca.issueCommonNameOnly("a.test");
        HttpServer impostor = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cnOnly.certChain().toString())
                        .setKeyPath(cnOnly.key().toString())))
                .requestHandler(req -> ctx.failNow("the request reached a server that is not a.test"));
        impostor.listen()
                .compose(s -> client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()), "a.test",
                        s.actualPort()).post("a.test", NOTIFY, claim("b.test"), "application/json"))
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(t).isInstanceOf(PeerRefusedException.class);
                    assertThat(((PeerRefusedException) t).refusal()).isEqualTo(RefusalReason.DOMAIN_MISMATCH);
                    ctx.completeNow();
                })));
    }

    @Test
    void aServerWhoseKeyIsNotThePinnedOneIsRefusedBeforeTheRequestIsSent(Vertx vertx, VertxTestContext ctx) {
        String otherPin = ca.issue("a.test").spkiPin();
        MimiHttpClient pinned = client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of("a.test", otherPin)),
                "a.test", aPort);
        pinned.post("a.test", NOTIFY, claim("b.test"), "application/json")
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(t).isInstanceOf(PeerRefusedException.class);
                    assertThat(((PeerRefusedException) t).refusal()).isEqualTo(RefusalReason.PIN_MISMATCH);
                    assertThat(((GatewayException) t).reason()).isEqualTo(GatewayException.Reason.AUTH);
                    ctx.completeNow();
                })));
    }

    @Test
    void aClientWhoseKeyIsNotThePinnedOneIsRefusedByTheServer(Vertx vertx, VertxTestContext ctx) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        String otherPin = ca.issue("b.test").spkiPin();
        MimiServer strict = server(vertx, trust(aCert, ca.caBundle(), Set.of("b.test"), Map.of("b.test", otherPin)),
                "a.test", 1024, meters);
        strict.start()
                .compose(port -> callerOfA(vertx, bCert).post("a.test", NOTIFY, claim("b.test"), "application/json")
                        .recover(t -> Future.succeededFuture(null))
                        .compose(ignored -> client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()),
                                "a.test", port).post("a.test", NOTIFY, claim("b.test"), "application/json")))
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    PeerHttpException e = (PeerHttpException) t;
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.body().toJsonObject().getString("error")).isEqualTo("pin-mismatch");
                    assertThat(refused(meters, RefusalReason.PIN_MISMATCH)).isEqualTo(1.0);
                    ctx.completeNow();
                })));
    }

    @Test
    void anOversizedBodyIs413AndTheServerKeepsServing(Vertx vertx, VertxTestContext ctx) {
        MimiHttpClient fromB = callerOfA(vertx, bCert);
        JsonObject big = new JsonObject().put("provider", "b.test").put("pad", "x".repeat(4096));
        fromB.post("a.test", NOTIFY, big.toBuffer(), "application/json")
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    PeerHttpException e = (PeerHttpException) t;
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.reason()).isEqualTo(GatewayException.Reason.INVALID);
                    assertThat(refused(aMeters, RefusalReason.BODY_TOO_LARGE)).isEqualTo(1.0);
                    fromB.post("a.test", NOTIFY, claim("b.test"), "application/json")
                            .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
                                assertThat(r.status()).isEqualTo(200);
                                ctx.completeNow();
                            })));
                })));
    }

    @Test
    void aPeerThatClosesTheConnectionBeforeTheHandshakeIsRetriedNotRefused(Vertx vertx, VertxTestContext ctx) {
        // A provider starting up or going down: its port takes the connection and closes it without a word.
        assertTransientWhenThePeerHangsUp(vertx, ctx, false);
    }

    @Test
    void aPeerKilledInTheMiddleOfTheHandshakeIsRetriedNotRefused(Vertx vertx, VertxTestContext ctx) {
        // The peer read our ClientHello and died: no alert, no certificate verdict, only a closed connection.
        assertTransientWhenThePeerHangsUp(vertx, ctx, true);
    }

    private void assertTransientWhenThePeerHangsUp(Vertx vertx, VertxTestContext ctx, boolean afterClientHello) {
        NetServer hangsUp = vertx.createNetServer().connectHandler(socket -> {
            if (afterClientHello) {
                socket.handler(hello -> socket.close());
            } else {
                socket.close();
            }
        });
        hangsUp.listen(0, "127.0.0.1")
                .compose(s -> client(vertx, trust(bCert, ca.caBundle(), Set.of("a.test"), Map.of()), "a.test",
                        s.actualPort()).post("a.test", NOTIFY, claim("b.test"), "application/json"))
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(((GatewayException) t).reason()).as("%s", t).isEqualTo(GatewayException.Reason.TRANSIENT);
                    ctx.completeNow();
                })));
    }

    @Test
    void aDomainThatIsNotAnAllowedPeerIsNotCalled(Vertx vertx, VertxTestContext ctx) {
        callerOfA(vertx, bCert).get("c.test", MimiServer.DIRECTORY_PATH)
                .onComplete(ctx.failing(t -> ctx.verify(() -> {
                    assertThat(((PeerRefusedException) t).refusal()).isEqualTo(RefusalReason.UNKNOWN_PEER);
                    ctx.completeNow();
                })));
    }
}
