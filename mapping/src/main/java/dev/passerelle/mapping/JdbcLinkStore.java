package dev.passerelle.mapping;

import com.github.benmanes.caffeine.cache.Cache;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.LinkStore;
import dev.passerelle.core.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Links in {@code links} and {@code link_rooms}. {@link #findByRoom} is on every inbound event's path,
 * so it reads through a cache keyed by room URI; creating or deleting a link invalidates its rooms.
 */
final class JdbcLinkStore implements LinkStore {

    private static final String SELECT = "SELECT l.link_id, l.kind, l.created_at, r.room_uri"
            + " FROM links l JOIN link_rooms r ON r.link_id = l.link_id";

    private final Database db;
    private final Cache<String, Optional<Link>> byRoom;

    JdbcLinkStore(Database db, Cache<String, Optional<Link>> byRoom) {
        this.db = db;
        this.byRoom = byRoom;
    }

    @Override
    public void create(Link link) {
        if (link == null) {
            throw new IllegalArgumentException("link must not be null");
        }
        try {
            db.transaction("create link " + link.id(), c -> {
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO links (link_id, kind, created_at) VALUES (?, ?, ?)")) {
                    insert.setObject(1, link.id().value());
                    insert.setString(2, link.kind().name());
                    Columns.setInstant(insert, 3, link.created());
                    insert.executeUpdate();
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO link_rooms (room_uri, link_id, network) VALUES (?, ?, ?)")) {
                    for (Address room : link.rooms()) {
                        insert.setString(1, room.toUri());
                        insert.setObject(2, link.id().value());
                        insert.setString(3, room.network().id());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                return null;
            });
        } catch (StoreException.Conflict e) {
            throw new StoreException.Conflict("link " + link.id() + " not created: one of its rooms " + rooms(link)
                    + " already belongs to a link, or the id is taken", e);
        } finally {
            // Lookups may have cached "no link" for these rooms.
            link.rooms().forEach(room -> byRoom.invalidate(room.toUri()));
        }
    }

    @Override
    public Optional<Link> find(LinkId id) {
        if (id == null) {
            throw new IllegalArgumentException("link id must not be null");
        }
        return db.read("find link " + id, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT + " WHERE l.link_id = ?")) {
                select.setObject(1, id.value());
                return single(select);
            }
        });
    }

    @Override
    public Optional<Link> findByRoom(Address room) {
        if (room == null) {
            throw new IllegalArgumentException("room must not be null");
        }
        return byRoom.get(room.toUri(), uri -> db.read("find link of room " + uri, c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT
                    + " WHERE l.link_id = (SELECT link_id FROM link_rooms WHERE room_uri = ?)")) {
                select.setString(1, uri);
                return single(select);
            }
        }));
    }

    @Override
    public List<Link> list() {
        return db.read("list links", c -> {
            try (PreparedStatement select = c.prepareStatement(SELECT + " ORDER BY l.created_at, l.link_id")) {
                return links(select);
            }
        });
    }

    @Override
    public boolean delete(LinkId id) {
        if (id == null) {
            throw new IllegalArgumentException("link id must not be null");
        }
        List<String> rooms = new ArrayList<>();
        try {
            return db.transaction("delete link " + id, c -> {
                try (PreparedStatement select = c.prepareStatement("SELECT room_uri FROM link_rooms WHERE link_id = ?")) {
                    select.setObject(1, id.value());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            rooms.add(rows.getString(1));
                        }
                    }
                }
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM links WHERE link_id = ?")) {
                    delete.setObject(1, id.value());
                    return delete.executeUpdate() == 1;
                }
            });
        } finally {
            byRoom.invalidateAll(rooms);
        }
    }

    private static Optional<Link> single(PreparedStatement select) throws SQLException {
        List<Link> links = links(select);
        return links.isEmpty() ? Optional.empty() : Optional.of(links.get(0));
    }

    /** Folds the one-row-per-room join back into links, keeping the query's order of links. */
    private static List<Link> links(PreparedStatement select) throws SQLException {
        Map<UUID, Row> byId = new LinkedHashMap<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                UUID id = Columns.uuid(rows, "link_id");
                Row row = byId.get(id);
                if (row == null) {
                    row = new Row(id, rows.getString("kind"), Columns.instant(rows, "created_at"), new HashSet<>());
                    byId.put(id, row);
                }
                row.rooms().add(Columns.address(rows, "room_uri"));
            }
        }
        List<Link> links = new ArrayList<>(byId.size());
        for (Row row : byId.values()) {
            links.add(row.toLink());
        }
        return links;
    }

    private static String rooms(Link link) {
        return link.rooms().stream().map(Address::toUri).sorted().toList().toString();
    }

    /** One link while its rooms are being collected from the join. */
    private record Row(UUID id, String kind, Instant created, Set<Address> rooms) {
        Link toLink() {
            try {
                return new Link(new LinkId(id), Link.Kind.valueOf(kind), rooms, created);
            } catch (IllegalArgumentException e) {
                throw new StoreException("stored link " + id + " is unreadable", e);
            }
        }
    }
}
