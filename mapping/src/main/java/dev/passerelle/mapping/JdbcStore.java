package dev.passerelle.mapping;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.DeliveryJournal;
import dev.passerelle.core.store.GhostStore;
import dev.passerelle.core.store.LinkStore;
import dev.passerelle.core.store.MessageMap;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The gateway's durable store over JDBC (embedded H2 or PostgreSQL): open it with
 * {@link #open(JdbcStoreConfig, MeterRegistry)}, which migrates the schema, and close it on shutdown.
 * Every method blocks on the database; call them from worker threads.
 */
public final class JdbcStore implements Store {

    private static final String POOL_NAME = "passerelle-store";
    private static final long CONNECTION_TIMEOUT_MILLIS = 5_000;

    /*
     * H2 writes a sequence's state with a commit of its own each time the cached range runs out, which on
     * the journal's hot path would mean an extra disk write every 32 deliveries. A killed process skips
     * at most this many seqs; the order is unaffected.
     */
    private static final String H2_SEQ_CACHE = "10000";

    private final Database db;
    private final JdbcStoreConfig config;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final JdbcGhostStore ghosts;
    private final JdbcLinkStore links;
    private final JdbcMessageMap messages;
    private final JdbcDeliveryJournal journal;
    private final JdbcConnectorStateStore state;
    private final H2Housekeeping housekeeping;

    private JdbcStore(Database db, JdbcStoreConfig config, MeterRegistry registry, Clock clock,
            H2Housekeeping housekeeping) {
        this.db = db;
        this.housekeeping = housekeeping;
        this.config = config;
        this.ghosts = new JdbcGhostStore(db, clock, cache("ghosts", config, registry));
        this.links = new JdbcLinkStore(db, cache("links", config, registry));
        this.messages = new JdbcMessageMap(db, clock, cache("messages", config, registry));
        this.journal = new JdbcDeliveryJournal(db, clock, messages, registry);
        this.state = new JdbcConnectorStateStore(db, clock);
    }

    /**
     * Opens the pool, brings the schema up to date and returns the store. Pool, cache and journal meters
     * go to {@code registry}.
     *
     * @throws StoreException.Unavailable if the database cannot be reached
     * @throws StoreException if the schema cannot be migrated
     */
    public static JdbcStore open(JdbcStoreConfig config, MeterRegistry registry) {
        return open(config, registry, Clock.systemUTC());
    }

    /** As {@link #open(JdbcStoreConfig, MeterRegistry)}, with the clock that stamps rows. */
    static JdbcStore open(JdbcStoreConfig config, MeterRegistry registry, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(clock, "clock");
        HikariDataSource pool = pool(config, registry);
        try {
            // Flyway runs only when the schema is behind, on H2 as on PostgreSQL. With H2's writers side by side,
            // H2CrashIT's killed stores came back damaged more often without Flyway's work at open (2 of 3 runs of 12
            // stores) than with it (1 store of about 66); with one writer at a time (see Database), none of 60 stores
            // was, Flyway skipped.
            if (!Schema.current(pool)) {
                migrate(config, pool);
            }
        } catch (FlywayException e) {
            pool.close();
            throw new StoreException("cannot migrate the store schema at " + config.redactedUrl() + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
        // An H2 file store runs one writing unit at a time, the housekeeping's rewrites included: see Database.
        Lock writes = config.isH2File() ? new ReentrantLock() : null;
        H2Housekeeping housekeeping = null;
        if (writes != null) {
            housekeeping = new H2Housekeeping(pool, registry, writes);
            housekeeping.start(H2Housekeeping.INTERVAL);
        }
        return new JdbcStore(new Database(pool, writes), config, registry, clock, housekeeping);
    }

    private static void migrate(JdbcStoreConfig config, HikariDataSource pool) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .placeholders(Map.of("delivery_seq_cache", config.isH2() ? H2_SEQ_CACHE : "1"))
                .load()
                .migrate();
    }

    @Override
    public GhostStore ghosts() {
        return ghosts;
    }

    @Override
    public LinkStore links() {
        return links;
    }

    @Override
    public MessageMap messages() {
        return messages;
    }

    @Override
    public DeliveryJournal journal() {
        return journal;
    }

    @Override
    public ConnectorStateStore state() {
        return state;
    }

    @Override
    public boolean healthy() {
        return db.isValid();
    }

    /**
     * Closes the pool. An embedded H2 file store is compacted first (see {@link JdbcStoreConfig}), through a
     * connection of the pool, which shuts the database down: that takes time in proportion to the live data; a
     * compaction cut short leaves the file as it was.
     *
     * @throws StoreException if the compaction failed (the data is intact)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (housekeeping != null) {
            housekeeping.close();
        }
        try {
            if (config.isH2File()) {
                compactH2File();
            }
        } finally {
            db.close();
        }
    }

    /*
     * H2's MVStore does not run its own online housekeeping with WRITE_DELAY=0; H2Housekeeping rewrites sparse
     * chunks while the store is open, so that freed space is reused, but the file does not move its chunks
     * together and shrink: that happens here. SHUTDOWN COMPACT copies the live data into
     * a new file and swaps it in atomically.
     */
    private void compactH2File() {
        db.shutdown("compacting the H2 store at " + config.redactedUrl() + " (its data is intact if this fails)",
                "SHUTDOWN COMPACT");
    }

    private static HikariDataSource pool(JdbcStoreConfig config, MeterRegistry registry) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(POOL_NAME);
        hikari.setJdbcUrl(config.url());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(config.poolSize());
        // Every unit of work is one explicit transaction (see Database).
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        hikari.setMetricRegistry(registry);
        try {
            return new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException.Unavailable("cannot connect to the store at " + config.redactedUrl() + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    /** A size-bounded cache with its hit, miss and eviction counts published as {@code cache.*{cache=name}}. */
    private static <K, V> Cache<K, V> cache(String name, JdbcStoreConfig config, MeterRegistry registry) {
        Cache<K, V> cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).recordStats().build();
        return CaffeineCacheMetrics.monitor(registry, cache, name, "store", "passerelle");
    }
}
