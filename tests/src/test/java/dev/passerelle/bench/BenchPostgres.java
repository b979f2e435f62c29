package dev.passerelle.bench;

import dev.passerelle.mapping.JdbcStoreConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL a benchmark writes to: the cluster named by {@code -Dpasserelle.test.pg.url} (and {@code .user},
 * {@code .password}) when given, as scripts/test passes it, or else a cluster of its own made with initdb and run
 * with pg_ctl from a temporary directory on a free loopback port, with the same settings as scripts/test's, and
 * stopped and removed by {@link #close()}. Each benchmark case gets a database of its own.
 */
final class BenchPostgres implements AutoCloseable {
    private static final String URL_PROPERTY = "passerelle.test.pg.url";

    private final String serverUrl;
    private final String user;
    private final String password;
    private final Path own;
    private final String bin;
    private final List<String> databases = new ArrayList<>();
    private final String description;

    private BenchPostgres(String serverUrl, String user, String password, Path own, String bin, String description) {
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.own = own;
        this.bin = bin;
        this.description = description;
    }

    /** The cluster of the system properties, or a new one of this JVM's own. */
    static BenchPostgres start() throws IOException, InterruptedException {
        String url = property(URL_PROPERTY);
        if (url != null) {
            return new BenchPostgres(url, orEmpty(property("passerelle.test.pg.user")),
                    orEmpty(property("passerelle.test.pg.password")), null, null, "PostgreSQL at " + url);
        }
        String bin = newestBin();
        Path dir = Files.createTempDirectory("passerelle-bench-pg");
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()), true);
        runAsPostgres(bin + "/initdb", "-D", data.toString(), "-U", "postgres", "--auth=trust", "--no-locale",
                "-E", "UTF8");
        int port = freePort();
        // Durability off as in scripts/test: the cluster lives for one benchmark run. Said in the report.
        String options = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100";
        runAsPostgres(bin + "/pg_ctl", "-D", data.toString(), "-l", dir.resolve("postgresql.log").toString(), "-w",
                "-t", "60", "-o", options, "start");
        String version = Path.of(bin).getParent().getFileName().toString();
        return new BenchPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "", dir, bin,
                "PostgreSQL " + version + " of this run (fsync, synchronous_commit and full_page_writes off)");
    }

    /** What the report says about this database server. */
    String describe() {
        return description;
    }

    /** A new, empty database {@code name} (dropped first if an earlier run left it) with the default pool. */
    JdbcStoreConfig database(String name) throws SQLException {
        if (!name.matches("[a-z0-9_]{1,48}")) {
            throw new IllegalArgumentException("database name must be 1 to 48 of a-z, 0-9, _: " + name);
        }
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        databases.add(name);
        String url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
        return new JdbcStoreConfig(url, user, password, JdbcStoreConfig.DEFAULT_POOL_SIZE,
                JdbcStoreConfig.DEFAULT_CACHE_SIZE);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (own == null) {
            try (Connection c = DriverManager.getConnection(serverUrl, user, password);
                    Statement s = c.createStatement()) {
                for (String name : databases) {
                    s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                }
            } catch (SQLException e) {
                throw new IOException("could not drop the benchmark databases " + databases, e);
            }
            return;
        }
        runAsPostgres(bin + "/pg_ctl", "-D", own.resolve("data").toString(), "-m", "fast", "-w", "stop");
        try (Stream<Path> files = Files.walk(own)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String newestBin() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("no PostgreSQL: install the postgresql package or pass "
                    + "-D" + URL_PROPERTY + "=jdbc:postgresql://HOST:PORT/postgres (and .user, .password)");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparing(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin").toString())
                    .orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        }
    }

    private static void runAsPostgres(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // initdb and postgres refuse to run as root.
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        run(full, false);
    }

    private static void run(List<String> command, boolean ignoreFailure) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
        }
        if (p.exitValue() != 0 && !ignoreFailure) {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + p.exitValue() + ":\n"
                    + new String(out, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        // Maven leaves an unset ${...} as it is.
        return v == null || v.isBlank() || v.startsWith("${") ? null : v;
    }

    private static String orEmpty(String v) {
        return v == null ? "" : v;
    }
}
