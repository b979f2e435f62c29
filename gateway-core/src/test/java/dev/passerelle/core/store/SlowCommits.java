package dev.passerelle.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store whose group commits of confirmed deliveries are slow, as on a busy database: a commit that writes
 * completions waits {@link #delay} before it is written. Everything else is the wrapped store's.
 */
public final class SlowCommits implements Store {

    private final Store inner;
    private final Journal journal;
    /** How long each commit with completions waits before it is written; zero by default. */
    public volatile Duration delay = Duration.ZERO;
    private final AtomicInteger completionsWritten = new AtomicInteger();

    public SlowCommits(Store inner) {
        this.inner = inner;
        this.journal = new Journal(inner.journal());
    }

    /** How many completions have been committed so far. */
    public int completionsWritten() {
        return completionsWritten.get();
    }

    @Override
    public GhostStore ghosts() {
        return inner.ghosts();
    }

    @Override
    public LinkStore links() {
        return inner.links();
    }

    @Override
    public MessageMap messages() {
        return inner.messages();
    }

    @Override
    public DeliveryJournal journal() {
        return journal;
    }

    @Override
    public ConnectorStateStore state() {
        return inner.state();
    }

    @Override
    public boolean healthy() {
        return inner.healthy();
    }

    @Override
    public void close() {
        inner.close();
    }

    private final class Journal implements DeliveryJournal {
        private final DeliveryJournal inner;

        Journal(DeliveryJournal inner) {
            this.inner = inner;
        }

        @Override
        public JournalResult write(JournalBatch batch) {
            Duration d = delay;
            if (!batch.done().isEmpty() && !d.isZero()) {
                try {
                    Thread.sleep(d.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while holding a commit", e);
                }
            }
            JournalResult result = inner.write(batch);
            completionsWritten.addAndGet(batch.done().size());
            return result;
        }

        @Override
        public List<StoredDelivery> pending() {
            return inner.pending();
        }

        @Override
        public List<StoredDelivery> deadLetters(int offset, int limit) {
            return inner.deadLetters(offset, limit);
        }

        @Override
        public Optional<StoredDelivery> find(long seq) {
            return inner.find(seq);
        }

        @Override
        public boolean revive(long seq, Instant now) {
            return inner.revive(seq, now);
        }

        @Override
        public boolean discard(long seq) {
            return inner.discard(seq);
        }

        @Override
        public long pendingCount() {
            return inner.pendingCount();
        }

        @Override
        public long deadCount() {
            return inner.deadCount();
        }

        @Override
        public int prune() {
            return inner.prune();
        }

        @Override
        public int pruneConfirmed() {
            return inner.pruneConfirmed();
        }
    }
}
