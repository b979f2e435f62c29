package dev.passerelle.connector.matrix.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static ConfigSection section(String yaml) throws Exception {
        return new ConfigSection("connectors.matrix", YAML.readTree(yaml));
    }

    @Test
    void defaultsApply() throws Exception {
        ClientSettings settings = ClientSettings.from(section("""
                homeserver-url: https://matrix.example.org
                as-token: abc123
                registration: elsewhere
                """));
        assertThat(settings.homeserver()).isEqualTo(URI.create("https://matrix.example.org"));
        assertThat(settings.asToken()).isEqualTo("abc123");
        assertThat(settings.maxConnections()).isEqualTo(32);
        assertThat(settings.callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxResponseBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ClientSettings settings = ClientSettings.from(section("""
                homeserver-url: http://127.0.0.1:8008/prefix/
                as-token: abc123
                max-connections: 8
                call-timeout: PT5S
                max-response-size: 256KiB
                """));
        assertThat(settings).isEqualTo(new ClientSettings(URI.create("http://127.0.0.1:8008/prefix/"), "abc123", 8,
                Duration.ofSeconds(5), 256 * 1024));
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> ClientSettings.from(section("as-token: x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.homeserver-url");
        assertThatThrownBy(() -> ClientSettings.from(section("homeserver-url: ftp://h\nas-token: x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.homeserver-url");
        assertThatThrownBy(() -> ClientSettings.from(section("homeserver-url: https://h?x=1\nas-token: x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.homeserver-url");
        assertThatThrownBy(() -> ClientSettings.from(section("homeserver-url: https://h\nas-token: 'a b'")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.as-token")
                .hasMessageNotContaining("a b");
        assertThatThrownBy(() -> ClientSettings.from(section("homeserver-url: https://h\nas-token: x\nmax-connections: 0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.max-connections");
        assertThatThrownBy(() -> ClientSettings.from(section("homeserver-url: https://h\nas-token: x\ncall-timeout: 30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.call-timeout");
        assertThatThrownBy(() -> ClientSettings.from(section(
                "homeserver-url: https://h\nas-token: x\nmax-response-size: 1GiB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.max-response-size");
    }

    @Test
    void theTokenNeverShows() {
        ClientSettings settings = ClientSettings.of(URI.create("https://h"), "sekrit-token");
        assertThat(settings.toString()).doesNotContain("sekrit-token").contains("https://h");
    }

    @Test
    void theRecordValidatesToo() {
        assertThatThrownBy(() -> new ClientSettings(URI.create("https://h"), "t", 0, Duration.ofSeconds(1), 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxConnections");
        assertThatThrownBy(() -> new ClientSettings(URI.create("https://h"), "", 1, Duration.ofSeconds(1), 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("asToken");
        assertThatThrownBy(() -> new ClientSettings(URI.create("https://h"), "t", 1, Duration.ZERO, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> new ClientSettings(URI.create("mxc://h/x"), "t", 1, Duration.ofSeconds(1), 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("homeserver");
    }
}
