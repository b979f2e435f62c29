package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComponentSettingsTest {

    private static ConfigSection section(String json) throws Exception {
        return ConfigSection.root(new ObjectMapper().readTree(json)).section("component");
    }

    @Test
    void defaultsApply() throws Exception {
        ComponentSettings s = ComponentSettings.from(section("{\"component\":{\"domain\":\"GW.example.org\","
                + "\"secret\":\"x\"}}"));
        assertThat(s).isEqualTo(new ComponentSettings("127.0.0.1", 5347, "gw.example.org", "x", 256 * 1024, 32,
                Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(10)));
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ComponentSettings s = ComponentSettings.from(section("{\"component\":{\"host\":\"xmpp.internal\","
                + "\"port\":5275,\"domain\":\"gw.example.org\",\"secret\":\"x\",\"max-stanza-size\":\"1MiB\","
                + "\"max-depth\":20,\"reconnect-min\":\"PT2S\",\"reconnect-max\":\"PT5M\",\"ping-interval\":\"PT1M\","
                + "\"handshake-timeout\":\"PT3S\"}}"));
        assertThat(s).isEqualTo(new ComponentSettings("xmpp.internal", 5275, "gw.example.org", "x", 1 << 20, 20,
                Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(3)));
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"secret\":\"x\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("domain");
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"domain\":\"gw\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"domain\":\"a@gw\","
                + "\"secret\":\"x\"}}"))).isInstanceOf(ConfigException.class).hasMessageContaining("domain");
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"domain\":\"gw\",\"secret\":\"x\","
                + "\"reconnect-min\":\"PT2M\",\"reconnect-max\":\"PT1M\"}}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reconnect-max");
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"domain\":\"gw\",\"secret\":\"x\","
                + "\"pasword\":\"y\"}}"))).isInstanceOf(ConfigException.class).hasMessageContaining("pasword");
        assertThatThrownBy(() -> ComponentSettings.from(section("{\"component\":{\"domain\":\"gw\",\"secret\":\"x\","
                + "\"port\":70000}}"))).isInstanceOf(ConfigException.class).hasMessageContaining("port");
    }

    @Test
    void secretStaysOutOfToString() {
        ComponentSettings s = new ComponentSettings("h", 1, "gw", "hunter2", 2048, 8, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));
        assertThat(s.toString()).doesNotContain("hunter2").contains("gw");
    }

    @Test
    void constructorRefusesNonsense() {
        assertThatThrownBy(() -> new ComponentSettings("h", 1, "gw", "s", 10, 8, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)))
                .hasMessageContaining("maxStanzaBytes");
        assertThatThrownBy(() -> new ComponentSettings("h", 1, "gw", "s", 2048, 8, Duration.ofSeconds(5),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)))
                .hasMessageContaining("reconnectMax");
        assertThatThrownBy(() -> new ComponentSettings("h", 1, "gw", "", 2048, 8, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)))
                .hasMessageContaining("secret");
    }
}
