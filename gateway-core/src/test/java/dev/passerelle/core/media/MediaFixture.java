package dev.passerelle.core.media;

import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** A media service on a free loopback port, with a test fetcher, a hand-moved clock and its own metrics. */
final class MediaFixture {

    static final Duration TTL = Duration.ofMinutes(10);
    static final long CAP = 1L << 20;
    static final byte[] KEY = key("the gateway's media signing key");

    final int port = freePort();
    final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00.250Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MediaSettings settings;
    final TestFetcher fetcher;
    final MediaService service;

    MediaFixture(Vertx vertx) {
        this(vertx, CAP);
    }

    MediaFixture(Vertx vertx, long cap) {
        this.settings = new MediaSettings("127.0.0.1", port, URI.create("http://127.0.0.1:" + port), KEY, TTL, cap);
        this.fetcher = new TestFetcher(vertx);
        this.service = Media.create(vertx, settings, registry, clock);
        service.register(fetcher);
    }

    /** A 32-byte key derived from a phrase, so different phrases give different keys. */
    static byte[] key(String phrase) {
        byte[] text = phrase.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text, Math.max(MediaSettings.MIN_KEY_BYTES, text.length));
    }

    double refusals(String reason, String via) {
        Counter counter = registry.find(MediaMetrics.REFUSALS).tag("reason", reason).tag("via", via).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The access refusals of the listener ({@code passerelle.access.refused{surface=media}}). */
    double accessRefusals(String reason) {
        return new AccessRefusals(registry).count(AccessRefusals.Surface.MEDIA, reason);
    }

    double served(String via) {
        Counter counter = registry.find(MediaMetrics.SERVED).tag("scheme", "test").tag("via", via).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The token part of a URL this service issued. */
    static String tokenOf(URI url) {
        String path = url.getRawPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    URI urlWithToken(String token) {
        return URI.create(settings.publicBaseUrl() + SignedMediaService.PATH + token);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
