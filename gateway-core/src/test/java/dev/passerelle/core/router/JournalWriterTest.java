package dev.passerelle.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.event.EventId;
import dev.passerelle.core.store.DeliveryJournal;
import dev.passerelle.core.store.InMemoryStore;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StoredDelivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The journal writer's commits: completions wait briefly to share one, what is waited for never waits. */
class JournalWriterTest {
    /** Long, so that the tests can see completions wait; the gateway holds them {@value JournalWriter#HOLD_MILLIS} ms. */
    private static final Duration HOLD = Duration.ofSeconds(2);

    private final Vertx vertx = Vertx.vertx();
    private final InMemoryStore store = new InMemoryStore(Clock.systemUTC());
    private final List<JournalBatch> commits = new CopyOnWriteArrayList<>();
    private final JournalWriter writer = new JournalWriter(new Counting(), new Fanout(store.links(), Map.of(), new RouterMetrics(new SimpleMeterRegistry())), vertx.getOrCreateContext(),
            outcomes -> { }, new RouterMetrics(new SimpleMeterRegistry()), 1000, HOLD);

    @AfterEach
    void close() throws Exception {
        writer.stopAndDrain();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static JournalBatch.Done done(long seq) {
        return new JournalBatch.Done(seq, EventId.random(), Optional.empty());
    }

    @Test
    void completionsArrivingApartShareOneCommit() {
        writer.start();
        for (int i = 1; i <= 5; i++) {
            writer.enqueue(done(i));
            await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(commits::isEmpty);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !commits.isEmpty());
        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).done()).hasSize(5);
    }

    @Test
    void aCompletionRidesWithTheNextRenderedPayload() {
        writer.start();
        writer.enqueue(done(1));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(commits::isEmpty);
        writer.enqueue(new JournalWriter.RenderedOp(new JournalBatch.RenderedUpdate(7, new Rendered(new byte[] {1})),
                () -> { }));

        await().atMost(Duration.ofSeconds(5)).until(() -> !commits.isEmpty());
        assertThat(commits.get(0).done()).hasSize(1);
        assertThat(commits.get(0).rendered()).hasSize(1);
        assertThat(commits).hasSize(1);
    }

    @Test
    void aLoneCompletionIsWrittenAfterAShortWait() {
        writer.start();
        writer.enqueue(done(3));

        await().atMost(Duration.ofSeconds(10)).until(() -> commits.size() == 1);
        assertThat(commits.get(0).done()).extracting(JournalBatch.Done::seq).containsExactly(3L);
    }

    @Test
    void heldCompletionsAreWrittenWhenTheWriterStops() throws Exception {
        writer.start();
        writer.enqueue(done(4));
        writer.stopAndDrain();

        assertThat(commits).hasSize(1);
        assertThat(commits.get(0).done()).extracting(JournalBatch.Done::seq).containsExactly(4L);
    }

    /** The store's journal, keeping every batch written. */
    private final class Counting implements DeliveryJournal {
        @Override
        public JournalResult write(JournalBatch batch) {
            commits.add(batch);
            return store.journal().write(batch);
        }

        @Override
        public List<StoredDelivery> pending() {
            return store.journal().pending();
        }

        @Override
        public List<StoredDelivery> deadLetters(int offset, int limit) {
            return store.journal().deadLetters(offset, limit);
        }

        @Override
        public Optional<StoredDelivery> find(long seq) {
            return store.journal().find(seq);
        }

        @Override
        public boolean revive(long seq, Instant now) {
            return store.journal().revive(seq, now);
        }

        @Override
        public boolean discard(long seq) {
            return store.journal().discard(seq);
        }

        @Override
        public long pendingCount() {
            return store.journal().pendingCount();
        }

        @Override
        public long deadCount() {
            return store.journal().deadCount();
        }

        @Override
        public int prune() {
            return store.journal().prune();
        }
    }
}
