package dev.passerelle.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.spi.Capability;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigSectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ConfigSection section(String json) {
        try {
            return new ConfigSection("connectors.xmpp", JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertFails(Runnable r, String path, String reasonPart) {
        assertThatThrownBy(r::run)
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.reason()).contains(reasonPart);
                    assertThat(e.getMessage()).startsWith(path + ": ");
                });
    }

    @Test
    void aSectionMustBeAMapping() {
        assertFails(() -> section("[1, 2]"), "connectors.xmpp", "expected a mapping");
        assertFails(() -> section("\"text\""), "connectors.xmpp", "got a string");
    }

    @Test
    void nullOrMissingSectionIsEmpty() {
        assertThat(ConfigSection.root(null).keys()).isEmpty();
        assertThat(section("null").keys()).isEmpty();
    }

    @Test
    void pathsJoinWithDots() {
        assertThat(ConfigSection.root(null).pathOf("admin")).isEqualTo("admin");
        assertThat(section("{}").pathOf("port")).isEqualTo("connectors.xmpp.port");
        assertThat(section("{\"tls\": {\"cert\": 1}}").section("tls").pathOf("cert"))
                .isEqualTo("connectors.xmpp.tls.cert");
    }

    @Test
    void unknownKeysAreRefusedWithTheirPathAndTheAllowedOnes() {
        ConfigSection s = section("{\"host\": \"a\", \"prot\": 1}");
        assertFails(() -> s.allowOnly("host", "port"), "connectors.xmpp.prot", "unknown key (expected one of host, port)");
        s.allowOnly("host", "prot");
    }

    @Test
    void strings() {
        ConfigSection s = section("{\"a\": \"x\", \"n\": 5, \"nul\": null, \"blank\": \" \"}");
        assertThat(s.requireString("a")).isEqualTo("x");
        assertThat(s.optString("missing")).isEmpty();
        assertThat(s.optString("nul")).isEmpty();
        assertThat(s.optString("missing", "d")).isEqualTo("d");
        assertFails(() -> s.requireString("missing"), "connectors.xmpp.missing", "required");
        assertFails(() -> s.requireString("nul"), "connectors.xmpp.nul", "required");
        assertFails(() -> s.requireString("n"), "connectors.xmpp.n", "expected a string, got a number (put the value in quotes)");
        assertFails(() -> s.requireNonBlank("blank"), "connectors.xmpp.blank", "must not be empty");
    }

    @Test
    void integersWithRanges() {
        ConfigSection s = section("{\"port\": 5347, \"zero\": 0, \"text\": \"5347\", \"real\": 1.5, \"huge\": 123456789012345678901234}");
        assertThat(s.optInt("port", 1, 1, 65535)).isEqualTo(5347);
        assertThat(s.optInt("missing", 42, 1, 65535)).isEqualTo(42);
        assertThat(s.requireInt("port", 1, 65535)).isEqualTo(5347);
        assertFails(() -> s.optInt("zero", 1, 1, 65535), "connectors.xmpp.zero", "must be between 1 and 65535, was 0");
        assertFails(() -> s.optInt("text", 1, 1, 65535), "connectors.xmpp.text", "expected an integer, got a string");
        assertFails(() -> s.optInt("real", 1, 1, 65535), "connectors.xmpp.real", "expected an integer, got a number");
        assertFails(() -> s.optLong("huge", 1, 1, Long.MAX_VALUE), "connectors.xmpp.huge", "must be between");
        assertFails(() -> s.requireInt("missing", 1, 9), "connectors.xmpp.missing", "required: an integer from 1 to 9");
    }

    @Test
    void booleans() {
        ConfigSection s = section("{\"on\": true, \"word\": \"yes\"}");
        assertThat(s.optBool("on", false)).isTrue();
        assertThat(s.optBool("missing", true)).isTrue();
        assertFails(() -> s.optBool("word", false), "connectors.xmpp.word", "expected true or false, got a string");
    }

    @Test
    void durationsAreIso8601AndPositive() {
        ConfigSection s = section("{\"ok\": \"PT30S\", \"day\": \"P1D\", \"bad\": \"30s\", \"zero\": \"PT0S\","
                + " \"neg\": \"PT-5S\", \"num\": 30, \"long\": \"PT2H\"}");
        assertThat(s.optDuration("ok", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requireDuration("day")).isEqualTo(Duration.ofDays(1));
        assertThat(s.optDuration("missing", Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
        assertFails(() -> s.optDuration("bad", Duration.ZERO), "connectors.xmpp.bad", "'30s' is not an ISO-8601 duration");
        assertFails(() -> s.optDuration("zero", Duration.ZERO), "connectors.xmpp.zero", "must be a positive duration");
        assertFails(() -> s.optDuration("neg", Duration.ZERO), "connectors.xmpp.neg", "must be a positive duration");
        assertFails(() -> s.optDuration("num", Duration.ZERO), "connectors.xmpp.num", "expected an ISO-8601 duration");
        assertFails(() -> s.requireDuration("missing"), "connectors.xmpp.missing", "required");
        assertFails(() -> s.optDuration("long", Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1)),
                "connectors.xmpp.long", "must be between PT1S and PT1H, was PT2H");
    }

    @Test
    void byteSizesTakeIntegersOrBinaryUnits() {
        ConfigSection s = section("{\"n\": 1024, \"k\": \"512KiB\", \"m\": \"100 MiB\", \"g\": \"1GiB\", \"b\": \"7B\","
                + " \"mb\": \"10MB\", \"neg\": -1, \"over\": \"9999999999999GiB\"}");
        assertThat(s.optByteSize("n", 0, 0, Long.MAX_VALUE)).isEqualTo(1024);
        assertThat(s.optByteSize("k", 0, 0, Long.MAX_VALUE)).isEqualTo(512 * 1024);
        assertThat(s.optByteSize("m", 0, 0, Long.MAX_VALUE)).isEqualTo(100L << 20);
        assertThat(s.optByteSize("g", 0, 0, Long.MAX_VALUE)).isEqualTo(1L << 30);
        assertThat(s.optByteSize("b", 0, 0, Long.MAX_VALUE)).isEqualTo(7);
        assertThat(s.optByteSize("missing", 3, 0, Long.MAX_VALUE)).isEqualTo(3);
        assertFails(() -> s.optByteSize("mb", 0, 0, Long.MAX_VALUE), "connectors.xmpp.mb", "'10MB' is not a size");
        assertFails(() -> s.optByteSize("neg", 0, 1, 10), "connectors.xmpp.neg", "must be between 1 and 10 bytes, was -1");
        assertFails(() -> s.optByteSize("over", 0, 0, Long.MAX_VALUE), "connectors.xmpp.over", "size too large");
    }

    @Test
    void urisAreAbsoluteWithAnAllowedScheme() {
        ConfigSection s = section("{\"u\": \"https://hs.example/\", \"rel\": \"/path\", \"ftp\": \"ftp://x\", \"bad\": \"http://a b\"}");
        assertThat(s.requireUri("u", "http", "https")).isEqualTo(URI.create("https://hs.example/"));
        assertThat(s.optUri("missing")).isEmpty();
        assertFails(() -> s.requireUri("rel"), "connectors.xmpp.rel", "must be an absolute URI");
        assertFails(() -> s.requireUri("ftp", "http", "https"), "connectors.xmpp.ftp", "scheme must be one of http, https, was ftp");
        assertFails(() -> s.requireUri("bad"), "connectors.xmpp.bad", "not a valid URI");
        assertFails(() -> s.requireUri("missing"), "connectors.xmpp.missing", "required");
    }

    @Test
    void base64WithAMinimumLength() {
        String key32 = Base64.getEncoder().encodeToString(new byte[32]);
        String key8 = Base64.getEncoder().encodeToString(new byte[8]);
        ConfigSection s = section("{\"k\": \"" + key32 + "\", \"short\": \"" + key8 + "\", \"junk\": \"***\"}");
        assertThat(s.optBase64("k", 32)).hasValueSatisfying(b -> assertThat(b).hasSize(32));
        assertFails(() -> s.optBase64("short", 32), "connectors.xmpp.short", "at least 32 bytes, got 8");
        assertFails(() -> s.optBase64("junk", 1), "connectors.xmpp.junk", "not valid base64");
    }

    @Test
    void pathsListsAndEnums() {
        ConfigSection s = section("{\"dir\": \"/var/lib/x\", \"list\": [\"a\", \"b\"], \"mixed\": [\"a\", 2],"
                + " \"notlist\": \"a\", \"cap\": \"read-markers\", \"badcap\": \"colour\"}");
        assertThat(s.optPath("dir", Path.of("d"))).isEqualTo(Path.of("/var/lib/x"));
        assertThat(s.optPath("missing", Path.of("d"))).isEqualTo(Path.of("d"));
        assertThat(s.optStringList("list")).containsExactly("a", "b");
        assertThat(s.optStringList("missing")).isEmpty();
        assertFails(() -> s.optStringList("mixed"), "connectors.xmpp.mixed[1]", "expected a string, got a number");
        assertFails(() -> s.optStringList("notlist"), "connectors.xmpp.notlist", "expected a list of strings");
        assertThat(s.optEnum("cap", Capability.class, Capability.EDITS)).isEqualTo(Capability.READ_MARKERS);
        assertThat(s.optEnum("missing", Capability.class, Capability.EDITS)).isEqualTo(Capability.EDITS);
        assertFails(() -> s.optEnum("badcap", Capability.class, null), "connectors.xmpp.badcap",
                "must be one of edits, retractions");
    }

    @Test
    void nestedSectionsAndChildren() {
        ConfigSection s = section("{\"tls\": {\"port\": 0}, \"scalar\": 3, \"a\": {}, \"b\": {\"x\": 1}}");
        assertFails(() -> s.section("tls").optInt("port", 1, 1, 9), "connectors.xmpp.tls.port", "must be between");
        assertFails(() -> s.section("scalar"), "connectors.xmpp.scalar", "expected a mapping");
        assertThat(s.section("missing").keys()).isEmpty();
        assertThat(s.section("missing").path()).isEqualTo("connectors.xmpp.missing");
        assertThat(s.optSection("missing")).isEmpty();
        assertThat(s.without("scalar").children().keySet()).containsExactly("tls", "a", "b");
        assertThat(s.without("scalar").children().get("b").path()).isEqualTo("connectors.xmpp.b");
        assertThat(s.keys()).contains("scalar");
    }

    @Test
    void theSectionIsAValueTheCallerCannotChange() {
        ConfigSection s = section("{\"a\": \"x\"}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) s.node()).put("a", "changed");
        assertThat(s.requireString("a")).isEqualTo("x");
        assertThat(s).isEqualTo(section("{\"a\": \"x\"}"));
        assertThat(List.of(s.keys())).hasSize(1);
    }
}
