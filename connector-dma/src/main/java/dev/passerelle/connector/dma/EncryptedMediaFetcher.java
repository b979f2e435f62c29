package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.ContentException;
import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.provider.GuardedDownload;
import dev.passerelle.core.media.MediaFetcher;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.streams.ReadStream;
import java.net.InetAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Serves the plaintext of encrypted MIMI external parts to the core's media service ({@code mimi-enc:} URIs, see
 * {@link EncryptedPartUri}): downloads the ciphertext directly (https with the JVM's or the given trust, or http:
 * the AEAD protects it either way; no redirects; only addresses the rule allows, as proxyDownload; a size cap and a
 * time limit), checks its SHA-256 against the part's hash, decrypts it with AES-128-GCM and streams the plaintext.
 * GCM authenticates only at the end, so the whole ciphertext is held in memory (within the cap) and no byte is
 * released before it verified. When the direct download is refused (an address the rule forbids) or cannot connect,
 * an https ciphertext is asked of the proxyDownload of the hub of the room it came in (protocol-06 section 5.10.2),
 * within the same cap. Refusals never quote the URI, the key or the nonce.
 */
final class EncryptedMediaFetcher implements MediaFetcher {

    private static final int TAG_BITS = 128;

    private final Vertx vertx;
    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;
    private final Predicate<InetAddress> addressAllowed;
    private final Function<URI, Future<Buffer>> viaHub;

    /** As below, with no hub to fall back on. */
    EncryptedMediaFetcher(Vertx vertx, TrustOptions trust, long maxBytes, Duration timeout,
            Predicate<InetAddress> addressAllowed) {
        this(vertx, trust, maxBytes, timeout, addressAllowed, url -> Future.failedFuture(new GatewayException(
                GatewayException.Reason.NOT_FOUND, "no hub to download through")));
    }

    /**
     * @param trust          servers trusted for https (null: the JVM's CAs)
     * @param maxBytes       largest ciphertext downloaded
     * @param addressAllowed which resolved addresses may be connected to (public ones in production)
     * @param viaHub         the ciphertext at an https URL through the proxyDownload of the hub of the room it
     *                       was sent in, for when the direct download is refused or cannot connect
     */
    EncryptedMediaFetcher(Vertx vertx, TrustOptions trust, long maxBytes, Duration timeout,
            Predicate<InetAddress> addressAllowed, Function<URI, Future<Buffer>> viaHub) {
        if (vertx == null || timeout == null || addressAllowed == null || viaHub == null || maxBytes < 1) {
            throw new IllegalArgumentException("no argument may be null and maxBytes must be positive");
        }
        this.vertx = vertx;
        HttpClientOptions options = new HttpClientOptions().setVerifyHost(true).setForceSni(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.http = vertx.createHttpClient(options);
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.addressAllowed = addressAllowed;
        this.viaHub = viaHub;
    }

    @Override
    public String scheme() {
        return EncryptedPartUri.SCHEME;
    }

    @Override
    public Future<MediaSource> fetch(URI source) {
        EncryptedPartUri part;
        URI url;
        try {
            part = EncryptedPartUri.parse(source);
            url = part.location();
        } catch (ContentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    "not a usable encrypted MIMI part reference: " + e.reason()));
        }
        if (url.getHost() == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    "the encrypted part's location has no host"));
        }
        if (part.size() > maxBytes) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                    "the encrypted part declares " + part.size() + " bytes, over the cap of " + maxBytes));
        }
        return vertx.executeBlocking(() -> GuardedDownload.resolve(url.getHost(), addressAllowed), false)
                .compose(address -> GuardedDownload.get(vertx, http, url, address, maxBytes, timeout,
                        "the encrypted part"))
                .map(GuardedDownload.Fetched::body)
                .recover(direct -> throughHub(url, direct))
                .compose(ciphertext -> vertx.executeBlocking(() -> decrypt(part, ciphertext), false))
                .map(plain -> MediaSource.of(part.mediaType(), OptionalLong.of(plain.length()),
                        new OneBuffer(plain)));
    }

    /**
     * The ciphertext through the hub's proxyDownload when the direct download was refused (an address we do not
     * connect to) or could not connect: the URL may be one only the hub reaches. Other failures (a 404, an
     * oversized part) stand, as does the direct failure when the hub cannot help either.
     */
    private Future<Buffer> throughHub(URI url, Throwable direct) {
        boolean refusedOrUnreachable = direct instanceof GatewayException g
                && (g.reason() == GatewayException.Reason.AUTH || g.reason() == GatewayException.Reason.TRANSIENT);
        if (!refusedOrUnreachable || !url.getScheme().equalsIgnoreCase("https")) {
            return Future.failedFuture(direct);
        }
        return viaHub.apply(url).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new GatewayException(((GatewayException) direct).reason(),
                        direct.getMessage() + "; through the hub: " + reasonOf(ar.cause()), direct));
            }
            if (ar.result().length() > maxBytes) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.PERMANENT,
                        "the encrypted part is over the cap of " + maxBytes + " bytes"));
            }
            return Future.succeededFuture(ar.result());
        });
    }

    /** A failure's kind only: the hub's message quotes the URL. */
    private static String reasonOf(Throwable t) {
        return t instanceof GatewayException g ? g.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                : "failed";
    }

    private static Buffer decrypt(EncryptedPartUri part, Buffer ciphertext) {
        byte[] bytes = ciphertext.getBytes();
        byte[] expected = part.sha256();
        if (expected.length > 0) {
            byte[] actual;
            try {
                actual = MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK always provides SHA-256", e);
            }
            if (!MessageDigest.isEqual(expected, actual)) {
                throw new GatewayException(GatewayException.Reason.PERMANENT,
                        "the downloaded part does not match its SHA-256 hash");
            }
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(part.key(), "AES"),
                    new GCMParameterSpec(TAG_BITS, part.nonce()));
            cipher.updateAAD(part.aad());
            return Buffer.buffer(cipher.doFinal(bytes));
        } catch (GeneralSecurityException e) {
            // The JDK's message says nothing of the key; still, only its class is kept.
            throw new GatewayException(GatewayException.Reason.PERMANENT,
                    "the downloaded part does not decrypt with its key and nonce (" + e.getClass().getSimpleName()
                            + ")");
        }
    }

    /** The plaintext as a stream of one buffer, paused until the reader asks for it. */
    private static final class OneBuffer implements ReadStream<Buffer> {
        private final Buffer data;
        private Handler<Buffer> handler;
        private Handler<Void> end;
        private boolean paused = true;
        private boolean delivered;
        private boolean ended;

        OneBuffer(Buffer data) {
            this.data = data;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> h) {
            handler = h;
            flush();
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            flush();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return resume();
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> h) {
            end = h;
            flush();
            return this;
        }

        private void flush() {
            if (paused || handler == null) {
                return;
            }
            if (!delivered) {
                delivered = true;
                if (data.length() > 0) {
                    handler.handle(data);
                }
            }
            if (end != null && !ended && !paused) {
                ended = true;
                end.handle(null);
            }
        }
    }
}
