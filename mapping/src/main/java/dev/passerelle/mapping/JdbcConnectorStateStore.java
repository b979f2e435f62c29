package dev.passerelle.mapping;

import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.StateChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code connector_state} table: one row per (connector, key). Not cached: connectors read it rarely. */
final class JdbcConnectorStateStore implements ConnectorStateStore {

    private static final int MAX_CONNECTOR_LENGTH = 64;
    /** Rows one transaction of {@link #deleteWrittenBefore} deletes at most. */
    static final int SWEEP_ROWS = 1_000;

    private final Database db;
    private final Clock clock;

    JdbcConnectorStateStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public Optional<byte[]> get(String connector, String key) {
        check(connector, key);
        return db.read("read state " + connector + "/" + key, c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT state_value FROM connector_state WHERE connector = ? AND state_key = ?")) {
                select.setString(1, connector);
                select.setString(2, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void put(String connector, String key, byte[] value) {
        check(connector, key);
        if (value == null) {
            throw new IllegalArgumentException("state value must not be null (use delete)");
        }
        byte[] copy = value.clone();
        db.transaction("write state " + connector + "/" + key, c -> {
            Instant now = clock.instant();
            upsert(c, connector, key, copy, now);
            return null;
        });
    }

    @Override
    public void delete(String connector, String key) {
        check(connector, key);
        db.transaction("delete state " + connector + "/" + key, c -> {
            delete(c, connector, key);
            return null;
        });
    }

    @Override
    public void apply(String connector, List<StateChange> changes) {
        for (StateChange change : changes) {
            check(connector, change.key());
        }
        if (changes.isEmpty()) {
            return;
        }
        List<StateChange> copy = List.copyOf(changes);
        db.transaction("write " + copy.size() + " state keys of " + connector, c -> {
            Instant now = clock.instant();
            for (StateChange change : copy) {
                Optional<byte[]> value = change.value();
                if (value.isPresent()) {
                    upsert(c, connector, change.key(), value.get(), now);
                } else {
                    delete(c, connector, change.key());
                }
            }
            return null;
        });
    }

    @Override
    public int deleteWrittenBefore(String connector, String keyPrefix, Instant before) {
        check(connector, keyPrefix);
        String like = keyPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        int total = 0;
        int deleted;
        do {
            // A bounded subquery, which H2 and PostgreSQL both take (neither has a portable DELETE ... LIMIT).
            deleted = db.transaction("sweep state " + connector + "/" + keyPrefix, c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM connector_state WHERE connector = ?"
                        + " AND state_key IN (SELECT state_key FROM connector_state WHERE connector = ?"
                        + " AND state_key LIKE ? ESCAPE '\\' AND updated_at < ? LIMIT " + SWEEP_ROWS + ")")) {
                    delete.setString(1, connector);
                    delete.setString(2, connector);
                    delete.setString(3, like);
                    Columns.setInstant(delete, 4, before);
                    return delete.executeUpdate();
                }
            });
            total += deleted;
        } while (deleted == SWEEP_ROWS);
        return total;
    }

    private static void delete(Connection c, String connector, String key) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM connector_state WHERE connector = ? AND state_key = ?")) {
            delete.setString(1, connector);
            delete.setString(2, key);
            delete.executeUpdate();
        }
    }

    /** Writes one entry inside the caller's transaction; the journal uses it for a rendering's state writes. */
    static void upsert(Connection c, String connector, String key, byte[] value, Instant now) throws SQLException {
        // Update, else insert; a concurrent insert of the same key makes the insert a no-op and the
        // second update wins. Portable where MERGE and ON CONFLICT DO UPDATE are not.
        if (update(c, connector, key, value, now) == 0 && insert(c, connector, key, value, now) == 0) {
            update(c, connector, key, value, now);
        }
    }

    private static int update(Connection c, String connector, String key, byte[] value, Instant now) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE connector_state SET state_value = ?, updated_at = ? WHERE connector = ? AND state_key = ?")) {
            update.setBytes(1, value);
            Columns.setInstant(update, 2, now);
            update.setString(3, connector);
            update.setString(4, key);
            return update.executeUpdate();
        }
    }

    private static int insert(Connection c, String connector, String key, byte[] value, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO connector_state (connector, state_key,"
                + " state_value, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, connector);
            insert.setString(2, key);
            insert.setBytes(3, value);
            Columns.setInstant(insert, 4, now);
            return insert.executeUpdate();
        }
    }

    private static void check(String connector, String key) {
        if (connector == null || connector.isEmpty() || connector.length() > MAX_CONNECTOR_LENGTH) {
            throw new IllegalArgumentException("connector name must be 1 to " + MAX_CONNECTOR_LENGTH
                    + " characters, got " + connector);
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state key must not be empty");
        }
    }
}
