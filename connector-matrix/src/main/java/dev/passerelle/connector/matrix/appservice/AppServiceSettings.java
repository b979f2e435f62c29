package dev.passerelle.connector.matrix.appservice;

import dev.passerelle.core.config.ConfigSection;
import java.util.List;

/**
 * Where the {@link AppServiceServer} listens, the token the homeserver must present, and the limits put
 * on each request.
 *
 * <p>Config keys ({@link #from}), all in the Matrix connector's section:
 * <ul>
 *   <li>{@code listen-host}: default {@code 127.0.0.1} (the homeserver usually runs next to the gateway);</li>
 *   <li>{@code listen-port}: default {@code 8010}; 0 picks a free port;</li>
 *   <li>{@code hs-token}: required, the registration's {@code hs_token};</li>
 *   <li>{@code max-body-size}: default {@code 1MiB}, from 1KiB to 100MiB; Synapse sends at most 100 events
 *       and 100 ephemeral events a transaction, each under 64 KiB;</li>
 *   <li>{@code max-json-depth}: default 64, from 8 to 1000; event content nests a few levels, never
 *       dozens.</li>
 * </ul>
 *
 * @param hsToken the token every homeserver request must carry
 * @param maxBodyBytes larger request bodies get 413 {@code M_TOO_LARGE}
 * @param maxJsonDepth deeper JSON gets 400 {@code M_BAD_JSON}
 */
public record AppServiceSettings(String host, int port, String hsToken, long maxBodyBytes, int maxJsonDepth) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8010;
    public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;

    /** The keys {@link #from} reads, for the connector's {@code allowOnly}. */
    public static final List<String> KEYS = List.of("listen-host", "listen-port", "hs-token", "max-body-size",
            "max-json-depth");

    static final long MIN_BODY_BYTES = 1L << 10;
    static final long MAX_BODY_BYTES = 100L << 20;
    static final int MIN_DEPTH = 8;
    static final int MAX_DEPTH = 1000;
    static final int MIN_TOKEN_LENGTH = 16;

    public AppServiceSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("appservice listen host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("appservice listen port must be between 0 and 65535, was " + port);
        }
        if (hsToken == null || hsToken.length() < MIN_TOKEN_LENGTH || hsToken.isBlank()) {
            throw new IllegalArgumentException("hs token must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        if (maxBodyBytes < MIN_BODY_BYTES || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("max body size must be between " + MIN_BODY_BYTES + " and "
                    + MAX_BODY_BYTES + " bytes, was " + maxBodyBytes);
        }
        if (maxJsonDepth < MIN_DEPTH || maxJsonDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("max JSON depth must be between " + MIN_DEPTH + " and " + MAX_DEPTH
                    + ", was " + maxJsonDepth);
        }
    }

    /**
     * Reads the keys above from the connector's section; other keys are left for the connector to check.
     *
     * @throws dev.passerelle.core.config.ConfigException naming the key at fault
     */
    public static AppServiceSettings from(ConfigSection section) {
        String host = section.optString("listen-host", DEFAULT_HOST);
        if (host.isBlank()) {
            throw section.error("listen-host", "must not be empty");
        }
        int port = section.optInt("listen-port", DEFAULT_PORT, 0, 65535);
        String token = section.requireNonBlank("hs-token");
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw section.error("hs-token", "must be at least " + MIN_TOKEN_LENGTH + " characters (use the hs_token "
                    + "of the registration written by `passerelle generate-registration`)");
        }
        long body = section.optByteSize("max-body-size", DEFAULT_MAX_BODY_BYTES, MIN_BODY_BYTES, MAX_BODY_BYTES);
        int depth = section.optInt("max-json-depth", DEFAULT_MAX_JSON_DEPTH, MIN_DEPTH, MAX_DEPTH);
        return new AppServiceSettings(host, port, token, body, depth);
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "AppServiceSettings[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes
                + ", maxJsonDepth=" + maxJsonDepth + "]";
    }
}
