package dev.passerelle.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A reader that stops reading holds the source still: the listener pulls at the reader's pace. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class MediaBackpressureTest {

    private static final long SIZE = 64L << 20;
    /** Well above what socket buffers and write queues can hold, well below the whole body. */
    private static final long STALLED_BELOW = 24L << 20;

    private MediaFixture fixture;
    private HttpClientAgent client;

    @BeforeEach
    void start(Vertx vertx, VertxTestContext ctx) {
        fixture = new MediaFixture(vertx, 128L << 20);
        client = vertx.createHttpClient();
        fixture.service.start().onComplete(ctx.succeedingThenComplete());
    }

    @AfterEach
    void stop(VertxTestContext ctx) {
        client.close().compose(v -> fixture.service.stop()).onComplete(ctx.succeedingThenComplete());
    }

    @Test
    void aPausedReaderPausesTheSourceAndResumingDeliversEverything(VertxTestContext ctx) {
        URI source = fixture.fetcher.add("archive", new TestFetcher.Spec("application/zip", OptionalLong.empty(),
                SIZE, Long.MAX_VALUE));
        URI url = fixture.service.publicUrl(source, "application/zip");
        Promise<HttpClientResponse> paused = Promise.promise();
        client.request(HttpMethod.GET, fixture.port, "127.0.0.1", url.getRawPath())
                .compose(request -> request.send())
                .onSuccess(response -> {
                    response.pause();
                    paused.complete(response);
                })
                .onFailure(ctx::failNow);

        await().atMost(Duration.ofSeconds(10)).until(() -> paused.future().isComplete()
                && !fixture.fetcher.streams().isEmpty() && fixture.fetcher.streams().get(0).produced() > 0);
        GeneratedStream stream = fixture.fetcher.streams().get(0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> stream.produced() < STALLED_BELOW);

        AtomicLong received = new AtomicLong();
        HttpClientResponse response = paused.future().result();
        response.handler(chunk -> received.addAndGet(chunk.length()));
        response.endHandler(v -> ctx.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(received.get()).isEqualTo(SIZE);
            assertThat(stream.produced()).isEqualTo(SIZE);
            assertThat(stream.cancelled()).as("a finished transfer is not cancelled").isFalse();
            ctx.completeNow();
        }));
        response.exceptionHandler(ctx::failNow);
        response.resume();
    }
}
