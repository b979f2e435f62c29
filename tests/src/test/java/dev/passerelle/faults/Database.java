package dev.passerelle.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own on the tests' PostgreSQL server ({@code -Dpasserelle.test.pg.url}, {@code .user},
 * {@code .password}, as scripts/test passes them), for a gateway instance to use as its store.
 */
record Database(String serverUrl, String name, String user, String password) {

    static Database create(String prefix) {
        String url = System.getProperty("passerelle.test.pg.url", "");
        if (url.isBlank()) {
            throw new IllegalStateException("no PostgreSQL server: pass -Dpasserelle.test.pg.url=jdbc:postgresql://"
                    + "HOST:PORT/postgres (and .user, .password), as scripts/test does");
        }
        Database db = new Database(url, prefix + "_" + UUID.randomUUID().toString().substring(0, 8),
                System.getProperty("passerelle.test.pg.user", "postgres"),
                System.getProperty("passerelle.test.pg.password", "postgres"));
        db.execute("CREATE DATABASE " + db.name);
        return db;
    }

    /** The JDBC URL of this database (the server's URL with the database name replaced). */
    String url() {
        int slash = serverUrl.lastIndexOf('/');
        int query = serverUrl.indexOf('?', slash);
        return serverUrl.substring(0, slash + 1) + name + (query < 0 ? "" : serverUrl.substring(query));
    }

    void drop() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + serverUrl + " failed", e);
        }
    }
}
