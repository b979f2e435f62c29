package dev.passerelle.connector.matrix.client;

import dev.passerelle.core.config.ConfigSection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How the client reaches the homeserver: its base URL, the appservice's {@code as_token}, the size of the
 * connection pool (also the number of requests in flight), the time one call may take, and the largest JSON
 * answer it reads. {@link #toString()} never shows the token.
 */
public record ClientSettings(URI homeserver, String asToken, int maxConnections, Duration callTimeout,
                             long maxResponseBytes) {

    public static final int DEFAULT_MAX_CONNECTIONS = 32;
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 1L << 20;

    static final int MAX_CONNECTIONS_LIMIT = 1024;
    static final Duration MIN_CALL_TIMEOUT = Duration.ofSeconds(1);
    static final Duration MAX_CALL_TIMEOUT = Duration.ofMinutes(10);
    static final long MIN_RESPONSE_BYTES = 1L << 10;
    static final long MAX_RESPONSE_BYTES_LIMIT = 64L << 20;

    public ClientSettings {
        if (homeserver == null) {
            throw new IllegalArgumentException("homeserver must not be null");
        }
        String scheme = homeserver.getScheme() == null ? "" : homeserver.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("homeserver must be an http or https URL, was " + homeserver);
        }
        if (homeserver.getHost() == null) {
            throw new IllegalArgumentException("homeserver must name a host, was " + homeserver);
        }
        if (homeserver.getRawQuery() != null || homeserver.getRawFragment() != null
                || homeserver.getRawUserInfo() != null) {
            throw new IllegalArgumentException("homeserver must have no user info, query or fragment, was " + homeserver);
        }
        checkToken(asToken);
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("maxConnections must be between 1 and " + MAX_CONNECTIONS_LIMIT
                    + ", was " + maxConnections);
        }
        if (callTimeout == null || callTimeout.compareTo(MIN_CALL_TIMEOUT) < 0
                || callTimeout.compareTo(MAX_CALL_TIMEOUT) > 0) {
            throw new IllegalArgumentException("callTimeout must be between " + MIN_CALL_TIMEOUT + " and "
                    + MAX_CALL_TIMEOUT + ", was " + callTimeout);
        }
        if (maxResponseBytes < MIN_RESPONSE_BYTES || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxResponseBytes must be between " + MIN_RESPONSE_BYTES + " and "
                    + MAX_RESPONSE_BYTES_LIMIT + ", was " + maxResponseBytes);
        }
    }

    /** Settings with the default pool size, call timeout and response cap. */
    public static ClientSettings of(URI homeserver, String asToken) {
        return new ClientSettings(homeserver, asToken, DEFAULT_MAX_CONNECTIONS, DEFAULT_CALL_TIMEOUT,
                DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * Reads {@code homeserver-url}, {@code as-token}, {@code max-connections} (default 32), {@code call-timeout}
     * (ISO-8601, default PT30S) and {@code max-response-size} (default 1MiB). Other keys of the section are left
     * to its owner, which lists them all with {@link ConfigSection#allowOnly}.
     *
     * @throws dev.passerelle.core.config.ConfigException naming the key of the first bad value
     */
    public static ClientSettings from(ConfigSection section) {
        URI homeserver = section.requireUri("homeserver-url", "http", "https");
        if (homeserver.getHost() == null || homeserver.getRawQuery() != null || homeserver.getRawFragment() != null
                || homeserver.getRawUserInfo() != null) {
            throw section.error("homeserver-url", "must be a URL with a host and no user info, query or fragment, was "
                    + homeserver);
        }
        String token = section.requireNonBlank("as-token");
        try {
            checkToken(token);
        } catch (IllegalArgumentException e) {
            throw section.error("as-token", "must be printable ASCII without spaces");
        }
        int maxConnections = section.optInt("max-connections", DEFAULT_MAX_CONNECTIONS, 1, MAX_CONNECTIONS_LIMIT);
        Duration callTimeout = section.optDuration("call-timeout", DEFAULT_CALL_TIMEOUT, MIN_CALL_TIMEOUT,
                MAX_CALL_TIMEOUT);
        long maxResponse = section.optByteSize("max-response-size", DEFAULT_MAX_RESPONSE_BYTES, MIN_RESPONSE_BYTES,
                MAX_RESPONSE_BYTES_LIMIT);
        return new ClientSettings(homeserver, token, maxConnections, callTimeout, maxResponse);
    }

    private static void checkToken(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("asToken must not be empty");
        }
        // It goes into an Authorization header: anything else would be refused by OkHttp, or split the header.
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("asToken must be printable ASCII without spaces");
            }
        }
    }

    @Override
    public String toString() {
        return "ClientSettings[homeserver=" + homeserver + ", asToken=<hidden>, maxConnections=" + maxConnections
                + ", callTimeout=" + callTimeout + ", maxResponseBytes=" + maxResponseBytes + "]";
    }
}
