package dev.passerelle.mapping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import javax.sql.DataSource;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The online housekeeping an embedded H2 file store does not do by itself under WRITE_DELAY=0: every commit writes a
 * chunk, and a chunk that keeps a few live pages (the last leaf of an append-mostly table, say) stays in the file and,
 * as metadata, in the heap for as long as nothing rewrites it. H2 rewrites such chunks only from its background writer,
 * which WRITE_DELAY=0 leaves out; so chunks, the file and the heap grew with every message. This rewrites the
 * sparsest old chunks at a fixed interval, as that writer would, so the chunks freed are dropped and their space reused.
 */
final class H2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);

    /** Below this share of live data in the chunks (percent), the sparsest are rewritten (H2's own default). */
    static final int TARGET_FILL_RATE = 90;
    /** At most this many bytes of live pages are rewritten a round, so one round holds the store's lock briefly. */
    static final int WRITE_LIMIT = 4 << 20;
    /** How often a round runs in a gateway: a few seconds' worth of commits, well under H2's 45 s retention. */
    static final Duration INTERVAL = Duration.ofSeconds(15);

    private final DataSource pool;
    private final Lock writes;
    private final Counter failures;
    private ScheduledExecutorService timer;

    /** Housekeeping for the store behind {@code pool}, whose rewrites and commits it makes under {@code writes}. */
    H2Housekeeping(DataSource pool, MeterRegistry registry, Lock writes) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.writes = Objects.requireNonNull(writes, "writes");
        this.failures = Counter.builder("passerelle.store.housekeeping.failures")
                .description("rounds of the H2 store's online chunk compaction that failed (the data is intact)")
                .register(registry);
    }

    /** Runs {@link #once} every {@code interval} on a daemon thread of its own until {@link #close}. */
    synchronized void start(Duration interval) {
        if (timer != null) {
            throw new IllegalStateException("the H2 housekeeping is already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "passerelle-h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
    }

    // A failed round changes nothing (H2 rewrites under its own lock); the next one tries again, so it is counted
    // and logged rather than stopping the timer for good.
    private void round() {
        try {
            once();
        } catch (SQLException | RuntimeException e) {
            failures.increment();
            LOG.warn("the H2 store's chunk compaction failed; its data is intact, the next round retries", e);
        }
    }

    /**
     * One round: rewrites the live pages of the sparsest chunks older than H2's retention time (up to
     * {@link #WRITE_LIMIT} bytes) if the chunks' fill rate is under {@link #TARGET_FILL_RATE}, and commits, so that
     * the chunks emptied are dropped once their retention time is over. Gives whether anything was rewritten;
     * false for a database that is not an embedded one of this process.
     */
    boolean once() throws SQLException {
        try (Connection connection = pool.getConnection()) {
            MVStore store = mvStore(connection);
            if (store == null || store.isClosed()) {
                return false;
            }
            writes.lock();
            try {
                boolean rewritten = store.compact(TARGET_FILL_RATE, WRITE_LIMIT);
                if (rewritten) {
                    store.commit();
                }
                return rewritten;
            } finally {
                writes.unlock();
            }
        }
    }

    /** The MVStore under {@code connection}, or null for a connection to a server (another process's store). */
    private static MVStore mvStore(Connection connection) throws SQLException {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal)) {
            return null;
        }
        return ((SessionLocal) session).getDatabase().getStore().getMvStore();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            // Not shutdownNow: an interrupt in the middle of a write would close H2's file channel under it.
            timer.shutdown();
            try {
                if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the H2 housekeeping did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the H2 housekeeping", e);
            }
            timer = null;
        }
    }
}
