package dev.passerelle.mapping;

import com.zaxxer.hikari.HikariDataSource;
import dev.passerelle.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connection pool and the one way the store talks to it: a unit of work in one transaction, with
 * SQL errors translated into {@link StoreException}s. Connections come from the pool with auto-commit
 * off; every unit commits or rolls back before the connection goes back.
 */
final class Database implements AutoCloseable {

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int VALIDITY_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;

    Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code work} in one transaction and commits it. On failure the transaction is rolled back and
     * the error is rethrown, SQL errors as a {@link StoreException} saying what was being done.
     */
    <T> T transaction(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    /** True if a connection can be had and the database answers within a short timeout. */
    boolean isValid() {
        try (Connection connection = pool.getConnection()) {
            return connection.isValid(VALIDITY_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            // A connection that cannot be had is exactly what "not healthy" means; the pool logs the cause.
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The original failure is what the caller needs; a failed rollback rides along with it.
            cause.addSuppressed(e);
        }
    }
}
