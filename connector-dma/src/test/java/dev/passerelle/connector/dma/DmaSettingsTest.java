package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostSpaces;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code dma} section: defaults, and refusals that name the dotted key. */
@Tag("feature:mimi-config")
class DmaSettingsTest {

    static final GhostSpaces SPACES = new GhostSpaces("gw.a.test", "hs.a.test", "_passerelle_", "a.test");

    @TempDir
    Path dir;

    ObjectNode config;

    @BeforeEach
    void config() {
        TestCa ca = TestCa.create(dir, "Test CA");
        config = Gateway.config(ca, ca.issue("a.test"), "a.test", 8443, Map.of("b.test", 9443));
    }

    DmaSettings read() {
        return DmaSettings.from(new ConfigSection("connectors.dma", config), SPACES);
    }

    ConfigException refused(Consumer<ObjectNode> change) {
        change.accept(config);
        Throwable t = catchThrowable(this::read);
        assertThat(t).isInstanceOf(ConfigException.class);
        return (ConfigException) t;
    }

    @Test
    void readsEveryPartWithDefaults() {
        config.remove("fanout");
        DmaSettings s = read();
        assertThat(s.provider()).isEqualTo("a.test");
        assertThat(s.publicUrl()).isEqualTo(URI.create("https://a.test"));
        assertThat(s.server().port()).isEqualTo(8443);
        assertThat(s.server().maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(s.trust().allowedDomains()).containsExactly("b.test");
        assertThat(s.client().baseUrlOf("b.test")).isEqualTo(URI.create("https://127.0.0.1:9443/"));
        assertThat(s.minBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.keyPackageLifetime()).isEqualTo(Duration.ofDays(7));
        assertThat(s.proxyMaxBytes()).isEqualTo(20L << 20);
    }

    @Test
    void theProviderMustBeTheGhostSpacesOne() {
        assertThat(refused(c -> c.put("provider", "b.test")).path()).isEqualTo("connectors.dma.provider");
    }

    @Test
    void refusalsNameTheDottedKey() {
        assertThat(refused(c -> c.put("provder", "a.test")).getMessage()).contains("connectors.dma.provder");
        config = null;
        config();
        assertThat(refused(c -> ((ObjectNode) c.get("fanout")).put("max-backoff", "PT0.01S")).path())
                .isEqualTo("connectors.dma.fanout.max-backoff");
        config();
        assertThat(refused(c -> ((ObjectNode) c.get("tls")).remove("cert")).getMessage())
                .contains("connectors.dma.tls.cert");
        config();
        assertThat(refused(c -> ((ObjectNode) c.get("client").get("peers")).put("b.test", "http://x/")).getMessage())
                .contains("connectors.dma.client");
        config();
        assertThat(refused(c -> c.putObject("key-packages").put("lifetime", "PT1S")).getMessage())
                .contains("connectors.dma.key-packages.lifetime");
        config();
        assertThat(refused(c -> c.putObject("proxy-download").put("max-size", "1MiB")).getMessage())
                .contains("connectors.dma.proxy-download.max-size");
    }

    @Test
    void theFactoryIsFoundByTypeAndValidatesWithoutConnecting() {
        DmaConnectorFactory factory = ServiceLoader.load(dev.passerelle.core.spi.ConnectorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.type().equals("dma"))
                .map(DmaConnectorFactory.class::cast).findFirst().orElseThrow();
        factory.validate(new ConfigSection("connectors.dma", config), SPACES);
        config.put("provider", "c.test");
        assertThat(catchThrowable(() -> factory.validate(new ConfigSection("connectors.dma", config), SPACES)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.dma.provider");
    }
}
