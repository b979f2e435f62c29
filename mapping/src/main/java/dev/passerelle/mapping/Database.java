package dev.passerelle.mapping;

import com.zaxxer.hikari.HikariDataSource;
import dev.passerelle.core.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;

/**
 * The connection pool and the one way the store talks to it: a unit of work in one transaction, with
 * SQL errors translated into {@link StoreException}s. Connections come from the pool with auto-commit
 * off; every unit commits or rolls back before the connection goes back.
 *
 * <p>With a commit lock, commits are made one at a time; the statements of the transactions still run side by side.
 * The embedded H2 store (2.5.252) uses one: killed with SIGKILL every few seconds while several threads committed
 * (inserts, and updates then deletes of the same rows, as the journal does), and started again on the same file,
 * about one file in six came back, within three kills, with a secondary index that disagreed with its table ("Row
 * not found in primary index" on every later read, which kept a gateway from starting); with commits one at a time,
 * none of 64.
 */
final class Database implements AutoCloseable {

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int VALIDITY_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final Lock commits;

    /**
     * A database whose commits are made one at a time under {@code commits} (the embedded H2 store), or side by side
     * when it is null (PostgreSQL).
     */
    Database(HikariDataSource pool, Lock commits) {
        this.pool = pool;
        this.commits = commits;
    }

    /**
     * Runs {@code work} in one transaction and commits it. On failure the transaction is rolled back and
     * the error is rethrown, SQL errors as a {@link StoreException} saying what was being done.
     */
    <T> T transaction(String what, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            try {
                T result = work.run(connection);
                commit(connection);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    private void commit(Connection connection) throws SQLException {
        if (commits == null) {
            connection.commit();
            return;
        }
        commits.lock();
        try {
            connection.commit();
        } finally {
            commits.unlock();
        }
    }

    /**
     * Shuts the embedded database down with {@code command} (SHUTDOWN COMPACT, say) on a connection of the pool; the
     * pool's connections are closed with it, so only {@link #close} is left to call.
     */
    void shutdown(String what, String command) {
        boolean done = false;
        try (Connection connection = pool.getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(command);
            done = true;
        } catch (SQLException e) {
            // Handing the connection back after the shutdown fails ("Database is already closed"): that is expected.
            if (!done) {
                throw SqlErrors.translate(what, e);
            }
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
