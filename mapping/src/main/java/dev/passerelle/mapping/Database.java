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
 * <p>With a write lock, writing units run one at a time, each from its first statement to its commit; reads
 * ({@link #read}) run beside them and beside each other. The embedded H2 store (2.5.252) uses one. Its MVStore saves a
 * new version of its maps (tables, indexes, undo logs) one map after another, at a commit with {@code WRITE_DELAY=0}
 * or at a write that finds too much unsaved, while other sessions may be half-way through a change: the file can hold
 * part of a change in flight and not the rest, and after a kill nothing puts it right. Killed with SIGKILL every few
 * seconds while several threads wrote (inserts, updates, then deletes of the same rows, as the journal does) and
 * started again on the same file, about one file in six came back, within three kills, with a secondary index that
 * disagreed with its table; with only the commits one at a time, still about one in 66 ({@code H2CrashIT}), and 1 in
 * 125 to 200 of the files a kill after each write would leave ({@code H2WriteBoundaryTest}). With one writer at a
 * time, none of 3,706 such files: no other change is in flight when a version is saved.
 */
final class Database implements AutoCloseable {

    /** One unit of work on a connection inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int VALIDITY_TIMEOUT_SECONDS = 2;

    private final HikariDataSource pool;
    private final Lock writes;

    /**
     * A database whose writing units run one at a time under {@code writes} (the embedded H2 store), or side by side
     * when it is null (PostgreSQL).
     */
    Database(HikariDataSource pool, Lock writes) {
        this.pool = pool;
        this.writes = writes;
    }

    /**
     * Runs {@code work}, which may write, in one transaction and commits it, under the write lock if there is one. On
     * failure the transaction is rolled back and the error is rethrown, SQL errors as a {@link StoreException} saying
     * what was being done.
     */
    <T> T transaction(String what, Work<T> work) {
        if (writes == null) {
            return unit(what, work);
        }
        writes.lock();
        try {
            return unit(what, work);
        } finally {
            writes.unlock();
        }
    }

    /**
     * Runs {@code work}, which only reads, in one transaction, beside any writing unit. As {@link #transaction}
     * otherwise; a unit that writes must go through {@link #transaction}.
     */
    <T> T read(String what, Work<T> work) {
        return unit(what, work);
    }

    private <T> T unit(String what, Work<T> work) {
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
