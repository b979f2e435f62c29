package dev.passerelle.core.media;

import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The media service: signs URLs for registered schemes, and resolves a token (from the listener or from
 * {@link #open}) into a capped body of its source, refusing with a {@link MediaException} anything it did
 * not sign, anything expired, and sources that break the signed type or the size cap.
 */
final class SignedMediaService implements MediaService {

    /** Where tokens live, below the public base URL and at the listener's root. */
    static final String PATH = "media/v1/";
    static final String VIA_HTTP = "http";
    static final String VIA_OPEN = "open";

    /** Keeps every URL we issue well under the listener's request-line limit (4,096 characters). */
    private static final int MAX_SOURCE_LENGTH = 2048;
    /** A reader or a source that stalls this long loses its connection, and with it the upstream one. */
    private static final int IDLE_TIMEOUT_SECONDS = 120;
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

    private final Vertx vertx;
    private final MediaSettings settings;
    private final MediaMetrics metrics;
    private final Clock clock;
    private final UrlSigner signer;
    private final Map<String, MediaFetcher> fetchers = new ConcurrentHashMap<>();
    private final AtomicReference<HttpServer> server = new AtomicReference<>();

    SignedMediaService(Vertx vertx, MediaSettings settings, MediaMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.signer = new UrlSigner(settings.signingKey());
    }

    /** A verified grant and the capped body of its source. */
    record Opened(SignedMedia grant, CappedStream body) {
    }

    @Override
    public void register(MediaFetcher fetcher) {
        if (fetcher == null) {
            throw new IllegalArgumentException("fetcher must not be null");
        }
        String scheme = fetcher.scheme();
        if (scheme == null || !SCHEME.matcher(scheme).matches()) {
            throw new IllegalArgumentException("a fetcher's scheme must be a URI scheme, was '" + scheme + "'");
        }
        MediaFetcher previous = fetchers.putIfAbsent(scheme.toLowerCase(Locale.ROOT), fetcher);
        if (previous != null) {
            throw new IllegalStateException("a media fetcher for scheme '" + scheme + "' is already registered");
        }
    }

    @Override
    public URI publicUrl(URI source, String mediaType) {
        if (source == null || !source.isAbsolute()) {
            throw new IllegalArgumentException("source must be an absolute URI, was " + source);
        }
        if (source.toString().length() > MAX_SOURCE_LENGTH) {
            throw new IllegalArgumentException("source must be at most " + MAX_SOURCE_LENGTH + " characters");
        }
        MediaType type = MediaType.parse(mediaType);
        String scheme = source.getScheme().toLowerCase(Locale.ROOT);
        if (!fetchers.containsKey(scheme)) {
            throw new IllegalArgumentException("no media fetcher is registered for scheme '" + scheme + "'");
        }
        Instant end = clock.instant().plus(settings.urlTtl());
        // Rounded up to whole seconds, so a URL lives at least its time to live.
        Instant expiresAt = Instant.ofEpochSecond(end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0));
        String token = signer.sign(new SignedMedia(source, type, expiresAt));
        return URI.create(settings.publicBaseUrl().toString() + PATH + token);
    }

    @Override
    public Future<MediaSource> open(URI signedUrl) {
        if (signedUrl == null) {
            return Future.failedFuture(new IllegalArgumentException("signedUrl must not be null"));
        }
        if (Context.isOnWorkerThread()) {
            return Future.failedFuture(new IllegalStateException("open() runs fetchers on an event loop; "
                    + "call it from an event loop or a non-Vert.x thread, not a worker"));
        }
        String token = tokenOf(signedUrl);
        if (token == null) {
            return refuse(new MediaException(MediaException.Reason.NOT_FOUND,
                    "not a media URL of this gateway: " + signedUrl), VIA_OPEN);
        }
        if (Context.isOnEventLoopThread()) {
            return asSource(resolve(token, VIA_OPEN));
        }
        Promise<MediaSource> result = Promise.promise();
        vertx.runOnContext(v -> asSource(resolve(token, VIA_OPEN)).onComplete(result));
        return result.future();
    }

    private static Future<MediaSource> asSource(Future<Opened> opened) {
        return opened.map(o -> new MediaSource(o.grant().mediaType().toString(), o.body().length(), o.body(),
                o.body()::abandon));
    }

    /** The token of a URL under our public base, or null for any other URL. */
    private String tokenOf(URI url) {
        URI base = settings.publicBaseUrl();
        if (url.isOpaque() || url.getScheme() == null || !url.getScheme().equalsIgnoreCase(base.getScheme())
                || url.getRawAuthority() == null || !url.getRawAuthority().equalsIgnoreCase(base.getRawAuthority())
                || url.getRawQuery() != null || url.getRawFragment() != null) {
            return null;
        }
        String prefix = base.getRawPath() + PATH;
        String path = url.getRawPath();
        if (path == null || !path.startsWith(prefix) || path.length() == prefix.length()
                || path.indexOf('/', prefix.length()) >= 0) {
            return null;
        }
        return path.substring(prefix.length());
    }

    /**
     * Verifies a token and starts fetching its source. Call on an event loop: the fetcher runs here, and the
     * body emits on this context.
     */
    Future<Opened> resolve(String token, String via) {
        SignedMedia grant;
        try {
            grant = signer.verify(token);
        } catch (MediaException e) {
            return refuse(e, via);
        }
        if (grant.expiredAt(clock.instant())) {
            return refuse(new MediaException(MediaException.Reason.EXPIRED,
                    "the URL expired at " + grant.expiresAt()), via);
        }
        String scheme = grant.source().getScheme().toLowerCase(Locale.ROOT);
        MediaFetcher fetcher = fetchers.get(scheme);
        if (fetcher == null) {
            return refuse(new MediaException(MediaException.Reason.NOT_FOUND,
                    "no media fetcher serves scheme '" + scheme + "'"), via);
        }
        Future<MediaSource> fetched;
        try {
            fetched = fetcher.fetch(grant.source());
        } catch (RuntimeException e) {
            fetched = Future.failedFuture(e);
        }
        if (fetched == null) {
            fetched = Future.failedFuture(new IllegalStateException("the '" + scheme + "' fetcher returned no future"));
        }
        return fetched.transform(ar -> ar.succeeded()
                ? admit(grant, ar.result(), scheme, via)
                : refuse(new MediaException(MediaException.Reason.UPSTREAM_FAILED,
                        "the source network did not deliver the media", ar.cause()), via));
    }

    /** Checks what the source declares against the grant and the cap before a byte flows. */
    private Future<Opened> admit(SignedMedia grant, MediaSource source, String scheme, String via) {
        MediaType declared;
        try {
            declared = MediaType.parse(source.mediaType());
        } catch (IllegalArgumentException e) {
            return discard(source, new MediaException(MediaException.Reason.TYPE_MISMATCH,
                    "the source declares an invalid media type", e), via);
        }
        if (!grant.mediaType().admits(declared)) {
            return discard(source, new MediaException(MediaException.Reason.TYPE_MISMATCH, "the source declares "
                    + declared.essence() + " but the URL was signed for " + grant.mediaType().essence()), via);
        }
        if (source.length().isPresent() && source.length().getAsLong() > settings.maxBytes()) {
            return discard(source, new MediaException(MediaException.Reason.TOO_LARGE, "the source declares "
                    + source.length().getAsLong() + " bytes, over the cap of " + settings.maxBytes()), via);
        }
        Counter served = metrics.served(scheme, via);
        CappedStream body = new CappedStream(source, settings.maxBytes(), served::increment,
                refusal -> metrics.refused(refusal.reason().code(), via));
        return Future.succeededFuture(new Opened(grant, body));
    }

    private <T> Future<T> discard(MediaSource source, MediaException refusal, String via) {
        source.body().pause();
        source.cancel().run();
        return refuse(refusal, via);
    }

    private <T> Future<T> refuse(MediaException refusal, String via) {
        metrics.refused(refusal.reason().code(), via);
        return Future.failedFuture(refusal);
    }

    /** The listener's bound address, for error messages. */
    private String address() {
        return settings.host() + ":" + settings.port();
    }

    void refusedRequest(String reason) {
        metrics.refused(reason, VIA_HTTP);
    }

    /** A listener request refused for its token (see {@link MediaMetrics#refusedAccess}). */
    void refusedAccess(MediaException refusal, String peer) {
        metrics.refusedAccess(refusal, peer);
    }

    @Override
    public Future<Void> start() {
        HttpServer created = vertx.createHttpServer(new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setIdleTimeout(IDLE_TIMEOUT_SECONDS));
        if (!server.compareAndSet(null, created)) {
            return Future.failedFuture(new IllegalStateException("the media listener is already started"));
        }
        MediaListener listener = new MediaListener(this, clock);
        return created.requestHandler(listener::handle).listen()
                .recover(cause -> {
                    server.compareAndSet(created, null);
                    return Future.failedFuture(new IllegalStateException(
                            "the media listener could not bind " + address() + ": " + cause.getMessage(), cause));
                })
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        HttpServer running = server.getAndSet(null);
        return running == null ? Future.succeededFuture() : running.close();
    }
}
