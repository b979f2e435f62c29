package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Attachments given as http(s) URLs, fetched through the media service from a web server on loopback: what a
 * Matrix upload of an XMPP user's file reads, and what a URL naming a private address gets by default.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HttpMediaFetcherTest {

    private static final WebFetchSettings LOCAL = new WebFetchSettings(true, true, Duration.ofSeconds(5));
    private static final Buffer PNG = GeneratedStream.expected(300_000);

    private MediaFixture fixture;
    private int port;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        fixture = new MediaFixture(vertx, 100_000 * 4);
        HttpServer server = vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/photo.png" -> req.response().putHeader("Content-Type", "image/png").end(PNG);
                case "/moved.png" -> req.response().setStatusCode(302).putHeader("Location", "/photo.png").end();
                case "/huge.bin" -> req.response().putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-Length", Long.toString(1L << 30)).write(Buffer.buffer("x"));
                default -> req.response().setStatusCode(404).end();
            }
        });
        server.listen(0, "127.0.0.1").onComplete(ctx.succeeding(s -> {
            port = s.actualPort();
            ctx.completeNow();
        }));
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void aFileOnAWebServerIsReadWholeUnderItsDeclaredType(Vertx vertx, VertxTestContext ctx) {
        fixture.service.register(new HttpMediaFetcher(vertx, "http", LOCAL));
        fixture.service.open(fixture.service.publicUrl(url("/photo.png"), "image/png"))
                .compose(media -> {
                    assertThat(media.mediaType()).isEqualTo("image/png");
                    assertThat(media.length()).hasValue(PNG.length());
                    return MediaOpenTest.readAll(media.body());
                })
                .onComplete(ctx.succeeding(bytes -> ctx.verify(() -> {
                    assertThat(bytes).isEqualTo(PNG);
                    ctx.completeNow();
                })));
    }

    @Test
    void aPrivateAddressIsRefusedUnlessTheOperatorAllowsIt(Vertx vertx, VertxTestContext ctx) {
        HttpMediaFetcher publicOnly = new HttpMediaFetcher(vertx, "http", WebFetchSettings.defaults());
        publicOnly.fetch(url("/photo.png")).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((GatewayException) e).reason()).isEqualTo(GatewayException.Reason.AUTH);
            assertThat(e).hasMessageContaining("does not connect to");
            ctx.completeNow();
        })));
    }

    @Test
    void aRedirectIsNotFollowed(Vertx vertx, VertxTestContext ctx) {
        new HttpMediaFetcher(vertx, "http", LOCAL).fetch(url("/moved.png")).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((GatewayException) e).reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
            assertThat(e).hasMessageContaining("answered 302");
            ctx.completeNow();
        })));
    }

    @Test
    void aMissingFileIsNotFound(Vertx vertx, VertxTestContext ctx) {
        new HttpMediaFetcher(vertx, "http", LOCAL).fetch(url("/gone.png")).onComplete(ctx.failing(e -> ctx.verify(() -> {
            assertThat(((GatewayException) e).reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
            ctx.completeNow();
        })));
    }

    @Test
    void aFileDeclaredOverTheCapIsRefusedBeforeItsBody(Vertx vertx, VertxTestContext ctx) {
        fixture.service.register(new HttpMediaFetcher(vertx, "http", LOCAL));
        fixture.service.open(fixture.service.publicUrl(url("/huge.bin"), "application/octet-stream"))
                .onComplete(ctx.failing(e -> ctx.verify(() -> {
                    assertThat(((MediaException) e).reason()).isEqualTo(MediaException.Reason.TOO_LARGE);
                    ctx.completeNow();
                })));
    }

    @Test
    void onlyWebSchemesAreServed(Vertx vertx) throws Exception {
        assertThatThrownBy(() -> new HttpMediaFetcher(vertx, "ftp", LOCAL)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HttpMediaFetcher(vertx, "HTTPS", LOCAL).scheme()).isEqualTo("https");
        assertThat(WebAddresses.publicAddress(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(WebAddresses.publicAddress(InetAddress.getByName("10.1.2.3"))).isFalse();
        assertThat(WebAddresses.publicAddress(InetAddress.getByName("fd00::1"))).isFalse();
        assertThat(WebAddresses.publicAddress(InetAddress.getByName("192.0.2.7"))).isTrue();
    }
}
