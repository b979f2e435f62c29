package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.store.StoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @Test
    void uniqueViolationIsAConflict() {
        StoreException e = SqlErrors.translate("create link", new SQLException("duplicate key", "23505"));

        assertThat(e).isInstanceOf(StoreException.Conflict.class).hasMessageStartingWith("create link failed");
        assertThat(e.getCause()).hasMessage("duplicate key");
    }

    @Test
    void aUniqueViolationInsideABatchIsAConflict() {
        BatchUpdateException batch = new BatchUpdateException("batch entry 1 failed", null, 0, new int[0], null);
        batch.setNextException(new SQLException("duplicate key", "23505"));

        assertThat(SqlErrors.translate("write", batch)).isInstanceOf(StoreException.Conflict.class);
    }

    @Test
    void lostConnectionsAndTimeoutsAreUnavailable() {
        assertThat(SqlErrors.translate("read", new SQLException("connection reset", "08006")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("read", new SQLTransientConnectionException("pool timed out")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("read", new SQLException("serialization failure", "40001")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("read", new SQLException("terminating connection", "57P01")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("read", new SQLException("database is closed", "90098")))
                .isInstanceOf(StoreException.Unavailable.class);
    }

    @Test
    void otherErrorsAreNeitherConflictsNorRetryable() {
        StoreException e = SqlErrors.translate("read", new SQLException("relation does not exist", "42P01"));

        assertThat(e).isNotInstanceOf(StoreException.Conflict.class).isNotInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("read", new SQLException("no state")))
                .isNotInstanceOf(StoreException.Conflict.class).isNotInstanceOf(StoreException.Unavailable.class);
    }
}
