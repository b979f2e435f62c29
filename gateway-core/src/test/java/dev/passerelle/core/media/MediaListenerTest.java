package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MediaListenerTest {

    private MediaFixture fixture;
    private WebClient client;
    private HttpClientAgent rawClient;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        fixture = new MediaFixture(vertx);
        client = WebClient.create(vertx);
        rawClient = vertx.createHttpClient();
        fixture.service.start().onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        client.close();
        rawClient.close().compose(v -> fixture.service.stop()).onComplete(ctx.succeedingThenComplete());
    }

    private Future<HttpResponse<Buffer>> get(URI url) {
        return client.getAbs(url.toString()).send();
    }

    private Future<HttpResponse<Buffer>> get(String path) {
        return client.get(fixture.port, "127.0.0.1", path).send();
    }

    private static void assertRefused(HttpResponse<Buffer> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("error")).isEqualTo(error);
        assertThat(body.getString("reason")).isNotBlank();
    }

    @Test
    void servesTheExactBytesAndSignedTypeUntilTheUrlExpires(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("photo", "image/png", 300_000);
        URI url = fixture.service.publicUrl(source, "image/png");
        assertThat(url.toString()).startsWith("http://127.0.0.1:" + fixture.port + "/media/v1/");

        get(url).compose(first -> {
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.getHeader("Content-Type")).isEqualTo("image/png");
            assertThat(first.getHeader("Content-Length")).isEqualTo("300000");
            assertThat(first.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(first.getHeader("Content-Disposition")).as("images are shown in place").isNull();
            assertThat(first.body()).isEqualTo(GeneratedStream.expected(300_000));
            // Issued at 12:00:00.250 with a 10-minute life: valid through 12:10:00.999, gone at 12:10:01.
            fixture.clock.advance(MediaFixture.TTL.plusMillis(500));
            return get(url);
        }).compose(lastMoment -> {
            assertThat(lastMoment.statusCode()).isEqualTo(200);
            assertThat(lastMoment.body()).isEqualTo(GeneratedStream.expected(300_000));
            fixture.clock.advance(Duration.ofMillis(250));
            return get(url);
        }).onComplete(ctx.succeeding(expired -> ctx.verify(() -> {
            assertRefused(expired, 410, "expired");
            assertThat(fixture.fetcher.streams()).as("an expired URL is not fetched").hasSize(2);
            assertThat(fixture.served("http")).isEqualTo(600_000);
            assertThat(fixture.refusals("expired", "http")).isEqualTo(1);
            assertThat(fixture.accessRefusals("expired")).isEqualTo(1);
            assertThat(fixture.accessRefusals("bad_signature")).isZero();
            ctx.completeNow();
        })));
    }

    @Test
    void streamsASourceOfUnknownLengthAsAnAttachment(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("report", new TestFetcher.Spec("application/pdf", OptionalLong.empty(),
                200_000, Long.MAX_VALUE));

        get(fixture.service.publicUrl(source, "application/pdf")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
            assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment");
            assertThat(r.getHeader("Content-Length")).isNull();
            assertThat(r.getHeader("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(r.body()).isEqualTo(GeneratedStream.expected(200_000));
            ctx.completeNow();
        })));
    }

    @Test
    void svgIsDownloadedNotShown(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("drawing", "image/svg+xml", 1000);

        get(fixture.service.publicUrl(source, "image/svg+xml")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Disposition")).isEqualTo("attachment");
            assertThat(r.getHeader("Content-Security-Policy")).contains("sandbox");
            ctx.completeNow();
        })));
    }

    @Test
    void tamperedTokensAndForeignSignaturesAreForbidden(VertxTestContext ctx) {
        URI photo = fixture.fetcher.add("photo", "image/png", 1000);
        URI secret = fixture.fetcher.add("secret", "image/png", 1000);
        String token = MediaFixture.tokenOf(fixture.service.publicUrl(photo, "image/png"));
        String other = MediaFixture.tokenOf(fixture.service.publicUrl(secret, "text/plain"));
        String[] parts = token.split("\\.");
        String[] otherParts = other.split("\\.");
        char last = parts[3].charAt(parts[3].length() - 1);
        String foreignKey = new UrlSigner(MediaFixture.key("somebody else's key")).sign(new SignedMedia(photo,
                MediaType.parse("image/png"), Instant.parse("2025-03-01T13:00:00Z")));

        List<String> forged = List.of(
                parts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3].substring(0, parts[3].length() - 1)
                        + (last == 'A' ? 'B' : 'A'),
                otherParts[0] + "." + parts[1] + "." + parts[2] + "." + parts[3],
                parts[0] + "." + otherParts[1] + "." + parts[2] + "." + parts[3],
                parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 86_400) + "." + parts[3],
                parts[0] + "." + parts[1] + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2] + ".",
                token + "x",
                foreignKey);

        Future<Void> all = Future.succeededFuture();
        for (String candidate : forged) {
            all = all.compose(v -> get(fixture.urlWithToken(candidate))).map(r -> {
                assertRefused(r, 403, "forbidden");
                return null;
            });
        }
        all.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
            assertThat(fixture.fetcher.streams()).as("nothing was fetched").isEmpty();
            assertThat(fixture.refusals("forbidden", "http")).isEqualTo(forged.size());
            assertThat(fixture.accessRefusals("bad_signature")).isEqualTo(forged.size());
            ctx.completeNow();
        })));
    }

    @Test
    void urlsItDidNotIssueAreNotFound(VertxTestContext ctx) {
        // Correctly signed, but for a scheme no fetcher serves: the service must not try to open it itself.
        String unknownScheme = new UrlSigner(MediaFixture.KEY).sign(new SignedMedia(
                URI.create("https://intranet.example/admin"), MediaType.parse("text/html"),
                Instant.parse("2025-03-01T13:00:00Z")));

        get(fixture.urlWithToken(unknownScheme)).compose(r -> {
            assertRefused(r, 404, "not_found");
            return get("/etc/passwd");
        }).compose(r -> {
            assertRefused(r, 404, "not_found");
            return get("/media/v1/");
        }).compose(r -> {
            assertRefused(r, 404, "not_found");
            return get("/media/v1/a.b.c.d/extra");
        }).compose(r -> {
            assertRefused(r, 404, "not_found");
            return get("/media/v2/" + MediaFixture.tokenOf(fixture.service.publicUrl(
                    fixture.fetcher.add("photo", "image/png", 10), "image/png")));
        }).compose(r -> {
            assertRefused(r, 404, "not_found");
            return client.post(fixture.port, "127.0.0.1", "/media/v1/anything").send();
        }).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertRefused(r, 405, "method_not_allowed");
            assertThat(fixture.fetcher.streams()).isEmpty();
            assertThat(fixture.refusals("not_found", "http")).isEqualTo(5);
            ctx.completeNow();
        })));
    }

    @Test
    void aSourceDeclaredOverTheCapIsRefusedBeforeAnyByte(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("film", "video/mp4", MediaFixture.CAP + 1);

        get(fixture.service.publicUrl(source, "video/mp4")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertRefused(r, 413, "too_large");
            GeneratedStream stream = fixture.fetcher.streams().get(0);
            assertThat(stream.cancelled()).isTrue();
            assertThat(stream.produced()).isZero();
            assertThat(fixture.refusals("too_large", "http")).isEqualTo(1);
            ctx.completeNow();
        })));
    }

    @Test
    void aStreamGrowingPastTheCapIsCutOffWithoutBeingBuffered(VertxTestContext ctx) {
        long huge = 64L << 20;
        URI source = fixture.fetcher.add("endless", new TestFetcher.Spec("application/zip", OptionalLong.empty(),
                huge, Long.MAX_VALUE));

        expectIncompleteBody(fixture.service.publicUrl(source, "application/zip"), 200)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    GeneratedStream stream = fixture.fetcher.streams().get(0);
                    assertThat(stream.cancelled()).isTrue();
                    // One chunk past the cap at most: the generator was stopped, not drained into memory.
                    assertThat(stream.produced()).isGreaterThan(MediaFixture.CAP)
                            .isLessThanOrEqualTo(MediaFixture.CAP + GeneratedStream.CHUNK);
                    assertThat(fixture.served("http")).isLessThanOrEqualTo(MediaFixture.CAP);
                    assertThat(fixture.refusals("too_large", "http")).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void aSourceSendingMoreThanItDeclaredIsCutOff(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("liar", new TestFetcher.Spec("image/jpeg", OptionalLong.of(100_000),
                400_000, Long.MAX_VALUE));

        expectIncompleteBody(fixture.service.publicUrl(source, "image/jpeg"), 200)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(fixture.fetcher.streams().get(0).cancelled()).isTrue();
                    assertThat(fixture.refusals("upstream_failed", "http")).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void aSourceEndingShortOfItsDeclaredLengthIsCutOff(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("short", new TestFetcher.Spec("image/jpeg", OptionalLong.of(300_000),
                100_000, Long.MAX_VALUE));

        expectIncompleteBody(fixture.service.publicUrl(source, "image/jpeg"), 200)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(fixture.refusals("upstream_failed", "http")).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    @Test
    void aSourceFailingMidwayIsCutOff(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("dropped", new TestFetcher.Spec("audio/ogg", OptionalLong.empty(),
                500_000, 200_000));

        expectIncompleteBody(fixture.service.publicUrl(source, "audio/ogg"), 200)
                .onComplete(ctx.succeeding(v -> ctx.verify(() -> {
                    assertThat(fixture.refusals("upstream_failed", "http")).isEqualTo(1);
                    ctx.completeNow();
                })));
    }

    /** Sends a GET and expects the status line, then a body that fails instead of ending. */
    private Future<Void> expectIncompleteBody(URI url, int status) {
        return rawClient.request(HttpMethod.GET, fixture.port, "127.0.0.1", url.getRawPath())
                .compose(request -> request.send())
                .compose((HttpClientResponse response) -> {
                    assertThat(response.statusCode()).isEqualTo(status);
                    return response.body();
                })
                .transform(ar -> {
                    if (ar.succeeded()) {
                        return Future.failedFuture(new AssertionError(
                                "expected a cut-off body, got all " + ar.result().length() + " bytes"));
                    }
                    if (ar.cause() instanceof AssertionError) {
                        return Future.failedFuture(ar.cause());
                    }
                    return Future.succeededFuture();
                });
    }

    @Test
    void aSourceDeclaringAnotherTypeIsRefused(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("page", "text/html", 1000);

        get(fixture.service.publicUrl(source, "image/png")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertRefused(r, 502, "type_mismatch");
            assertThat(r.bodyAsJsonObject().getString("reason")).contains("text/html").contains("image/png");
            assertThat(fixture.fetcher.streams().get(0).cancelled()).isTrue();
            ctx.completeNow();
        })));
    }

    @Test
    void anUntypedSourceIsServedUnderTheSignedType(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("blob", "application/octet-stream", 5000);

        get(fixture.service.publicUrl(source, "Image/PNG")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).isEqualTo("image/png");
            assertThat(r.body()).isEqualTo(GeneratedStream.expected(5000));
            ctx.completeNow();
        })));
    }

    @Test
    void aFailingFetchIsABadGateway(VertxTestContext ctx) {
        URI missing = URI.create("test:never-added");

        get(fixture.service.publicUrl(missing, "image/png")).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
            assertRefused(r, 502, "upstream_failed");
            assertThat(r.bodyAsJsonObject().getString("reason")).doesNotContain("no such test media");
            ctx.completeNow();
        })));
    }
}
