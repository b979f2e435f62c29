package dev.passerelle.mapping;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on PostgreSQL. The server comes from {@code -Dpasserelle.test.pg.url} (with
 * {@code passerelle.test.pg.user}, default "postgres", and {@code passerelle.test.pg.password}, default
 * empty), which scripts/test sets after starting a throwaway PostgreSQL. Each test gets a schema of its
 * own, dropped when the class is done.
 */
class PostgresStoreIT extends StoreContract {

    private static final List<String> SCHEMAS = new ArrayList<>();
    private static String url;
    private static String user;
    private static String password;

    @BeforeAll
    static void server() {
        url = System.getProperty("passerelle.test.pg.url", "");
        if (url.isBlank()) {
            fail("PostgresStoreIT needs a PostgreSQL server: run it through scripts/test, which starts one and"
                    + " passes -Dpasserelle.test.pg.url=jdbc:postgresql://host:port/db");
        }
        user = System.getProperty("passerelle.test.pg.user", "postgres");
        password = System.getProperty("passerelle.test.pg.password", "");
    }

    @AfterAll
    static void dropSchemas() throws SQLException {
        if (SCHEMAS.isEmpty()) {
            return;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String schema : SCHEMAS) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        SCHEMAS.clear();
    }

    @Override
    JdbcStoreConfig newDatabase() throws SQLException {
        String schema = "passerelle_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        SCHEMAS.add(schema);
        String separator = url.contains("?") ? "&" : "?";
        return new JdbcStoreConfig(url + separator + "currentSchema=" + schema, user, password,
                JdbcStoreConfig.DEFAULT_POOL_SIZE, JdbcStoreConfig.DEFAULT_CACHE_SIZE);
    }
}
