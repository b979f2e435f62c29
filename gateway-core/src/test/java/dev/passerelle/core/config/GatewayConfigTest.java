package dev.passerelle.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.media.WebFetchSettings;
import dev.passerelle.core.router.RouterSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[] {
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32});
    private static final String MEDIA = "\"media\": {\"signing-key\": \"" + KEY + "\"}";

    private static GatewayConfig parse(String json) {
        try {
            return GatewayConfig.parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Parses a config with a valid media key plus the given top-level members. */
    private static GatewayConfig with(String members) {
        return parse("{" + MEDIA + (members.isEmpty() ? "" : ", " + members) + "}");
    }

    private static void assertFails(String members, String path, String reasonPart) {
        assertThatThrownBy(() -> with(members))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.reason()).contains(reasonPart);
                });
    }

    @Test
    void everyDefault() {
        GatewayConfig c = with("");
        assertThat(c.dataDir()).isEqualTo(Path.of("data"));
        assertThat(c.store()).isEqualTo(StoreSettings.defaults());
        assertThat(c.store().poolSize()).isEqualTo(4);
        assertThat(c.store().cacheSize()).isEqualTo(100_000);
        assertThat(c.admin().host()).isEqualTo("127.0.0.1");
        assertThat(c.admin().port()).isEqualTo(8008);
        assertThat(c.admin().token()).isEmpty();
        assertThat(c.media().host()).isEqualTo("127.0.0.1");
        assertThat(c.media().port()).isEqualTo(8009);
        assertThat(c.media().publicBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8009/"));
        assertThat(c.media().signingKey()).hasSize(32);
        assertThat(c.media().urlTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(c.media().maxBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(c.webFetch()).isEqualTo(WebFetchSettings.defaults());
        assertThat(c.webFetch().privateAddresses()).as("private addresses are off unless asked for").isFalse();
        assertThat(c.ghosts()).isEqualTo(new GhostSpaces("gw.localhost", "localhost", "_passerelle_", "localhost"));
        assertThat(c.router()).isEqualTo(RouterSettings.defaults());
        assertThat(c.connectors()).isEmpty();
    }

    @Test
    void embeddedDefaultsNeedOnlyAKey() {
        GatewayConfig c = GatewayConfig.embeddedDefaults(new byte[48]);
        assertThat(c.media().signingKey()).hasSize(48);
        assertThat(c.admin().port()).isEqualTo(8008);
        assertThat(c.connectors()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        GatewayConfig c = parse("""
                {
                  "data-dir": "/var/lib/passerelle",
                  "store": {"url": "jdbc:postgresql://db:5432/p", "user": "p", "password": "secret",
                            "pool-size": 8, "cache-size": 5000},
                  "admin": {"host": "0.0.0.0", "port": 9000, "token": "0123456789abcdef0123"},
                  "media": {"host": "::", "port": 9001, "public-base-url": "https://media.example.org/m",
                            "signing-key": "%s", "url-ttl": "PT10M", "max-bytes": "20MiB", "fetch-web": false,
                            "fetch-private-addresses": true, "fetch-timeout": "PT5S"},
                  "ghosts": {"xmpp-domain": "gw.example.org", "matrix-server": "example.org:8448",
                             "matrix-prefix": "pg_", "mimi-provider": "example.org"},
                  "router": {"max-attempts": 3, "initial-backoff": "PT2S", "max-backoff": "PT1M", "max-batch": 50},
                  "connectors": {"xmpp": {"type": "xmpp", "port": 5347}, "matrix-1": {"type": "matrix"}}
                }
                """.formatted(KEY));
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/passerelle"));
        assertThat(c.store()).isEqualTo(new StoreSettings(Optional.of("jdbc:postgresql://db:5432/p"), Optional.of("p"),
                Optional.of("secret"), 8, 5000));
        assertThat(c.admin().host()).isEqualTo("0.0.0.0");
        assertThat(c.admin().port()).isEqualTo(9000);
        assertThat(c.admin().token()).contains("0123456789abcdef0123");
        assertThat(c.media().publicBaseUrl()).isEqualTo(URI.create("https://media.example.org/m/"));
        assertThat(c.media().urlTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.media().maxBytes()).isEqualTo(20L << 20);
        assertThat(c.webFetch()).isEqualTo(new WebFetchSettings(false, true, Duration.ofSeconds(5)));
        assertThat(c.ghosts()).isEqualTo(new GhostSpaces("gw.example.org", "example.org:8448", "pg_", "example.org"));
        assertThat(c.router()).isEqualTo(new RouterSettings(3, Duration.ofSeconds(2), Duration.ofMinutes(1), 50));
        assertThat(c.connectors()).containsOnlyKeys("xmpp", "matrix-1");
        ConnectorConfig xmpp = c.connectors().get("xmpp");
        assertThat(xmpp.type()).isEqualTo("xmpp");
        assertThat(xmpp.section().path()).isEqualTo("connectors.xmpp");
        assertThat(xmpp.section().keys()).containsExactly("port");
        assertThat(xmpp.section().optInt("port", 0, 1, 65535)).isEqualTo(5347);
    }

    @Test
    void secretsStayOutOfToString() {
        GatewayConfig c = parse("""
                {"store": {"password": "hunter2-password"}, "admin": {"token": "0123456789abcdef-token"}, %s}
                """.formatted(MEDIA));
        assertThat(c.store().toString()).doesNotContain("hunter2-password");
        assertThat(c.admin().toString()).doesNotContain("0123456789abcdef-token");
    }

    @Test
    void emptyFileNeedsOnlyTheSigningKey() {
        assertThatThrownBy(() -> GatewayConfig.parse(null))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("media.signing-key");
                    assertThat(e.reason()).contains("passerelle init");
                });
    }

    @Test
    void topLevelMustBeAMapping() {
        assertThatThrownBy(() -> parse("[1]"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEmpty();
                    assertThat(e.getMessage()).isEqualTo("expected a mapping of keys to values, got a list");
                });
    }

    @Test
    void unknownKeysAnywhereTheCoreOwns() {
        assertFails("\"datadir\": \"x\"", "datadir", "unknown key (expected one of admin, connectors, data-dir");
        assertFails("\"store\": {\"uri\": \"jdbc:h2:mem:x\"}", "store.uri", "unknown key");
        assertFails("\"admin\": {\"bind\": \"x\"}", "admin.bind", "unknown key");
        assertFails("\"ghosts\": {\"xmpp_domain\": \"x\"}", "ghosts.xmpp_domain", "unknown key");
        assertFails("\"router\": {\"retries\": 3}", "router.retries", "unknown key");
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY + "\", \"ttl\": \"PT1M\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.path()).isEqualTo("media.ttl"));
    }

    @Test
    void wrongTypes() {
        assertFails("\"data-dir\": 5", "data-dir", "expected a string");
        assertFails("\"store\": \"jdbc:h2:mem:x\"", "store", "expected a mapping");
        assertFails("\"admin\": {\"port\": \"8008\"}", "admin.port", "expected an integer, got a string");
        assertFails("\"store\": {\"password\": 1234}", "store.password", "put the value in quotes");
        assertFails("\"router\": {\"max-batch\": 10.5}", "router.max-batch", "expected an integer");
        assertFails("\"connectors\": []", "connectors", "expected a mapping");
    }

    @Test
    void outOfRange() {
        assertFails("\"admin\": {\"port\": 0}", "admin.port", "must be between 1 and 65535, was 0");
        assertFails("\"admin\": {\"port\": 70000}", "admin.port", "must be between 1 and 65535");
        assertFails("\"store\": {\"pool-size\": 0}", "store.pool-size", "must be between 1 and 100");
        assertFails("\"store\": {\"cache-size\": -1}", "store.cache-size", "must be between 0 and");
        assertFails("\"router\": {\"max-attempts\": 0}", "router.max-attempts", "must be between 1 and 1000");
        assertFails("\"router\": {\"max-batch\": 0}", "router.max-batch", "must be between 1 and 100000");
    }

    @Test
    void storeUrlMustBeJdbc() {
        assertFails("\"store\": {\"url\": \"postgres://db/p\"}", "store.url", "must be a JDBC URL");
    }

    @Test
    void nonLoopbackAdminNeedsAToken() {
        assertFails("\"admin\": {\"host\": \"0.0.0.0\"}", "admin.token", "required because admin.host (0.0.0.0)");
        assertFails("\"admin\": {\"host\": \"admin.example.org\"}", "admin.token", "required");
        assertFails("\"admin\": {\"host\": \"::\"}", "admin.token", "required");
        assertThat(with("\"admin\": {\"host\": \"localhost\"}").admin().token()).isEmpty();
        assertThat(with("\"admin\": {\"host\": \"127.0.0.2\"}").admin().token()).isEmpty();
        assertThat(with("\"admin\": {\"host\": \"::1\"}").admin().token()).isEmpty();
    }

    @Test
    void tokensMustBeLongAndHeaderSafe() {
        assertFails("\"admin\": {\"token\": \"short\"}", "admin.token", "at least 16 characters, was 5");
        assertFails("\"admin\": {\"token\": \"has a space inside it\"}", "admin.token", "printable ASCII without spaces");
        assertFails("\"admin\": {\"host\": \" \"}", "admin.host", "must be a host name or IP address");
    }

    @Test
    void mediaRules() {
        String key16 = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + key16 + "\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("media.signing-key");
                    assertThat(e.reason()).contains("at least 32 bytes, got 16");
                });
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"not base64!\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.reason()).contains("not valid base64"));
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY + "\", \"url-ttl\": \"1h\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("media.url-ttl");
                    assertThat(e.reason()).contains("not an ISO-8601 duration");
                });
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY + "\", \"max-bytes\": 0}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.path()).isEqualTo("media.max-bytes"));
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY + "\", \"host\": \"0.0.0.0\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo("media.public-base-url");
                    assertThat(e.reason()).contains("required when media.host");
                });
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY
                + "\", \"public-base-url\": \"ftp://m.example\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.reason()).contains("scheme"));
        assertThatThrownBy(() -> parse("{\"media\": {\"signing-key\": \"" + KEY
                + "\", \"public-base-url\": \"https://m.example/?a=b\"}}"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.reason()).contains("no query"));
        assertThat(parse("{\"media\": {\"signing-key\": \"" + KEY + "\", \"port\": 9999}}").media().publicBaseUrl())
                .isEqualTo(URI.create("http://127.0.0.1:9999/"));
    }

    @Test
    void badDurations() {
        assertFails("\"router\": {\"initial-backoff\": \"1s\"}", "router.initial-backoff", "not an ISO-8601 duration");
        assertFails("\"router\": {\"initial-backoff\": \"PT0S\"}", "router.initial-backoff", "positive");
        assertFails("\"router\": {\"initial-backoff\": \"PT10M\"}", "router.max-backoff", "must not be shorter than");
    }

    @Test
    void ghostSpacesMustBeValidNames() {
        assertFails("\"ghosts\": {\"xmpp-domain\": \"gw example\"}", "ghosts.xmpp-domain", "must be a domain name");
        assertFails("\"ghosts\": {\"matrix-server\": \"ex ample.org\"}", "ghosts.matrix-server", "Matrix server name");
        assertFails("\"ghosts\": {\"matrix-prefix\": \"Upper_\"}", "ghosts.matrix-prefix", "lower-case");
        assertFails("\"ghosts\": {\"mimi-provider\": \"-bad.example\"}", "ghosts.mimi-provider", "domain name");
    }

    @Test
    void connectorsNeedATypeAndAGoodName() {
        assertFails("\"connectors\": {\"xmpp\": {\"port\": 5347}}", "connectors.xmpp.type", "required");
        assertFails("\"connectors\": {\"xmpp\": {\"type\": \"\"}}", "connectors.xmpp.type", "must not be empty");
        assertFails("\"connectors\": {\"xmpp\": {\"type\": 5}}", "connectors.xmpp.type", "expected a string");
        assertFails("\"connectors\": {\"xmpp\": null}", "connectors.xmpp", "expected a mapping with at least a type");
        assertFails("\"connectors\": {\"xmpp\": \"xmpp\"}", "connectors.xmpp", "expected a mapping");
        assertFails("\"connectors\": {\"My XMPP\": {\"type\": \"xmpp\"}}", "connectors.My XMPP", "connector name");
    }

    @Test
    void connectorsKeepFileOrder() {
        GatewayConfig c = with("\"connectors\": {\"z\": {\"type\": \"t\"}, \"a\": {\"type\": \"t\"}, \"m\": {\"type\": \"t\"}}");
        assertThat(c.connectors().keySet()).containsExactly("z", "a", "m");
    }
}
