package dev.passerelle.core.config;

import dev.passerelle.core.admin.AdminSettings;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.media.MediaSettings;
import dev.passerelle.core.media.WebFetchSettings;
import dev.passerelle.core.router.RouterSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the sections the core owns into their settings records; the rules live here, one method per section. */
final class GatewayConfigReader {

    static final Path DEFAULT_DATA_DIR = Path.of("data");
    static final int MIN_SIGNING_KEY_BYTES = 32;
    static final long MIB = 1L << 20;

    // A DNS name: dot-separated labels of letters, digits and inner hyphens.
    private static final Pattern DNS_NAME =
            Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    // A Matrix server name: a DNS name, IPv4 or bracketed IPv6 literal, optional port.
    private static final Pattern MATRIX_SERVER =
            Pattern.compile("(?i)([a-z0-9.-]{1,255}|\\[[0-9a-f:.]{2,45}\\])(:\\d{1,5})?");
    // The characters a Matrix user localpart may hold (the spec's historical grammar minus upper case).
    private static final Pattern MATRIX_PREFIX = Pattern.compile("[a-z0-9._=/+-]{1,64}");

    private GatewayConfigReader() {
    }

    static GatewayConfig read(ConfigSection root) {
        root.allowOnly("data-dir", "store", "admin", "media", "ghosts", "router", "connectors");
        return new GatewayConfig(
                root.optPath("data-dir", DEFAULT_DATA_DIR),
                store(root.section("store")),
                admin(root.section("admin")),
                media(root.section("media")),
                webFetch(root.section("media")),
                ghosts(root.section("ghosts")),
                router(root.section("router")),
                connectors(root.section("connectors")));
    }

    static StoreSettings store(ConfigSection s) {
        s.allowOnly("url", "user", "password", "pool-size", "cache-size");
        Optional<String> url = s.optString("url");
        if (url.isPresent() && !url.get().startsWith("jdbc:")) {
            throw s.error("url", "must be a JDBC URL such as jdbc:postgresql://db.example:5432/passerelle, was '"
                    + url.get() + "'");
        }
        return new StoreSettings(url, s.optString("user"), s.optString("password"),
                s.optInt("pool-size", StoreSettings.DEFAULT_POOL_SIZE, 1, 100),
                s.optLong("cache-size", StoreSettings.DEFAULT_CACHE_SIZE, 0, 100_000_000));
    }

    static AdminSettings admin(ConfigSection s) {
        s.allowOnly("host", "port", "token");
        String host = host(s, "host");
        int port = s.optInt("port", 8008, 1, 65535);
        Optional<String> token = s.optString("token");
        if (token.isPresent()) {
            AdminSettings.tokenProblem(token.get()).ifPresent(p -> {
                throw s.error("token", p);
            });
        } else if (!AdminSettings.isLoopback(host)) {
            throw s.error("token", "required because admin.host (" + host
                    + ") is not a loopback address; set a random token of at least "
                    + AdminSettings.MIN_TOKEN_LENGTH + " characters");
        }
        return new AdminSettings(host, port, token);
    }

    static MediaSettings media(ConfigSection s) {
        s.allowOnly("host", "port", "public-base-url", "signing-key", "url-ttl", "max-bytes", "fetch-web",
                "fetch-private-addresses", "fetch-timeout");
        String host = host(s, "host");
        int port = s.optInt("port", 8009, 1, 65535);
        URI base = s.optUri("public-base-url", "http", "https").orElseGet(() -> {
            if (!AdminSettings.isLoopback(host)) {
                throw s.error("public-base-url", "required when media.host (" + host
                        + ") is not a loopback address: the URL other networks fetch media from");
            }
            return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        });
        if (base.getHost() == null || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw s.error("public-base-url", "must be an http(s) URL with a host and no query or fragment, was " + base);
        }
        byte[] key = s.optBase64("signing-key", MIN_SIGNING_KEY_BYTES).orElseThrow(() -> s.error("signing-key",
                "required: a base64 key of at least " + MIN_SIGNING_KEY_BYTES
                        + " random bytes (passerelle init writes one)"));
        Duration ttl = s.optDuration("url-ttl", Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofDays(7));
        long maxBytes = s.optByteSize("max-bytes", 100 * MIB, 1, 1L << 40);
        return new MediaSettings(host, port, base, key, ttl, maxBytes);
    }

    static WebFetchSettings webFetch(ConfigSection s) {
        WebFetchSettings d = WebFetchSettings.defaults();
        return new WebFetchSettings(s.optBool("fetch-web", d.enabled()),
                s.optBool("fetch-private-addresses", d.privateAddresses()),
                s.optDuration("fetch-timeout", d.timeout(), Duration.ofSeconds(1), Duration.ofMinutes(10)));
    }

    static GhostSpaces ghosts(ConfigSection s) {
        s.allowOnly("xmpp-domain", "matrix-server", "matrix-prefix", "mimi-provider");
        String xmpp = matching(s, "xmpp-domain", "gw.localhost", DNS_NAME, "a domain name such as gw.example.org");
        String matrix = matching(s, "matrix-server", "localhost", MATRIX_SERVER,
                "a Matrix server name such as example.org or example.org:8448");
        String prefix = matching(s, "matrix-prefix", "_passerelle_", MATRIX_PREFIX,
                "lower-case letters, digits and . _ = / + - (a Matrix localpart prefix)");
        String mimi = matching(s, "mimi-provider", "localhost", DNS_NAME, "a domain name such as example.org");
        return new GhostSpaces(xmpp, matrix, prefix, mimi);
    }

    static RouterSettings router(ConfigSection s) {
        s.allowOnly("max-attempts", "initial-backoff", "max-backoff", "max-batch");
        RouterSettings d = RouterSettings.defaults();
        int attempts = s.optInt("max-attempts", d.maxAttempts(), 1, 1000);
        Duration initial = s.optDuration("initial-backoff", d.initialBackoff());
        Duration max = s.optDuration("max-backoff", d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw s.error("max-backoff", "must not be shorter than router.initial-backoff (" + initial + "), was " + max);
        }
        int batch = s.optInt("max-batch", d.maxBatch(), 1, 100_000);
        return new RouterSettings(attempts, initial, max, batch);
    }

    static Map<String, ConnectorConfig> connectors(ConfigSection s) {
        Map<String, ConnectorConfig> out = new LinkedHashMap<>();
        for (String name : s.keys()) {
            if (!ConnectorConfig.validName(name)) {
                throw s.error(name, "a connector name is lower-case letters, digits, - and _ (at most 63)");
            }
            if (!s.has(name)) {
                throw s.error(name, "expected a mapping with at least a type, got null");
            }
            ConfigSection section = s.section(name);
            String type = section.requireNonBlank("type");
            out.put(name, new ConnectorConfig(name, type, section.without("type")));
        }
        return out;
    }

    private static String host(ConfigSection s, String key) {
        String host = s.optString(key, "127.0.0.1");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw s.error(key, "must be a host name or IP address, was '" + host + "'");
        }
        return host;
    }

    private static String matching(ConfigSection s, String key, String defaultValue, Pattern pattern, String expected) {
        String value = s.optString(key, defaultValue);
        if (!pattern.matcher(value).matches()) {
            throw s.error(key, "must be " + expected + ", was '" + value + "'");
        }
        return value;
    }
}
