package dev.passerelle.mapping;

import dev.passerelle.core.event.EventId;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one group commit inside the caller's transaction, one JDBC batch per kind of change, so a
 * batch of N appends costs a handful of round trips rather than N. Appends go first (origin mapping,
 * event, deliveries), then rendered payloads with the connector state their rendering consumed, retries,
 * dead letters, and completions last, so that a delivery rendered and completed in the same batch ends
 * up deleted.
 */
final class JdbcBatchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcBatchWriter.class);

    /** Errors are diagnostics for operators; a stack trace pasted whole would bloat every retry. */
    static final int MAX_ERROR_LENGTH = 4000;

    private static final String INSERT_EVENT =
            "INSERT INTO journal_event (event_id, link_id, payload, created_at) VALUES (?, ?, ?, ?)";
    private static final String INSERT_DELIVERY = "INSERT INTO delivery (event_id, link_id, target_uri,"
            + " idempotency_key, attempts, not_before, status, updated_at) VALUES (?, ?, ?, ?, 0, ?, 'PENDING', ?)";
    private static final String[] GENERATED_SEQ = {"seq"};

    private final Connection c;
    private final Instant now;
    private int duplicates;

    JdbcBatchWriter(Connection connection, Instant now) {
        this.c = connection;
        this.now = now;
    }

    /** Checks a batch before any of it is written, so a malformed entry fails alone and early. */
    static void validate(JournalBatch batch) {
        for (JournalBatch.Append append : batch.appends()) {
            if (append == null || append.event() == null || append.origin() == null || append.link() == null
                    || append.eventJson() == null) {
                throw new IllegalArgumentException("append needs an event id, an origin, a link and the event's JSON");
            }
            for (JournalBatch.Target target : append.targets()) {
                if (target == null || target.room() == null || target.key() == null) {
                    throw new IllegalArgumentException("target of " + append.event() + " needs a room and a key");
                }
            }
        }
        for (JournalBatch.RenderedUpdate r : batch.rendered()) {
            if (r == null || r.rendered() == null) {
                throw new IllegalArgumentException("rendered update needs a payload");
            }
        }
        for (JournalBatch.Done d : batch.done()) {
            if (d == null || d.event() == null || d.result() == null) {
                throw new IllegalArgumentException("done entry needs an event id and an (optional) result");
            }
        }
        for (JournalBatch.Retry r : batch.retries()) {
            if (r == null || r.notBefore() == null) {
                throw new IllegalArgumentException("retry needs a time to try again");
            }
        }
        for (JournalBatch.DeadLetter d : batch.deadLetters()) {
            if (d == null) {
                throw new IllegalArgumentException("dead letter must not be null");
            }
        }
    }

    JournalResult write(JournalBatch batch) throws SQLException {
        List<JournalBatch.Append> appends = batch.appends();
        boolean[] fresh = mapOrigins(appends);
        insertEvents(appends, fresh);
        List<long[]> seqs = insertDeliveries(appends, fresh);
        keepRecords(appends, fresh);
        storeRendered(batch.rendered());
        scheduleRetries(batch.retries());
        deadLetter(batch.deadLetters());
        complete(batch.done());
        return new JournalResult(seqs);
    }

    int duplicates() {
        return duplicates;
    }

    /** Maps every origin; an origin already mapped (before or earlier in this batch) marks a duplicate. */
    private boolean[] mapOrigins(List<JournalBatch.Append> appends) throws SQLException {
        boolean[] fresh = new boolean[appends.size()];
        if (appends.isEmpty()) {
            return fresh;
        }
        try (PreparedStatement insert = JdbcMessageMap.prepareInsertIfAbsent(c)) {
            for (JournalBatch.Append append : appends) {
                JdbcMessageMap.bindInsert(insert, append.event(), append.origin(), now);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            checkCount(counts.length, appends.size(), "origin mappings");
            for (int i = 0; i < counts.length; i++) {
                fresh[i] = inserted(counts[i]);
                if (!fresh[i]) {
                    duplicates++;
                }
            }
        }
        return fresh;
    }

    private void insertEvents(List<JournalBatch.Append> appends, boolean[] fresh) throws SQLException {
        if (duplicates == appends.size()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_EVENT)) {
            for (int i = 0; i < fresh.length; i++) {
                if (fresh[i]) {
                    JournalBatch.Append append = appends.get(i);
                    insert.setObject(1, append.event().value());
                    insert.setObject(2, append.link().value());
                    insert.setBytes(3, append.eventJson());
                    Columns.setInstant(insert, 4, now);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Inserts one delivery per target; the identity column hands out seqs in insertion order. */
    private List<long[]> insertDeliveries(List<JournalBatch.Append> appends, boolean[] fresh) throws SQLException {
        List<long[]> seqs = new ArrayList<>(appends.size());
        int rows = 0;
        for (int i = 0; i < fresh.length; i++) {
            int targets = appends.get(i).targets().size();
            seqs.add(fresh[i] ? new long[targets] : null);
            rows += fresh[i] ? targets : 0;
        }
        if (rows == 0) {
            return seqs;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_DELIVERY, GENERATED_SEQ)) {
            for (int i = 0; i < fresh.length; i++) {
                if (!fresh[i]) {
                    continue;
                }
                JournalBatch.Append append = appends.get(i);
                for (JournalBatch.Target target : append.targets()) {
                    insert.setObject(1, append.event().value());
                    insert.setObject(2, append.link().value());
                    insert.setString(3, target.room().toUri());
                    insert.setString(4, target.key().value());
                    Columns.setInstant(insert, 5, now);
                    Columns.setInstant(insert, 6, now);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                for (long[] appended : seqs) {
                    if (appended == null) {
                        continue;
                    }
                    for (int t = 0; t < appended.length; t++) {
                        if (!keys.next()) {
                            throw new StoreException("the database returned fewer delivery seqs than rows inserted", null);
                        }
                        appended[t] = keys.getLong(1);
                    }
                }
            }
        }
        return seqs;
    }

    /** What the connectors keep about the new events (more ids, state), written only for events written. */
    private void keepRecords(List<JournalBatch.Append> appends, boolean[] fresh) throws SQLException {
        List<NativeRef> aliases = new ArrayList<>();
        List<EventId> aliased = new ArrayList<>();
        for (int i = 0; i < fresh.length; i++) {
            if (!fresh[i]) {
                continue;
            }
            JournalBatch.Append append = appends.get(i);
            for (NativeRef alias : append.records().aliases()) {
                aliases.add(alias);
                aliased.add(append.event());
            }
            for (StateWrite w : append.records().state()) {
                JdbcConnectorStateStore.upsert(c, w.connector(), w.key(), w.value(), now);
            }
        }
        mapAliases(aliased, aliases);
    }

    /**
     * Maps more ids of messages; an id already mapped keeps its first message (a client reusing message ids), as
     * {@link dev.passerelle.core.store.EventRecords} says, instead of failing the whole group commit.
     */
    private void mapAliases(List<EventId> events, List<NativeRef> aliases) throws SQLException {
        if (aliases.isEmpty()) {
            return;
        }
        int[] counts;
        try (PreparedStatement insert = JdbcMessageMap.prepareInsertIfAbsent(c)) {
            for (int i = 0; i < aliases.size(); i++) {
                JdbcMessageMap.bindInsert(insert, events.get(i), aliases.get(i), now);
                insert.addBatch();
            }
            counts = insert.executeBatch();
        }
        checkCount(counts.length, aliases.size(), "alias mappings");
        for (int i = 0; i < counts.length; i++) {
            if (!inserted(counts[i])) {
                LOG.debug("{} id {} of event {} is already mapped; the first mapping stays", aliases.get(i).network().id(),
                        aliases.get(i).nativeId(), events.get(i));
            }
        }
    }

    private void storeRendered(List<JournalBatch.RenderedUpdate> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE delivery SET rendered = ?, updated_at = ? WHERE seq = ?")) {
            for (JournalBatch.RenderedUpdate r : updates) {
                update.setBytes(1, r.rendered().payload());
                Columns.setInstant(update, 2, now);
                update.setLong(3, r.seq());
                update.addBatch();
            }
            update.executeBatch();
        }
        // The state a rendering consumed (an MLS ratchet generation) commits with its bytes or not at all.
        for (JournalBatch.RenderedUpdate r : updates) {
            for (StateWrite w : r.rendered().stateWrites()) {
                JdbcConnectorStateStore.upsert(c, w.connector(), w.key(), w.value(), now);
            }
        }
    }

    private void scheduleRetries(List<JournalBatch.Retry> retries) throws SQLException {
        if (retries.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE delivery SET attempts = ?, not_before = ?,"
                + " last_error = ?, updated_at = ? WHERE seq = ? AND status = 'PENDING'")) {
            for (JournalBatch.Retry r : retries) {
                update.setInt(1, r.attempts());
                Columns.setInstant(update, 2, r.notBefore());
                update.setString(3, clip(r.error()));
                Columns.setInstant(update, 4, now);
                update.setLong(5, r.seq());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void deadLetter(List<JournalBatch.DeadLetter> deadLetters) throws SQLException {
        if (deadLetters.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE delivery SET status = 'DEAD', attempts = ?,"
                + " last_error = ?, updated_at = ? WHERE seq = ?")) {
            for (JournalBatch.DeadLetter d : deadLetters) {
                update.setInt(1, d.attempts());
                update.setString(2, clip(d.error()));
                Columns.setInstant(update, 3, now);
                update.setLong(4, d.seq());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Deletes completed deliveries and maps the ids their targets assigned. */
    private void complete(List<JournalBatch.Done> done) throws SQLException {
        if (done.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM delivery WHERE seq = ?")) {
            for (JournalBatch.Done d : done) {
                delete.setLong(1, d.seq());
                delete.addBatch();
            }
            delete.executeBatch();
        }
        List<EventId> aliased = new ArrayList<>();
        List<NativeRef> aliases = new ArrayList<>();
        for (JournalBatch.Done d : done) {
            for (NativeRef alias : d.aliases()) {
                aliased.add(d.event());
                aliases.add(alias);
            }
        }
        mapAliases(aliased, aliases);
        List<JournalBatch.Done> results = done.stream().filter(d -> d.result().isPresent()).toList();
        if (results.isEmpty()) {
            return;
        }
        int[] counts;
        try (PreparedStatement insert = JdbcMessageMap.prepareInsertIfAbsent(c)) {
            for (JournalBatch.Done d : results) {
                JdbcMessageMap.bindInsert(insert, d.event(), d.result().get(), now);
                insert.addBatch();
            }
            counts = insert.executeBatch();
        }
        checkCount(counts.length, results.size(), "result mappings");
        for (int i = 0; i < counts.length; i++) {
            if (!inserted(counts[i])) {
                warnIfMappedElsewhere(results.get(i), results.get(i).result().get());
            }
        }
    }

    /*
     * A target id that is already mapped is normal when a completion is written twice (a resend after a
     * crash). Mapped to another event it is a target reusing ids; failing here would fail the whole group
     * commit forever, so the first mapping stays and the anomaly is reported.
     */
    private void warnIfMappedElsewhere(JournalBatch.Done done, NativeRef ref) throws SQLException {
        Optional<JdbcMessageMap.Mapping> existing = JdbcMessageMap.find(c, JdbcMessageMap.Key.of(ref));
        if (existing.isPresent() && !existing.get().event().equals(done.event())) {
            LOG.warn("delivery {} of event {} got {} id {}, which already belongs to event {}; keeping the first mapping",
                    done.seq(), done.event(), ref.network().id(), ref.nativeId(), existing.get().event());
        }
    }

    private static boolean inserted(int count) {
        if (count == Statement.SUCCESS_NO_INFO || count < 0 || count > 1) {
            // Duplicate detection needs per-row counts; e.g. PostgreSQL's reWriteBatchedInserts hides them.
            throw new StoreException("the JDBC driver returned update count " + count
                    + " for a single-row insert; do not enable batch rewriting on the store's connection", null);
        }
        return count == 1;
    }

    private static void checkCount(int actual, int expected, String what) {
        if (actual != expected) {
            throw new StoreException("the JDBC driver returned " + actual + " update counts for " + expected + " " + what, null);
        }
    }

    private static String clip(String error) {
        if (error == null) {
            return null;
        }
        return error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH);
    }
}
