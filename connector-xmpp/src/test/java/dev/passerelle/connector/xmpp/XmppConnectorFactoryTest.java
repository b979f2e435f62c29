package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.ConnectorFactory;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class XmppConnectorFactoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void serviceLoaderFindsTheFactoryUnderTypeXmpp() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
                .contains("xmpp");
    }

    @Test
    void aFullSectionIsRead(Vertx vertx) throws Exception {
        XmppSettings s = XmppSettings.from(section("""
                {"component": {"host": "xmpp.internal", "port": 5275, "domain": "gw.localhost", "secret": "s",
                               "ping-interval": "PT10S"},
                 "muc-domains": ["Conference.localhost"], "muc-nick": "bridge bot",
                 "self-ping-interval": "PT2M", "rate-limit": {"per-second": 3, "burst": 9}, "upload": false}"""));
        assertThat(s.component().host()).isEqualTo("xmpp.internal");
        assertThat(s.component().port()).isEqualTo(5275);
        assertThat(s.component().pingInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.isMucDomain("conference.localhost")).isTrue();
        assertThat(s.mucNick()).isEqualTo("bridge bot");
        assertThat(s.selfPingInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.ratePerSecond()).isEqualTo(3);
        assertThat(s.rateBurst()).isEqualTo(9);
        assertThat(s.upload()).isFalse();
    }

    @Test
    void defaultsApplyToOmittedKeys() throws Exception {
        XmppSettings s = XmppSettings.from(section("{\"component\": {\"domain\": \"gw.localhost\", \"secret\": \"s\"}}"));
        assertThat(s.component().port()).isEqualTo(5347);
        assertThat(s.mucDomains()).isEmpty();
        assertThat(s.mucNick()).isEqualTo("passerelle");
        assertThat(s.upload()).isTrue();
    }

    @Test
    void unknownKeysAndBadValuesNameTheirKey() {
        assertThatThrownBy(() -> XmppSettings.from(section("{\"component\": {\"domain\": \"gw.localhost\","
                + " \"secret\": \"s\"}, \"colour\": 1}"))).isInstanceOf(ConfigException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> XmppSettings.from(section("{\"component\": {\"domain\": \"gw.localhost\","
                + " \"secret\": \"s\", \"colour\": 1}}"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("component.colour");
        assertThatThrownBy(() -> XmppSettings.from(section("{}"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("component");
        assertThatThrownBy(() -> XmppSettings.from(section("{\"component\": {\"domain\": \"gw.localhost\","
                + " \"secret\": \"s\"}, \"muc-domains\": [\"gw.localhost\"]}"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("muc-domains");
        assertThatThrownBy(() -> XmppSettings.from(section("{\"component\": {\"domain\": \"gw.localhost\","
                + " \"secret\": \"s\"}, \"rate-limit\": {\"per-second\": 0}}"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("rate-limit.per-second");
    }

    @Test
    void aComponentDomainOtherThanTheGhostsDomainIsRefused(Vertx vertx) throws Exception {
        try (Harness h = new Harness(vertx)) {
            ConfigSection config = section("{\"component\": {\"domain\": \"other.localhost\", \"secret\": \"s\"}}");
            ConnectorContext ctx = withConfig(h.context(new RecordingSink()), config);
            assertThatThrownBy(() -> new XmppConnectorFactory().create(ctx)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("component.domain").hasMessageContaining("gw.localhost");
            ConnectorContext good = withConfig(h.context(new RecordingSink()),
                    section("{\"component\": {\"domain\": \"gw.localhost\", \"secret\": \"s\"}}"));
            Connector connector = new XmppConnectorFactory().create(good);
            assertThat(connector).isInstanceOf(XmppConnector.class);
            assertThat(connector.health().ready()).isFalse();
        }
    }

    @Test
    void validateChecksKeysAndTheDomainWithoutConnecting() {
        XmppConnectorFactory factory = new XmppConnectorFactory();
        factory.validate(section("{\"component\": {\"domain\": \"gw.localhost\", \"secret\": \"s\"}}"),
                Harness.GHOSTS.spaces());
        assertThatThrownBy(() -> factory.validate(section("{\"component\": {\"domain\": \"gw.other\","
                + " \"secret\": \"s\"}}"), Harness.GHOSTS.spaces())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("component.domain");
        assertThatThrownBy(() -> factory.validate(section("{\"component\": {\"domain\": \"gw.localhost\"}}"),
                Harness.GHOSTS.spaces())).isInstanceOf(ConfigException.class).hasMessageContaining("secret");
    }

    private static ConfigSection section(String json) {
        try {
            return new ConfigSection("connectors.xmpp", JSON.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ConnectorContext withConfig(ConnectorContext base, ConfigSection config) {
        return new ConnectorContext() {
            @Override
            public String name() {
                return base.name();
            }

            @Override
            public dev.passerelle.core.spi.EventSink events() {
                return base.events();
            }

            @Override
            public dev.passerelle.core.store.Store store() {
                return base.store();
            }

            @Override
            public dev.passerelle.core.ghost.GhostNaming ghosts() {
                return base.ghosts();
            }

            @Override
            public dev.passerelle.core.media.MediaService media() {
                return base.media();
            }

            @Override
            public Vertx vertx() {
                return base.vertx();
            }

            @Override
            public ConfigSection config() {
                return config;
            }

            @Override
            public io.micrometer.core.instrument.MeterRegistry metrics() {
                return base.metrics();
            }

            @Override
            public java.time.Clock clock() {
                return base.clock();
            }
        };
    }
}
