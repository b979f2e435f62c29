package dev.passerelle.mapping;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Whether a store's schema is already at the version of this build's migrations, read from Flyway's history table
 * with one query. On a restart the schema is current, and loading Flyway only to find nothing to do took about half a
 * second of the start-up; {@link JdbcStore#open} runs Flyway only when this says no (a new store, an older schema, a
 * failed migration, a history it cannot read), and Flyway then migrates, validates or refuses as it always did.
 */
final class Schema {

    /** The version of the newest migration under {@code db/migration} ({@code V<n>__*.sql}); a test keeps them equal. */
    static final int VERSION = 1;

    private Schema() {
    }

    /**
     * True if Flyway's history lists every migration as successful and the newest as {@link #VERSION}; false when
     * the history is missing or cannot be read, lists a failure, or stops at another version (older, or newer: a
     * store written by a later release, which Flyway refuses).
     */
    static boolean current(DataSource pool) {
        try (Connection c = pool.getConnection()) {
            try (Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\"")) {
                int newest = 0;
                while (rows.next()) {
                    if (!rows.getBoolean(2)) {
                        return false;
                    }
                    String version = rows.getString(1);
                    if (version != null) {
                        newest = Math.max(newest, Integer.parseInt(version.trim()));
                    }
                }
                return newest == VERSION;
            } finally {
                c.rollback();
            }
        } catch (SQLException | NumberFormatException e) {
            // A new store has no history yet; anything else unexpected is left to Flyway to judge.
            return false;
        }
    }
}
