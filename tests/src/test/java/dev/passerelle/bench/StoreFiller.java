package dev.passerelle.bench;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.store.Link;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Fills a store fast, offline: the schema is made by {@link JdbcStore#open} (Flyway), then rows go in with plain
 * JDBC batches into the tables of mapping/'s V1 migration, in the forms the store itself writes (addresses as URIs,
 * networks by id, UTC timestamps). Far faster than the store's one-row-per-call API for a million rows.
 */
final class StoreFiller implements AutoCloseable {
    private static final int BATCH = 5_000;

    private final Connection c;
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);

    private final boolean h2;

    private StoreFiller(Connection c, boolean h2) {
        this.c = c;
        this.h2 = h2;
    }

    /** Creates the schema (if new) and opens one connection for the batches. */
    static StoreFiller open(JdbcStoreConfig config) throws SQLException {
        JdbcStore.open(config, new SimpleMeterRegistry()).close();
        String url = config.url();
        if (config.isH2()) {
            // Offline, a killed filler loses nothing of value: commit without writing each commit's pages.
            url = url.replace(";WRITE_DELAY=0", "");
        } else {
            // The driver then sends a batch as multi-row INSERTs: several times faster on loopback.
            url = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        }
        Connection c = DriverManager.getConnection(url, config.user(), config.password());
        c.setAutoCommit(false);
        return new StoreFiller(c, config.isH2());
    }

    /** One link of {@code kind} per entry of {@code rooms}, each with its rooms (one per network). */
    void links(Link.Kind kind, List<List<Address>> rooms) throws SQLException {
        try (PreparedStatement link = c.prepareStatement(
                "INSERT INTO links (link_id, kind, created_at) VALUES (?, ?, ?)");
                PreparedStatement room = c.prepareStatement(
                        "INSERT INTO link_rooms (room_uri, link_id, network) VALUES (?, ?, ?)")) {
            int n = 0;
            for (List<Address> addresses : rooms) {
                UUID id = UUID.randomUUID();
                link.setObject(1, id);
                link.setString(2, kind.name());
                link.setObject(3, now);
                link.addBatch();
                for (Address a : addresses) {
                    room.setString(1, a.toUri());
                    room.setObject(2, id);
                    room.setString(3, a.network().id());
                    room.addBatch();
                }
                if (++n % BATCH == 0) {
                    flush(link, room);
                }
            }
            flush(link, room);
        }
    }

    /** One ghost: {@code ghost} on its network stands for {@code real}. */
    interface GhostSource {
        Address real(int i);

        Address ghost(int i);
    }

    void ghosts(int count, GhostSource source) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ghosts (real_uri, ghost_network, ghost_uri,"
                + " display_name, avatar_uri, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                Address ghost = source.ghost(i);
                insert.setString(1, source.real(i).toUri());
                insert.setString(2, ghost.network().id());
                insert.setString(3, ghost.toUri());
                insert.setString(4, "User " + i);
                insert.setString(5, null);
                insert.setObject(6, now);
                insert.setObject(7, now);
                insert.addBatch();
                if ((i + 1) % BATCH == 0) {
                    flush(insert);
                }
            }
            flush(insert);
        }
    }

    /** Where message {@code i} is: its room on {@code network} and its native id there. */
    interface MappingSource {
        Address room(int i, Network network);

        String nativeId(int i, Network network);
    }

    /** {@code events} relayed messages, each mapped on every network of {@code networks}. */
    void mappings(int events, List<Network> networks, MappingSource source) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO message_map (network, native_id, event_id,"
                + " room_uri, created_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < events; i++) {
                UUID event = UUID.randomUUID();
                for (Network n : networks) {
                    insert.setString(1, n.id());
                    insert.setString(2, source.nativeId(i, n));
                    insert.setObject(3, event);
                    insert.setString(4, source.room(i, n).toUri());
                    insert.setObject(5, now);
                    insert.addBatch();
                }
                if ((i + 1) % BATCH == 0) {
                    flush(insert);
                }
            }
            flush(insert);
        }
    }

    /** The number of rows of {@code table}, to check a fill. */
    long count(String table) throws SQLException {
        if (!List.of("ghosts", "links", "link_rooms", "message_map").contains(table)) {
            throw new IllegalArgumentException("not a table the filler writes: " + table);
        }
        try (Statement s = c.createStatement(); var rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void flush(PreparedStatement... statements) throws SQLException {
        for (PreparedStatement s : statements) {
            s.executeBatch();
        }
        c.commit();
    }

    /** The moment rows are stamped with. */
    Instant stamp() {
        return now.toInstant();
    }

    @Override
    public void close() throws SQLException {
        if (h2) {
            // The file as the gateway leaves it after a clean stop.
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        }
        c.close();
    }
}
