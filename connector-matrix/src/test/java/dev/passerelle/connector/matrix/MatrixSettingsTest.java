package dev.passerelle.connector.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.spi.ConnectorFactory;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MatrixSettingsTest {

    private static ObjectNode minimal() {
        return Bridge.JSON.createObjectNode().put("homeserver-url", "http://127.0.0.1:8008")
                .put("as-token", Bridge.AS_TOKEN).put("hs-token", Bridge.HS_TOKEN);
    }

    private static MatrixSettings read(ObjectNode node) {
        return MatrixSettings.from(new ConfigSection("connectors.matrix", node), Bridge.SPACES);
    }

    @Test
    void defaults() {
        MatrixSettings s = read(minimal());
        assertThat(s.botLocalpart()).isEqualTo("_passerelle_bot");
        assertThat(s.registrationId()).isEqualTo("passerelle");
        assertThat(s.roomVersion()).isEqualTo("12");
        assertThat(s.appService().port()).isEqualTo(8010);
        assertThat(s.client().homeserver().toString()).isEqualTo("http://127.0.0.1:8008");
    }

    @Test
    void everyKeyIsRead() {
        ObjectNode node = minimal().put("bot-localpart", "_passerelle_robot").put("registration-id", "gw")
                .put("room-version", "11").put("listen-port", 9010).put("max-connections", 4);
        MatrixSettings s = read(node);
        assertThat(s.botLocalpart()).isEqualTo("_passerelle_robot");
        assertThat(s.registrationId()).isEqualTo("gw");
        assertThat(s.roomVersion()).isEqualTo("11");
        assertThat(s.appService().port()).isEqualTo(9010);
        assertThat(s.client().maxConnections()).isEqualTo(4);
    }

    @Test
    void anUnknownKeyIsNamed() {
        assertThatThrownBy(() -> read(minimal().put("homeserver", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.homeserver");
    }

    @Test
    void aBotOutsideTheNamespaceIsRefused() {
        assertThatThrownBy(() -> read(minimal().put("bot-localpart", "bridgebot")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connectors.matrix.bot-localpart");
    }

    @Test
    void aMissingTokenIsNamed() {
        ObjectNode node = minimal();
        node.remove("hs-token");
        assertThatThrownBy(() -> read(node)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("connectors.matrix.hs-token");
    }

    @Test
    void theFactoryIsFoundByType() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
                .contains(MatrixConnectorFactory.TYPE);
    }
}
