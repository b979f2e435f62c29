package dev.passerelle.mapping;

import dev.passerelle.core.event.EventId;
import dev.passerelle.core.store.DeliveryJournal;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StoreException;
import dev.passerelle.core.store.StoredDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery journal in {@code journal_event} (each event's payload once) and {@code delivery} (one
 * row per target until it is done). Group commits are written by {@link JdbcBatchWriter}; this class
 * adds the reads the router and the admin API need.
 */
final class JdbcDeliveryJournal implements DeliveryJournal {

    private static final String SELECT = "SELECT d.seq, d.event_id, d.link_id, d.target_uri, d.idempotency_key,"
            + " d.rendered, d.attempts, d.not_before, d.status, d.last_error, e.payload"
            + " FROM delivery d JOIN journal_event e ON e.event_id = d.event_id";

    /** Events deleted per transaction by {@link #pruneConfirmed}, so that each of its commits stays small. */
    static final int PRUNE_ROWS = 1000;
    /** At most this many confirmed events wait for {@link #pruneConfirmed} (about 2 MB). */
    static final int MAX_QUEUED = 50_000;

    private static final String DELETE_CONFIRMED = "DELETE FROM journal_event WHERE event_id = ANY (?)"
            + " AND NOT EXISTS (SELECT 1 FROM delivery WHERE delivery.event_id = journal_event.event_id)";

    private final Database db;
    private final Clock clock;
    /** Events whose deliveries group commits confirmed, waiting for {@link #pruneConfirmed}. */
    private final Queue<EventId> confirmed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final JdbcMessageMap messages;
    private final Timer writeTimer;
    private final Counter appended;
    private final Counter duplicates;

    JdbcDeliveryJournal(Database db, Clock clock, JdbcMessageMap messages, MeterRegistry registry) {
        this.db = db;
        this.clock = clock;
        this.messages = messages;
        this.writeTimer = Timer.builder("passerelle.journal.write")
                .description("Time to write one group commit of the delivery journal")
                .register(registry);
        this.appended = Counter.builder("passerelle.journal.appends")
                .description("Events appended to the delivery journal")
                .register(registry);
        this.duplicates = Counter.builder("passerelle.journal.duplicates")
                .description("Appends recognised as duplicates by their origin native id")
                .register(registry);
    }

    @Override
    public JournalResult write(JournalBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("batch must not be null");
        }
        JdbcBatchWriter.validate(batch);
        if (batch.isEmpty()) {
            return new JournalResult(List.of());
        }
        Timer.Sample sample = Timer.start();
        try {
            Written written = db.transaction("write journal batch", c -> {
                JdbcBatchWriter writer = new JdbcBatchWriter(c, clock.instant());
                return new Written(writer.write(batch), writer.duplicates());
            });
            keepConfirmed(batch.done());
            appended.increment(batch.appends().size() - written.duplicates());
            duplicates.increment(written.duplicates());
            return written.result();
        } finally {
            sample.stop(writeTimer);
            // After the transaction, never inside it: a lookup in between would read the old state and
            // cache it again. Also after a failed commit, whose outcome the database may not have told.
            for (JournalBatch.Append append : batch.appends()) {
                messages.invalidate(append.origin());
                append.records().aliases().forEach(messages::invalidate);
            }
            for (JournalBatch.Done done : batch.done()) {
                done.result().ifPresent(messages::invalidate);
                done.aliases().forEach(messages::invalidate);
            }
        }
    }

    /** Keeps the events of the deliveries a committed batch completed, for {@link #pruneConfirmed}. */
    private void keepConfirmed(List<JournalBatch.Done> done) {
        // Past the bound (nobody calls pruneConfirmed, or it fell far behind) the periodic prune finds them.
        if (queued.get() < MAX_QUEUED) {
            for (JournalBatch.Done d : done) {
                confirmed.add(d.event());
            }
            queued.addAndGet(done.size());
        }
    }

    /** What one group commit produced. */
    private record Written(JournalResult result, int duplicates) {
    }

    @Override
    public List<StoredDelivery> pending() {
        return db.read("read pending deliveries", c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT + " WHERE d.status = 'PENDING' ORDER BY d.seq")) {
                return deliveries(select);
            }
        });
    }

    @Override
    public List<StoredDelivery> deadLetters(int offset, int limit) {
        Paging.check(offset, limit);
        return db.read("read dead letters", c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT
                    + " WHERE d.status = 'DEAD' ORDER BY d.updated_at DESC, d.seq DESC LIMIT ? OFFSET ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                return deliveries(select);
            }
        });
    }

    @Override
    public Optional<StoredDelivery> find(long seq) {
        return db.read("read delivery " + seq, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT + " WHERE d.seq = ?")) {
                select.setLong(1, seq);
                List<StoredDelivery> found = deliveries(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public boolean revive(long seq, Instant now) {
        if (now == null) {
            throw new IllegalArgumentException("revive needs the time the delivery is due");
        }
        return db.transaction("revive delivery " + seq, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE delivery SET status = 'PENDING', attempts = 0,"
                    + " not_before = ?, updated_at = ? WHERE seq = ? AND status = 'DEAD'")) {
                Columns.setInstant(update, 1, now);
                Columns.setInstant(update, 2, clock.instant());
                update.setLong(3, seq);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean discard(long seq) {
        return db.transaction("discard delivery " + seq, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM delivery WHERE seq = ? AND status = 'DEAD'")) {
                delete.setLong(1, seq);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public long pendingCount() {
        return count("PENDING");
    }

    @Override
    public long deadCount() {
        return count("DEAD");
    }

    /**
     * Deletes the events no delivery refers to any more, in transactions of at most {@link #PRUNE_ROWS}: after a
     * restart they can be many (the confirmed ones of before the crash), and one statement for all of them held its
     * locks for minutes while the journal writer waited on them.
     */
    @Override
    public int prune() {
        // Two statements a round: the ids first, then their deletion with the same check as pruneConfirmed's. One
        // DELETE whose IN names a subquery on the same table re-ran that subquery for every row it deleted on H2:
        // seconds of a worker for a few thousand events.
        int total = 0;
        List<UUID> orphans;
        int deleted;
        do {
            orphans = db.read("find events without deliveries", c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT e.event_id FROM journal_event e"
                        + " WHERE NOT EXISTS (SELECT 1 FROM delivery d WHERE d.event_id = e.event_id) LIMIT "
                        + PRUNE_ROWS)) {
                    List<UUID> ids = new ArrayList<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(Columns.uuid(rows, "event_id"));
                        }
                    }
                    return ids;
                }
            });
            deleted = orphans.isEmpty() ? 0 : deleteConfirmed(orphans);
            total += deleted;
        } while (orphans.size() == PRUNE_ROWS && deleted > 0);
        return total;
    }

    /**
     * Deletes the events whose deliveries were confirmed since the last call and that have no delivery left, in
     * transactions of at most {@link #PRUNE_ROWS}. Not the journal writer's work: it would slow every group commit.
     * An event a crash leaves behind here is the periodic {@link #prune}'s.
     */
    @Override
    public int pruneConfirmed() {
        int total = 0;
        List<UUID> chunk = new ArrayList<>(PRUNE_ROWS);
        EventId next;
        while ((next = confirmed.poll()) != null) {
            queued.decrementAndGet();
            chunk.add(next.value());
            if (chunk.size() == PRUNE_ROWS) {
                total += deleteConfirmed(chunk);
                chunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            total += deleteConfirmed(chunk);
        }
        return total;
    }

    private int deleteConfirmed(List<UUID> events) {
        return db.transaction("prune confirmed events", c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE_CONFIRMED)) {
                delete.setArray(1, c.createArrayOf("uuid", events.toArray()));
                return delete.executeUpdate();
            }
        });
    }

    private long count(String status) {
        return db.read("count " + status.toLowerCase(Locale.ROOT) + " deliveries", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM delivery WHERE status = ?")) {
                select.setString(1, status);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    private static List<StoredDelivery> deliveries(PreparedStatement select) throws SQLException {
        List<StoredDelivery> deliveries = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                deliveries.add(delivery(rows));
            }
        }
        return deliveries;
    }

    private static StoredDelivery delivery(ResultSet row) throws SQLException {
        long seq = row.getLong("seq");
        byte[] rendered = row.getBytes("rendered");
        try {
            return new StoredDelivery(seq,
                    new EventId(Columns.uuid(row, "event_id")),
                    new LinkId(Columns.uuid(row, "link_id")),
                    Columns.address(row, "target_uri"),
                    new IdempotencyKey(row.getString("idempotency_key")),
                    row.getBytes("payload"),
                    rendered == null ? Optional.empty() : Optional.of(new Rendered(rendered)),
                    row.getInt("attempts"),
                    Columns.instant(row, "not_before"),
                    StoredDelivery.Status.valueOf(row.getString("status")),
                    Optional.ofNullable(row.getString("last_error")));
        } catch (IllegalArgumentException e) {
            throw new StoreException("stored delivery " + seq + " is unreadable", e);
        }
    }
}
