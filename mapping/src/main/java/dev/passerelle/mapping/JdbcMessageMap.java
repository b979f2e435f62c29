package dev.passerelle.mapping;

import com.github.benmanes.caffeine.cache.Cache;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.MessageMap;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code message_map} table. {@link #find} reads through a cache keyed by (network, native id);
 * every write of a mapping, here or by the journal, invalidates its key once committed, so a cached
 * "unknown" never hides a later mapping.
 */
final class JdbcMessageMap implements MessageMap {

    /** The cache key of {@link #find}. */
    record Key(Network network, String nativeId) {
        static Key of(NativeRef ref) {
            return new Key(ref.network(), ref.nativeId().value());
        }
    }

    /** The stored form of one mapping, as {@link #find(Connection, Key)} reads it back. */
    record Mapping(EventId event, String roomUri) {
    }

    /*
     * ON CONFLICT DO NOTHING (PostgreSQL, and H2 in PostgreSQL mode) turns an already mapped native id
     * into an update count of 0 instead of an error: on PostgreSQL an error would abort the whole group
     * commit's transaction.
     */
    private static final String INSERT_IF_ABSENT = "INSERT INTO message_map (network, native_id, event_id, room_uri,"
            + " created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final Database db;
    private final Clock clock;
    private final Cache<Key, Optional<EventId>> byNativeId;

    JdbcMessageMap(Database db, Clock clock, Cache<Key, Optional<EventId>> byNativeId) {
        this.db = db;
        this.clock = clock;
        this.byNativeId = byNativeId;
    }

    @Override
    public void put(EventId event, NativeRef ref) {
        if (event == null || ref == null) {
            throw new IllegalArgumentException("event and native ref must not be null");
        }
        Key key = Key.of(ref);
        try {
            db.transaction("map " + ref.network().id() + " id " + ref.nativeId(), c -> {
                try (PreparedStatement insert = c.prepareStatement(INSERT_IF_ABSENT)) {
                    bindInsert(insert, event, ref, clock.instant());
                    if (insert.executeUpdate() == 1) {
                        return null;
                    }
                }
                Optional<Mapping> existing = find(c, key);
                if (existing.isPresent() && existing.get().event().equals(event)
                        && existing.get().roomUri().equals(ref.room().toUri())) {
                    return null;
                }
                throw new StoreException.Conflict(ref.network().id() + " id " + ref.nativeId() + " is already mapped to "
                        + existing.map(m -> "event " + m.event() + " in " + m.roomUri()).orElse("another event"), null);
            });
        } finally {
            byNativeId.invalidate(key);
        }
    }

    @Override
    public Optional<EventId> find(Network network, NativeId nativeId) {
        if (network == null || nativeId == null) {
            throw new IllegalArgumentException("network and native id must not be null");
        }
        return byNativeId.get(new Key(network, nativeId.value()), key -> db.read(
                "find " + key.network().id() + " id " + key.nativeId(), c -> find(c, key).map(Mapping::event)));
    }

    @Override
    public List<NativeRef> refs(EventId event) {
        if (event == null) {
            throw new IllegalArgumentException("event must not be null");
        }
        return db.read("find native ids of " + event, c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT network, room_uri, native_id FROM message_map"
                    + " WHERE event_id = ? ORDER BY created_at, network, native_id")) {
                select.setObject(1, event.value());
                List<NativeRef> refs = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        refs.add(ref(rows));
                    }
                }
                return refs;
            }
        });
    }

    /** A statement that inserts mappings, skipping native ids already mapped (update count 0). */
    static PreparedStatement prepareInsertIfAbsent(Connection c) throws SQLException {
        return c.prepareStatement(INSERT_IF_ABSENT);
    }

    static void bindInsert(PreparedStatement insert, EventId event, NativeRef ref, Instant now) throws SQLException {
        insert.setString(1, ref.network().id());
        insert.setString(2, ref.nativeId().value());
        insert.setObject(3, event.value());
        insert.setString(4, ref.room().toUri());
        Columns.setInstant(insert, 5, now);
    }

    /** Forgets what the cache knows about a native id; call after the transaction that mapped it. */
    void invalidate(NativeRef ref) {
        byNativeId.invalidate(Key.of(ref));
    }

    /** The stored mapping of a native id, read inside the caller's transaction. */
    static Optional<Mapping> find(Connection c, Key key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT event_id, room_uri FROM message_map WHERE network = ? AND native_id = ?")) {
            select.setString(1, key.network().id());
            select.setString(2, key.nativeId());
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Mapping(new EventId(Columns.uuid(rows, "event_id")), rows.getString("room_uri")));
            }
        }
    }

    private static NativeRef ref(ResultSet row) throws SQLException {
        try {
            return new NativeRef(Columns.network(row, "network"), Columns.address(row, "room_uri"),
                    new NativeId(row.getString("native_id")));
        } catch (IllegalArgumentException e) {
            throw new StoreException("stored native id " + row.getString("native_id") + " is unreadable", e);
        }
    }
}
