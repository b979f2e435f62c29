package dev.passerelle.mapping;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * How domain values become column values and back: addresses as their URI text, networks by id,
 * instants as {@code TIMESTAMP WITH TIME ZONE} in UTC. Both databases keep microseconds, so instants
 * are truncated to microseconds on the way in, and read back exactly as stored.
 */
final class Columns {

    private Columns() {
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        if (value == null) {
            throw unreadable(column, "null");
        }
        return value.toInstant();
    }

    static UUID uuid(ResultSet row, String column) throws SQLException {
        UUID value = row.getObject(column, UUID.class);
        if (value == null) {
            throw unreadable(column, "null");
        }
        return value;
    }

    static Address address(ResultSet row, String column) throws SQLException {
        String uri = row.getString(column);
        try {
            return Addresses.parse(uri);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw unreadable(column, uri, e);
        }
    }

    static Network network(ResultSet row, String column) throws SQLException {
        String id = row.getString(column);
        try {
            return Network.fromId(id);
        } catch (IllegalArgumentException e) {
            throw unreadable(column, id, e);
        }
    }

    private static StoreException unreadable(String column, String value) {
        return new StoreException("stored " + column + " is unreadable: " + value, null);
    }

    private static StoreException unreadable(String column, String value, RuntimeException cause) {
        return new StoreException("stored " + column + " is unreadable: " + value, cause);
    }
}
