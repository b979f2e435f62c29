package dev.passerelle.connector.matrix.appservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import org.junit.jupiter.api.Test;

class AppServiceSettingsTest {

    private static ConfigSection section(String yaml) throws Exception {
        return new ConfigSection("connectors.matrix", new ObjectMapper(new YAMLFactory()).readTree(yaml));
    }

    @Test
    void defaultsApplyToAllButTheToken() throws Exception {
        AppServiceSettings s = AppServiceSettings.from(section("hs-token: abcdefghijklmnop\n"));
        assertThat(s).isEqualTo(new AppServiceSettings("127.0.0.1", 8010, "abcdefghijklmnop", 1 << 20, 64));
        assertThat(s.toString()).doesNotContain("abcdefghijklmnop");
    }

    @Test
    void everyKeyIsRead() throws Exception {
        AppServiceSettings s = AppServiceSettings.from(section("listen-host: 0.0.0.0\nlisten-port: 0\n"
                + "hs-token: abcdefghijklmnopq\nmax-body-size: 4MiB\nmax-json-depth: 20\n"));
        assertThat(s).isEqualTo(new AppServiceSettings("0.0.0.0", 0, "abcdefghijklmnopq", 4 << 20, 20));
    }

    @Test
    void errorsNameTheKey() {
        assertThatThrownBy(() -> AppServiceSettings.from(section("listen-port: 8010\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.hs-token");
        assertThatThrownBy(() -> AppServiceSettings.from(section("hs-token: short\n")))
                .hasMessageContaining("connectors.matrix.hs-token").hasMessageContaining("at least 16");
        assertThatThrownBy(() -> AppServiceSettings.from(section("hs-token: abcdefghijklmnop\nlisten-port: 70000\n")))
                .hasMessageContaining("connectors.matrix.listen-port");
        assertThatThrownBy(() -> AppServiceSettings.from(section("hs-token: abcdefghijklmnop\nmax-body-size: 1GiB\n")))
                .hasMessageContaining("connectors.matrix.max-body-size");
        assertThatThrownBy(() -> AppServiceSettings.from(section("hs-token: abcdefghijklmnop\nmax-json-depth: 2\n")))
                .hasMessageContaining("connectors.matrix.max-json-depth");
    }

    @Test
    void theRecordRefusesNonsense() {
        assertThatThrownBy(() -> new AppServiceSettings("", 1, "abcdefghijklmnop", 1 << 20, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AppServiceSettings("h", 1, "abc", 1 << 20, 64)).hasMessageContaining("hs token");
        assertThatThrownBy(() -> new AppServiceSettings("h", 1, "abcdefghijklmnop", 10, 64))
                .hasMessageContaining("max body size");
    }
}
