package dev.passerelle.connector.matrix.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.passerelle.connector.matrix.client.WireMockHomeserver.await;
import static dev.passerelle.connector.matrix.client.WireMockHomeserver.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downloads by mxc URI: authenticated media first, the legacy fallback, the cap, and a body read on demand. */
class MatrixMediaTest {

    private static final URI MXC = URI.create("mxc://remote.example/AbC_12-x");
    private static final String V1 = "/_matrix/client/v1/media/download/remote.example/AbC_12-x";
    private static final String V3 = "/_matrix/media/v3/download/remote.example/AbC_12-x";
    private static final byte[] SMALL = "a small file".getBytes(StandardCharsets.US_ASCII);

    private WireMockHomeserver hs;
    private MatrixMediaFetcher fetcher;

    @BeforeEach
    void start() {
        hs = new WireMockHomeserver();
        fetcher = new MatrixMediaFetcher(hs.client);
    }

    @AfterEach
    void stop() {
        hs.close();
    }

    private void serve(String path, byte[] body) {
        hs.server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png; charset=binary")
                .withHeader("Content-Length", String.valueOf(body.length)).withBody(body)));
    }

    /** Fetches on an event-loop context and answers that context, which every use of the body must run on. */
    private MediaSource fetchOn(Context context) {
        Promise<MediaSource> fetched = Promise.promise();
        context.runOnContext(v -> fetcher.fetch(MXC).onComplete(fetched));
        return await(fetched.future());
    }

    private void refuse(String path, int status, String body) {
        hs.server.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    @Test
    void authenticatedMediaIsFetchedWithTheToken() {
        serve(V1, SMALL);
        assertThat(await(hs.client.downloadAll(MXC, 1024)).getBytes()).isEqualTo(SMALL);
        hs.server.verify(getRequestedFor(urlEqualTo(V1))
                .withHeader("Authorization", equalTo("Bearer " + WireMockHomeserver.TOKEN)));
        hs.server.verify(0, getRequestedFor(urlEqualTo(V3)));
    }

    @Test
    void aServerWithoutAuthenticatedMediaGetsTheLegacyPathFromThenOn() {
        refuse(V1, 404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}");
        serve(V3, SMALL);
        assertThat(await(hs.client.downloadAll(MXC, 1024)).getBytes()).isEqualTo(SMALL);
        assertThat(await(hs.client.downloadAll(MXC, 1024)).getBytes()).isEqualTo(SMALL);
        hs.server.verify(1, getRequestedFor(urlEqualTo(V1)));
        hs.server.verify(2, getRequestedFor(urlEqualTo(V3)).withHeader("Authorization", absent()));
        assertThat(hs.client.media().legacyOnly()).isTrue();
    }

    @Test
    void aBare405AlsoMeansNoAuthenticatedMedia() {
        refuse(V1, 405, "");
        serve(V3, SMALL);
        assertThat(await(hs.client.downloadAll(MXC, 1024)).getBytes()).isEqualTo(SMALL);
    }

    @Test
    void missingMediaIsNotFoundWithoutAFallback() {
        refuse(V1, 404, "{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Not found\"}");
        Throwable failure = failure(hs.client.downloadAll(MXC, 1024));
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.NOT_FOUND);
        hs.server.verify(0, getRequestedFor(urlEqualTo(V3)));
        assertThat(hs.client.media().legacyOnly()).isFalse();
    }

    @Test
    void downloadAllStopsAtTheCap() {
        serve(V1, new byte[2048]);
        Throwable failure = failure(hs.client.downloadAll(MXC, 2047));
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.PERMANENT);
        assertThat(failure).hasMessageContaining("2047");
        assertThat(await(hs.client.downloadAll(MXC, 2048)).length()).isEqualTo(2048);
    }

    @Test
    void theFetcherServesMxcWithTheDeclaredTypeAndLength() {
        serve(V1, SMALL);
        Context context = hs.vertx.getOrCreateContext();
        MediaSource source = fetchOn(context);
        assertThat(fetcher.scheme()).isEqualTo("mxc");
        assertThat(source.mediaType()).isEqualTo("image/png");
        assertThat(source.length()).isEqualTo(OptionalLong.of(SMALL.length));
        Promise<Buffer> all = Promise.promise();
        Buffer collected = Buffer.buffer();
        context.runOnContext(v -> {
            source.body().handler(collected::appendBuffer);
            source.body().exceptionHandler(all::fail);
            source.body().endHandler(end -> all.complete(collected));
            source.body().resume();
        });
        assertThat(await(all.future()).getBytes()).isEqualTo(SMALL);
    }

    @Test
    void theFetcherRefusesWhatIsNotAnMxcUri() {
        Throwable failure = failure(fetcher.fetch(URI.create("https://remote.example/AbC")));
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.INVALID);
        failure = failure(fetcher.fetch(URI.create("mxc://remote.example/../../admin")));
        assertThat(((GatewayException) failure).reason()).isEqualTo(Reason.INVALID);
    }

    @Test
    void aPausedBodyIsReadOnlyAsFarAsAsked() {
        byte[] big = new byte[5 * 1024 * 1024];
        Arrays.fill(big, (byte) 7);
        serve(V1, big);
        Context context = hs.vertx.getOrCreateContext();
        MediaSource source = fetchOn(context);
        AtomicInteger chunks = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        AtomicBoolean ended = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        context.runOnContext(v -> {
            source.body().handler(buffer -> {
                chunks.incrementAndGet();
                bytes.addAndGet(buffer.length());
            });
            source.body().endHandler(end -> ended.set(true));
            source.body().exceptionHandler(error::set);
            source.body().fetch(2);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> chunks.get() == 2);
        // Nothing more arrives while nobody asks: the rest stays in the network.
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> chunks.get() == 2);
        assertThat(bytes.get()).isLessThanOrEqualTo(2L * ResponseBodyStream.CHUNK);
        assertThat(ended).isFalse();
        context.runOnContext(v -> source.body().resume());
        await().atMost(Duration.ofSeconds(20)).until(ended::get);
        assertThat(bytes.get()).isEqualTo(big.length);
        assertThat(error.get()).isNull();
    }

    @Test
    void cancellingStopsTheBody() {
        byte[] big = new byte[2 * 1024 * 1024];
        serve(V1, big);
        Context context = hs.vertx.getOrCreateContext();
        MediaSource source = fetchOn(context);
        AtomicInteger chunks = new AtomicInteger();
        AtomicBoolean ended = new AtomicBoolean();
        context.runOnContext(v -> {
            source.body().handler(buffer -> chunks.incrementAndGet());
            source.body().endHandler(end -> ended.set(true));
            source.body().fetch(1);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> chunks.get() == 1);
        context.runOnContext(v -> {
            source.cancel().run();
            source.body().resume();
        });
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> chunks.get() == 1);
        assertThat(ended).isFalse();
    }
}
