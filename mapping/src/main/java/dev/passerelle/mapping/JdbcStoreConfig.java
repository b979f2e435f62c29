package dev.passerelle.mapping;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the store lives and how it is pooled and cached: a JDBC URL (embedded H2 or PostgreSQL), the
 * credentials, the connection pool size and the number of entries each read-through cache may hold.
 *
 * <p>Durability: the embedded H2 store ({@link #h2File}) writes every committed transaction to its
 * file before the commit returns, so committed rows survive the process being killed (also with
 * SIGKILL). It does not force the file to the disk on each commit, so a power loss or kernel crash can
 * lose the last commits or, at worst, damage the file. PostgreSQL (with its default {@code fsync=on}
 * and {@code synchronous_commit=on}) is safe against power loss; use it where that matters.
 *
 * <p>Disk space: H2 writes changed B-tree pages to new places and does not reclaim the old ones while
 * the database is open, so under the journal's steady insert-and-delete traffic its file grows by
 * several kilobytes per event (measured: 3 GB after 200,000 events, 50 MB of it live). {@link
 * JdbcStore#close()} compacts the file. A gateway relaying many events between restarts belongs on
 * PostgreSQL.
 *
 * @param url       the JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 * @param user      the database user (may be empty for H2)
 * @param password  the password (may be empty); never printed by {@link #toString()}
 * @param poolSize  the number of pooled connections, 1 to 64
 * @param cacheSize the maximum number of entries of each read-through cache; 0 disables caching
 */
public record JdbcStoreConfig(String url, String user, String password, int poolSize, long cacheSize) {

    /** Four connections serve one router writer plus connector and admin reads. */
    public static final int DEFAULT_POOL_SIZE = 4;

    /** Enough to keep every live room and the recent message ids of a medium deployment in memory. */
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    private static final int MAX_POOL_SIZE = 64;
    private static final Pattern MEMORY_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /*
     * H2 runs in PostgreSQL mode so that one set of migrations and one set of statements serve both
     * databases (lower-case identifiers, nulls sorted last like PostgreSQL, INSERT ... ON CONFLICT DO NOTHING).
     */
    private static final String H2_COMPATIBILITY = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

    /*
     * WRITE_DELAY=0: H2 2.x (MVStore) otherwise leaves committed changes in memory and writes them from a
     * background thread every WRITE_DELAY ms (default 500), so a killed process loses the commits of the
     * last half second. With 0, the MVStore writes (but does not fsync) its changes to the file as part
     * of each commit that changed something; the operating system keeps them when the process dies.
     * DB_CLOSE_ON_EXIT=FALSE: the launcher closes the store itself during shutdown, after the last
     * journal write; H2's own shutdown hook would otherwise close the database under it.
     */
    private static final String H2_FILE_DURABILITY = ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    public JdbcStoreConfig {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("store url must not be empty");
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "store url must start with jdbc:h2: or jdbc:postgresql:, got " + redactedUrl(url));
        }
        if (user == null) {
            throw new IllegalArgumentException("store user must not be null (use \"\" for none)");
        }
        if (password == null) {
            throw new IllegalArgumentException("store password must not be null (use \"\" for none)");
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException(
                    "store poolSize must be between 1 and " + MAX_POOL_SIZE + ", was " + poolSize);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("store cacheSize must not be negative, was " + cacheSize);
        }
    }

    /**
     * The embedded H2 store in {@code dataDir/passerelle.mv.db}, durable against a killed process (not
     * against power loss), with the default pool and cache sizes.
     */
    public static JdbcStoreConfig h2File(Path dataDir) {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir must not be null");
        }
        Path base = dataDir.toAbsolutePath().normalize().resolve("passerelle");
        String path = base.toString();
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("dataDir must not contain ';' (it ends the H2 database path): " + dataDir);
        }
        return new JdbcStoreConfig("jdbc:h2:file:" + path + H2_COMPATIBILITY + H2_FILE_DURABILITY,
                "sa", "", DEFAULT_POOL_SIZE, DEFAULT_CACHE_SIZE);
    }

    /**
     * A private in-memory H2 store for tests; it disappears when the store is closed. {@code name} keeps
     * stores of one JVM apart: letters, digits, '_' and '-'.
     */
    public static JdbcStoreConfig h2Memory(String name) {
        if (name == null || !MEMORY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "in-memory store name must be 1 to 64 letters, digits, '_' or '-', got " + name);
        }
        return new JdbcStoreConfig("jdbc:h2:mem:" + name + H2_COMPATIBILITY, "sa", "", DEFAULT_POOL_SIZE,
                DEFAULT_CACHE_SIZE);
    }

    /** The same store with another pool size. */
    public JdbcStoreConfig withPoolSize(int size) {
        return new JdbcStoreConfig(url, user, password, size, cacheSize);
    }

    /** The same store with another cache size. */
    public JdbcStoreConfig withCacheSize(long size) {
        return new JdbcStoreConfig(url, user, password, poolSize, size);
    }

    /** True for an H2 database (file or memory), false for PostgreSQL. */
    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** True for an embedded H2 file database, which this process alone opens. */
    boolean isH2File() {
        return url.startsWith("jdbc:h2:file:");
    }

    /** The URL without a {@code password=} parameter, for logs and error messages. */
    public String redactedUrl() {
        return redactedUrl(url);
    }

    @Override
    public String toString() {
        return "JdbcStoreConfig[url=" + redactedUrl() + ", user=" + user + ", password="
                + (password.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + ", cacheSize=" + cacheSize + "]";
    }

    private static String redactedUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
