package dev.passerelle.mapping;

import dev.passerelle.core.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Maps SQL failures onto the outcomes store callers act on, by SQLSTATE (H2 and PostgreSQL share the
 * standard classes): a unique violation is a {@link StoreException.Conflict}; a lost connection, a
 * timeout, a serialisation failure or a deadlock is {@link StoreException.Unavailable} (worth retrying);
 * anything else is a plain {@link StoreException} (a bug or a broken database).
 */
final class SqlErrors {

    private static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    static StoreException translate(String what, SQLException e) {
        String state = sqlState(e);
        String message = what + " failed: " + e.getMessage();
        if (UNIQUE_VIOLATION.equals(state)) {
            return new StoreException.Conflict(what + " failed: a unique constraint refused it ("
                    + e.getMessage() + ")", e);
        }
        if (isTransient(e, state)) {
            return new StoreException.Unavailable(message, e);
        }
        return new StoreException(message, e);
    }

    private static boolean isTransient(SQLException e, String state) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        if (state == null) {
            return false;
        }
        return state.startsWith("08")          // connection exception
                || state.startsWith("40")      // transaction rollback: serialisation failure, deadlock
                || state.startsWith("53")      // PostgreSQL: insufficient resources
                || state.startsWith("57P")     // PostgreSQL: admin shutdown, crash shutdown, cannot connect now
                || state.equals("HYT00")       // timeout (H2: lock timeout)
                || state.equals("90098")       // H2: database is closed
                || state.equals("90121");      // H2: database closed by the VM shutting down
    }

    /** The SQLSTATE of the first exception in the chain that has one; batches wrap the real cause. */
    private static String sqlState(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null) {
                return x.getSQLState();
            }
            if (x.getCause() instanceof SQLException cause && cause.getSQLState() != null) {
                return cause.getSQLState();
            }
        }
        return null;
    }
}
