package dev.passerelle.core.config;

import java.util.Optional;

/**
 * Where the durable store lives. Without a {@code url} the launcher uses the embedded H2 file under the
 * data directory; a {@code jdbc:postgresql:} URL selects PostgreSQL. {@code cacheSize} bounds each
 * read-through cache in entries.
 */
public record StoreSettings(Optional<String> url, Optional<String> user, Optional<String> password, int poolSize,
        long cacheSize) {

    public static final int DEFAULT_POOL_SIZE = 4;
    public static final long DEFAULT_CACHE_SIZE = 100_000;

    public StoreSettings {
        if (url == null || user == null || password == null) {
            throw new IllegalArgumentException("store url, user and password must not be null (use Optional.empty())");
        }
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:")) {
                throw new IllegalArgumentException("store url must be a JDBC URL starting with jdbc:, was " + u);
            }
        });
        if (poolSize < 1) {
            throw new IllegalArgumentException("store pool size must be at least 1, was " + poolSize);
        }
        if (cacheSize < 0) {
            throw new IllegalArgumentException("store cache size must not be negative, was " + cacheSize);
        }
    }

    /** The embedded H2 file, 4 connections, caches of 100,000 entries. */
    public static StoreSettings defaults() {
        return new StoreSettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE,
                DEFAULT_CACHE_SIZE);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StoreSettings[url=" + url.orElse("(embedded H2)") + ", user=" + user.orElse("(none)") + ", password="
                + (password.isPresent() ? "(set)" : "(none)") + ", poolSize=" + poolSize + ", cacheSize=" + cacheSize + "]";
    }
}
