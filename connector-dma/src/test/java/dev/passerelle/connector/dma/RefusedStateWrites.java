package dev.passerelle.connector.dma;

import dev.passerelle.mapping.JdbcStoreConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.api.Trigger;

/**
 * An H2 trigger on an instance's connector state that refuses the writes of keys starting with a prefix, as a store
 * that times out or is full would: the write fails, its transaction is rolled back and nothing of it is saved.
 */
public final class RefusedStateWrites implements Trigger {

    private static volatile String refusedPrefix;

    /** Refuses, from now on, every write of a connector state key starting with {@code prefix} in that store. */
    static void refuse(JdbcStoreConfig store, String prefix) {
        refusedPrefix = prefix;
        try (Connection c = DriverManager.getConnection(store.url(), store.user(), store.password());
                Statement s = c.createStatement()) {
            for (String op : new String[] {"INSERT", "UPDATE"}) {
                s.execute("CREATE TRIGGER IF NOT EXISTS refuse_" + op.toLowerCase(java.util.Locale.ROOT)
                        + " BEFORE " + op + " ON connector_state FOR EACH ROW CALL '"
                        + RefusedStateWrites.class.getName() + "'");
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not install the trigger: " + e.getMessage(), e);
        }
    }

    /** Lets every write through again. */
    static void allow() {
        refusedPrefix = null;
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        String prefix = refusedPrefix;
        if (prefix != null && newRow != null && String.valueOf(newRow[1]).startsWith(prefix)) {
            throw new SQLException("the test refuses writes of " + prefix + "*");
        }
    }
}
