package dev.passerelle.mapping;

import com.github.benmanes.caffeine.cache.Cache;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.GhostStore;
import dev.passerelle.core.store.StoreException;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ghosts in the {@code ghosts} table, with a read-through cache in front of {@link #find}. */
final class JdbcGhostStore implements GhostStore {

    /** The cache key of {@link #find}: a real user and the network the ghost lives on. */
    record Key(String realUri, Network on) {
    }

    private static final String COLUMNS = "real_uri, ghost_uri, display_name, avatar_uri, created_at";

    private final Database db;
    private final Clock clock;
    private final Cache<Key, Optional<Ghost>> byReal;

    JdbcGhostStore(Database db, Clock clock, Cache<Key, Optional<Ghost>> byReal) {
        this.db = db;
        this.clock = clock;
        this.byReal = byReal;
    }

    @Override
    public void save(Ghost ghost) {
        if (ghost == null) {
            throw new IllegalArgumentException("ghost must not be null");
        }
        Key key = new Key(ghost.real().toUri(), ghost.ghost().network());
        try {
            db.transaction("save ghost " + ghost.ghost().toUri(), c -> {
                // Only the profile changes; a different ghost address for the same user falls through to
                // the insert, whose primary key refuses it as a conflict.
                try (PreparedStatement update = c.prepareStatement("UPDATE ghosts SET display_name = ?, avatar_uri = ?,"
                        + " updated_at = ? WHERE real_uri = ? AND ghost_network = ? AND ghost_uri = ?")) {
                    update.setString(1, ghost.displayName().orElse(null));
                    update.setString(2, ghost.avatar().map(URI::toString).orElse(null));
                    Columns.setInstant(update, 3, clock.instant());
                    update.setString(4, key.realUri());
                    update.setString(5, key.on().id());
                    update.setString(6, ghost.ghost().toUri());
                    if (update.executeUpdate() == 1) {
                        return null;
                    }
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO ghosts (real_uri, ghost_network, ghost_uri,"
                        + " display_name, avatar_uri, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, key.realUri());
                    insert.setString(2, key.on().id());
                    insert.setString(3, ghost.ghost().toUri());
                    insert.setString(4, ghost.displayName().orElse(null));
                    insert.setString(5, ghost.avatar().map(URI::toString).orElse(null));
                    Columns.setInstant(insert, 6, ghost.created());
                    Columns.setInstant(insert, 7, clock.instant());
                    insert.executeUpdate();
                }
                return null;
            });
        } finally {
            byReal.invalidate(key);
        }
    }

    @Override
    public Optional<Ghost> find(Address real, Network on) {
        if (real == null || on == null) {
            throw new IllegalArgumentException("real address and network must not be null");
        }
        Key key = new Key(real.toUri(), on);
        return byReal.get(key, k -> db.read("find ghost of " + k.realUri(), c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM ghosts WHERE real_uri = ? AND ghost_network = ?")) {
                select.setString(1, k.realUri());
                select.setString(2, k.on().id());
                return single(select);
            }
        }));
    }

    @Override
    public Optional<Ghost> findByGhost(Address ghost) {
        if (ghost == null) {
            throw new IllegalArgumentException("ghost address must not be null");
        }
        return db.read("find ghost " + ghost.toUri(), c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM ghosts WHERE ghost_uri = ?")) {
                select.setString(1, ghost.toUri());
                return single(select);
            }
        });
    }

    @Override
    public List<Ghost> list(int offset, int limit) {
        Paging.check(offset, limit);
        return db.read("list ghosts", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM ghosts ORDER BY created_at, ghost_uri LIMIT ? OFFSET ?")) {
                select.setInt(1, limit);
                select.setInt(2, offset);
                List<Ghost> ghosts = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ghosts.add(ghost(rows));
                    }
                }
                return ghosts;
            }
        });
    }

    @Override
    public long count() {
        return db.read("count ghosts", c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM ghosts");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static Optional<Ghost> single(PreparedStatement select) throws SQLException {
        try (ResultSet rows = select.executeQuery()) {
            return rows.next() ? Optional.of(ghost(rows)) : Optional.empty();
        }
    }

    private static Ghost ghost(ResultSet row) throws SQLException {
        String avatar = row.getString("avatar_uri");
        Optional<URI> avatarUri;
        try {
            avatarUri = avatar == null ? Optional.empty() : Optional.of(new URI(avatar));
        } catch (URISyntaxException e) {
            throw new StoreException("stored avatar_uri is unreadable: " + avatar, e);
        }
        return new Ghost(Columns.address(row, "real_uri"), Columns.address(row, "ghost_uri"),
                Optional.ofNullable(row.getString("display_name")), avatarUri, Columns.instant(row, "created_at"));
    }
}
