package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.core.media.Media;
import dev.passerelle.core.media.MediaException;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.media.MediaSettings;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Encrypted MIMI attachments are downloaded, checked and decrypted for the media service. */
@Tag("feature:attachment")
@Tag("direction:mimi-to-xmpp")
class EncryptedMediaFetcherTest {

    private static final byte[] PLAIN = "a picture of the VPN rack, trust me".repeat(100).getBytes();
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = new byte[16];
    private final byte[] nonce = new byte[12];
    private Vertx vertx;
    private HttpServer server;
    private byte[] ciphertext;
    private int port;

    @BeforeEach
    void serveTheCiphertext() throws Exception {
        random.nextBytes(key);
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        ciphertext = cipher.doFinal(PLAIN);
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(req -> {
            if (req.path().equals("/blob")) {
                req.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(ciphertext));
            } else {
                req.response().setStatusCode(404).end();
            }
        });
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private EncryptedMediaFetcher fetcher(long maxBytes, boolean loopbackAllowed) {
        return new EncryptedMediaFetcher(vertx, null, maxBytes, Duration.ofSeconds(10), a -> loopbackAllowed);
    }

    private URI ref(String path, byte[] withKey, byte[] hash, long size) {
        return new EncryptedPartUri("http://127.0.0.1:" + port + path, "image/png", withKey, nonce, new byte[0],
                hash, size).toUri();
    }

    private byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] read(MediaSource source) throws Exception {
        Buffer all = Buffer.buffer();
        Future<Void> done = Future.future(p -> {
            source.body().handler(all::appendBuffer);
            source.body().exceptionHandler(p::tryFail);
            source.body().endHandler(v -> p.tryComplete());
            source.body().resume();
        });
        await(done);
        return all.getBytes();
    }

    private Throwable failure(Future<?> f) throws Exception {
        Future<Throwable> cause = f.transform(ar -> Future.succeededFuture(ar.failed() ? ar.cause() : null));
        Throwable t = await(cause);
        assertThat(t).as("the fetch should have failed").isNotNull();
        // The key and the reference that carries it never appear in what a log or an error body would show.
        String hexKey = HexFormat.of().formatHex(key);
        String b64Key = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(hexKey).doesNotContain(b64Key)
                    .doesNotContain("mimi-enc:");
        }
        return t;
    }

    @Test
    void thePlaintextIsServedWithTheSignedType() throws Exception {
        MediaSource source = await(fetcher(1 << 20, true).fetch(ref("/blob", key, sha256(ciphertext),
                ciphertext.length)));
        assertThat(source.mediaType()).isEqualTo("image/png");
        assertThat(source.length()).hasValue(PLAIN.length);
        assertThat(read(source)).isEqualTo(PLAIN);
    }

    @Test
    void throughTheMediaServiceASignedUrlServesThePlaintext() throws Exception {
        MediaService media = Media.create(vertx, MediaSettings.defaults(URI.create("https://media.a.test/"),
                new byte[MediaSettings.MIN_KEY_BYTES]), new SimpleMeterRegistry(), Clock.systemUTC());
        media.register(fetcher(1 << 20, true));
        URI signed = media.publicUrl(ref("/blob", key, new byte[0], 0), "image/png");
        assertThat(signed.toString()).doesNotContain(HexFormat.of().formatHex(key));
        MediaSource source = await(media.open(signed));
        assertThat(read(source)).isEqualTo(PLAIN);
    }

    @Test
    void aWrongKeyIsRefusedWithoutTheKey() throws Exception {
        byte[] wrong = key.clone();
        wrong[0] ^= 1;
        Throwable t = failure(fetcher(1 << 20, true).fetch(ref("/blob", wrong, new byte[0], 0)));
        assertThat(t).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.reason()).isEqualTo(GatewayException.Reason.PERMANENT);
            assertThat(e.getMessage()).contains("does not decrypt with its key and nonce");
        });
        String hexWrong = HexFormat.of().formatHex(wrong);
        assertThat(t.getMessage()).doesNotContain(hexWrong);
    }

    @Test
    void aWrongHashIsRefusedBeforeDecrypting() throws Exception {
        Throwable t = failure(fetcher(1 << 20, true).fetch(ref("/blob", key, sha256(PLAIN), 0)));
        assertThat(t).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.reason()).isEqualTo(GatewayException.Reason.PERMANENT);
            assertThat(e.getMessage()).isEqualTo("the downloaded part does not match its SHA-256 hash");
        });
    }

    @Test
    void anOversizedPartIsRefusedWhileDownloadingOrFromItsDeclaredSize() throws Exception {
        Throwable t = failure(fetcher(ciphertext.length - 1, true).fetch(ref("/blob", key, new byte[0], 0)));
        assertThat(t).isInstanceOf(GatewayException.class)
                .hasMessage("the encrypted part is over the cap of " + (ciphertext.length - 1) + " bytes");
        Throwable declared = failure(fetcher(100, true).fetch(ref("/blob", key, new byte[0], 101)));
        assertThat(declared).hasMessage("the encrypted part declares 101 bytes, over the cap of 100");
    }

    @Test
    void throughTheMediaServiceAFailureIsAMediaException() throws Exception {
        MediaService media = Media.create(vertx, MediaSettings.defaults(URI.create("https://media.a.test/"),
                new byte[MediaSettings.MIN_KEY_BYTES]), new SimpleMeterRegistry(), Clock.systemUTC());
        media.register(fetcher(1 << 20, true));
        Throwable t = failure(media.open(media.publicUrl(ref("/blob", key, sha256(PLAIN), 0), "image/png")));
        assertThat(t).isInstanceOfSatisfying(MediaException.class,
                e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.UPSTREAM_FAILED));
        assertThat(t.getCause()).hasMessageContaining("SHA-256");
    }

    @Test
    void addressesTheRuleRefusesAreNotConnectedTo() throws Exception {
        Throwable t = failure(fetcher(1 << 20, false).fetch(ref("/blob", key, new byte[0], 0)));
        assertThat(t).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.AUTH));
    }

    @Test
    void aMissingFileOrABadReferenceIsNotFound() throws Exception {
        Throwable missing = failure(fetcher(1 << 20, true).fetch(ref("/nothing", key, new byte[0], 0)));
        assertThat(missing).isInstanceOfSatisfying(GatewayException.class, e -> {
            assertThat(e.reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("127.0.0.1 answered 404");
        });
        Throwable bad = failure(fetcher(1 << 20, true).fetch(URI.create("mimi-enc:AAAA")));
        assertThat(bad).isInstanceOfSatisfying(GatewayException.class,
                e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.NOT_FOUND));
    }
}
