package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerHttpException;
import dev.passerelle.connector.dma.transport.PeerResponse;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.transport.TrustSettings;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments in a room we host: their URLs are recorded as messages pass (ours on the way out, the peers' on the way
 * in), and proxyDownload serves them to the providers with participants in that room, and to no one else.
 */
@Tag("feature:attachment")
@Tag("direction:xmpp-to-mimi")
class ProxyDownloadTest {

    @TempDir
    Path dir;

    @Test
    void anAttachmentOfAHostedRoomIsServedToItsPeersOnly() {
        TestCa ca = TestCa.create(dir, "Test CA");
        int aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        byte[] png = "the bytes of a cat picture".getBytes(StandardCharsets.UTF_8);
        try (Gateway a = new Gateway(ca, ca.issue("a.test"), "a.test", aPort, Map.of("b.test", bPort, "c.test", 1),
                JdbcStoreConfig.h2Memory("dma-proxy-" + UUID.randomUUID()), true).start();
                Gateway b = new Gateway(ca, "b.test", bPort, Map.of("a.test", aPort)).start()) {
            TestCa.Issued assetCert = ca.issue("localhost");
            HttpServer assets = Gateway.join(a.vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().addCertPath(assetCert.certChain().toString())
                            .addKeyPath(assetCert.key().toString())))
                    .requestHandler(r -> r.response().putHeader("Content-Type", "image/png").end(
                            io.vertx.core.buffer.Buffer.buffer(png)))
                    .listen(0, "127.0.0.1"));
            Jid juliet = a.user("juliet");
            Jid romeo = b.user("romeo");
            MimiRoomUri room = a.portal();
            a.link(room);
            b.link(room);
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
            await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));
            URI url = URI.create("https://localhost:" + assets.actualPort() + "/cat.png");
            a.say(juliet, new MessageContent("a cat", Optional.empty(), List.of(Attachment.of(url, "image/png")),
                    Optional.empty()));
            b.receives(MessageSent.class, m -> m.content().text().equals("a cat"));

            MimiHttpClient asB = client(ca, a, "b.test", aPort);
            PeerResponse served = Gateway.join(asB.get("a.test", MimiEndpoint.PROXY_DOWNLOAD.path(url.toString())));
            assertThat(served.body().getBytes()).isEqualTo(png);
            assertThat(served.contentType()).isEqualTo("image/png");
            Throwable other = catchThrowable(() -> Gateway.join(asB.get("a.test",
                    MimiEndpoint.PROXY_DOWNLOAD.path("https://localhost:" + assets.actualPort() + "/dog.png"))));
            assertThat(((PeerHttpException) other).status()).isEqualTo(404);

            // c.test is a trusted peer of a.test, but has nobody in the room.
            MimiHttpClient asC = client(ca, a, "c.test", aPort);
            Throwable stranger = catchThrowable(() -> Gateway.join(asC.get("a.test",
                    MimiEndpoint.PROXY_DOWNLOAD.path(url.toString()))));
            assertThat(((PeerHttpException) stranger).status()).isEqualTo(404);
            Gateway.join(asB.close());
            Gateway.join(asC.close());
            Gateway.join(assets.close());
        }
    }

    @Test
    @Tag("feature:mimi-provider")
    @Tag("direction:hub-to-follower")
    @Tag("direction:mimi-to-xmpp")
    void anEncryptedAttachmentOnlyTheHubReachesComesThroughItsProxyDownloadDecrypted() throws Exception {
        TestCa ca = TestCa.create(dir, "Test CA");
        int aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        byte[] plain = "the plaintext of a secret cat picture".getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[16];
        byte[] nonce = new byte[12];
        SecureRandom random = new SecureRandom();
        random.nextBytes(key);
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        byte[] ciphertext = cipher.doFinal(plain);
        // a.test (the hub) may connect to loopback; b.test has the production rule, which refuses loopback.
        try (Gateway a = new Gateway(ca, ca.issue("a.test"), "a.test", aPort, Map.of("b.test", bPort),
                JdbcStoreConfig.h2Memory("dma-proxy-" + UUID.randomUUID()), true).start();
                Gateway b = new Gateway(ca, "b.test", bPort, Map.of("a.test", aPort)).start()) {
            TestCa.Issued assetCert = ca.issue("localhost");
            HttpServer assets = Gateway.join(a.vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().addCertPath(assetCert.certChain().toString())
                            .addKeyPath(assetCert.key().toString())))
                    .requestHandler(r -> r.response().putHeader("Content-Type", "application/octet-stream").end(
                            io.vertx.core.buffer.Buffer.buffer(ciphertext)))
                    .listen(0, "127.0.0.1"));
            Jid juliet = a.user("juliet");
            Jid romeo = b.user("romeo");
            MimiRoomUri room = a.portal();
            a.link(room);
            b.link(room);
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
            await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));
            URI part = new EncryptedPartUri("https://localhost:" + assets.actualPort() + "/secret.bin", "image/png",
                    key, nonce, new byte[0], MessageDigest.getInstance("SHA-256").digest(ciphertext),
                    ciphertext.length).toUri();
            a.say(juliet, new MessageContent("a secret cat", Optional.empty(), List.of(Attachment.of(part,
                    "image/png")), Optional.empty()));
            MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("a secret cat"));
            URI received = atB.content().attachments().get(0).uri();
            assertThat(EncryptedPartUri.parse(received).url()).isEqualTo("https://localhost:" + assets.actualPort()
                    + "/secret.bin");

            URI signed = b.media.publicUrl(received, "image/png");
            MediaSource source = Gateway.join(b.media.open(signed));
            assertThat(source.mediaType()).isEqualTo("image/png");
            assertThat(read(source)).isEqualTo(plain);

            // Without the hub, b.test cannot fetch it: the direct download is refused.
            Gateway.join(a.dma.stop());
            Throwable alone = catchThrowable(() -> Gateway.join(b.media.open(signed)));
            assertThat(alone).hasStackTraceContaining("an address the gateway does not connect to");
            Gateway.join(assets.close());
        }
    }

    static byte[] read(MediaSource source) {
        io.vertx.core.buffer.Buffer all = io.vertx.core.buffer.Buffer.buffer();
        Gateway.join(io.vertx.core.Future.<Void>future(p -> {
            source.body().handler(all::appendBuffer);
            source.body().exceptionHandler(p::tryFail);
            source.body().endHandler(v -> p.tryComplete());
            source.body().resume();
        }));
        return all.getBytes();
    }

    static MimiHttpClient client(TestCa ca, Gateway on, String certDomain, int port) {
        TestCa.Issued cert = ca.issue(certDomain);
        PeerTrust trust = PeerTrust.load(new TrustSettings(cert.certChain(), cert.key(), ca.caBundle(),
                Set.of("a.test"), Map.of(), false, false));
        return new MimiHttpClient(on.vertx, new MimiClientSettings(Map.of("a.test", URI.create("https://127.0.0.1:"
                + port + "/")), Duration.ofSeconds(5), Duration.ofSeconds(20), 1 << 20), trust);
    }
}
