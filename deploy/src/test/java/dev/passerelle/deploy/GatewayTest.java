package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.config.ConfigException;
import dev.passerelle.core.config.GatewayConfig;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.config.StoreSettings;
import dev.passerelle.core.store.StoreException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring, started for real in this JVM over the embedded store in a temporary directory. */
class GatewayTest {

    @TempDir
    Path dir;

    private final RecordingConnectorFactory factory = new RecordingConnectorFactory();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private GatewayConfig config(String connectors) throws Exception {
        String yaml = "data-dir: " + dir.resolve("data") + "\n"
                + "admin:\n  port: " + freePort() + "\n"
                + "media:\n  signing-key: " + Base64.getEncoder().encodeToString(new byte[32]) + "\n"
                + "connectors:\n" + connectors;
        Path file = dir.resolve("passerelle.yaml");
        Files.writeString(file, yaml);
        return ConfigFile.load(file);
    }

    private Gateway gateway(GatewayConfig config) {
        gateway = new Gateway(config, ConnectorCatalog.of(List.of(factory)), Clock.systemUTC());
        return gateway;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsEverythingInOrderAndStopsInReverse() throws Exception {
        Gateway g = gateway(config("  a:\n    type: recording\n  b:\n    type: recording\n    network: matrix\n"));
        g.start();
        assertThat(factory.events).containsExactly("create a", "create b", "start a", "start b");
        assertThat(Files.isDirectory(dir.resolve("data"))).isTrue();

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(health.body());
        assertThat(body.path("connectors").path("a").path("state").asText()).isEqualTo("UP");
        assertThat(body.path("connectors").path("b").path("state").asText()).isEqualTo("UP");

        ((RecordingConnectorFactory.RecordingConnector) g.connectors().get("b")).health =
                Health.down(Instant.EPOCH, "lost the homeserver");
        assertThat(get("/health").statusCode()).isEqualTo(503);

        int port = g.adminPort();
        g.stop();
        assertThat(factory.events).containsExactly("create a", "create b", "start a", "start b", "stop b", "stop a");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
        g.stop();
        assertThat(factory.events).as("a second stop does nothing").hasSize(6);
    }

    @Test
    void connectorsGetTheirSectionAndTheSharedServices() throws Exception {
        Gateway g = gateway(config("  xmpp-1:\n    type: recording\n    network: xmpp\n"));
        g.start();
        ConnectorContext ctx = factory.contexts.get(0);
        assertThat(ctx.name()).isEqualTo("xmpp-1");
        assertThat(ctx.config().path()).isEqualTo("connectors.xmpp-1");
        assertThat(ctx.config().keys()).containsExactly("network");
        assertThat(ctx.store()).isNotNull();
        assertThat(ctx.events()).isNotNull();
        assertThat(ctx.vertx()).isNotNull();
        assertThat(ctx.media()).isNotNull();
        assertThat(ctx.metrics()).isSameAs(g.registry());
        assertThat(ctx.ghosts().spaces().xmppDomain()).isEqualTo("gw.localhost");
        assertThat(g.connectors().get("xmpp-1").network()).isEqualTo(Network.XMPP);
    }

    @Test
    void metricsIncludeTheJvm() throws Exception {
        Gateway g = gateway(config("  {}\n"));
        g.start();
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "system_cpu_count", "process_uptime_seconds");
    }

    @Test
    void anUnknownConnectorTypeStopsStartUpBeforeAnythingOpens() throws Exception {
        Gateway g = gateway(config("  x:\n    type: irc\n"));
        assertThatThrownBy(g::start).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.path()).isEqualTo("connectors.x.type");
            assertThat(e.reason()).isEqualTo("unknown connector type 'irc' (available: recording)");
        });
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    @Test
    void aConnectorRejectsItsOwnBadKeysWithTheFullPath() throws Exception {
        Gateway g = gateway(config("  x:\n    type: recording\n    colour: blue\n"));
        assertThatThrownBy(g::start).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.path()).isEqualTo("connectors.x.colour"));
    }

    @Test
    void aConnectorThatCannotStartStopsWhatDidStart() throws Exception {
        Gateway g = gateway(config("  a:\n    type: recording\n  b:\n    type: recording\n    network: matrix\n    fail-start: true\n"));
        assertThatThrownBy(g::start).hasMessageContaining("b cannot connect");
        g.stop();
        assertThat(factory.events).containsExactly("create a", "create b", "start a", "start b", "stop a");
    }

    @Test
    void connectorsStartSideBySideAndOneThatStartedAfterAFailedOneIsStoppedToo() throws Exception {
        Gateway g = gateway(config("  a:\n    type: recording\n    fail-start: true\n  b:\n    type: recording\n"
                + "    network: matrix\n"));
        assertThatThrownBy(g::start).hasMessageContaining("a cannot connect");
        g.stop();
        assertThat(factory.events).containsExactly("create a", "create b", "start a", "start b", "stop b");
    }

    @Test
    void aStoreThatCannotOpenFailsTheStartAndWhatStartedBesideItStops() throws Exception {
        // The store opens beside Vert.x and the media listener: its failure is the start's, and they are stopped.
        Files.createDirectories(dir.resolve("data").resolve("passerelle.mv.db"));
        int mediaPort = freePort();
        String yaml = "data-dir: " + dir.resolve("data") + "\n"
                + "admin:\n  port: " + freePort() + "\n"
                + "media:\n  port: " + mediaPort + "\n  signing-key: "
                + Base64.getEncoder().encodeToString(new byte[32]) + "\n"
                + "connectors:\n  a:\n    type: recording\n";
        Path file = dir.resolve("passerelle.yaml");
        Files.writeString(file, yaml);
        Gateway g = gateway(ConfigFile.load(file));
        assertThatThrownBy(g::start).isInstanceOf(StoreException.class).hasMessageContaining("passerelle");
        g.stop();
        assertThat(factory.events).as("no connector is created without a store").isEmpty();
        try (ServerSocket again = new ServerSocket(mediaPort, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).as("the media listener's port is free again").isEqualTo(mediaPort);
        }
    }

    @Test
    void theEmbeddedStoreIsTheH2FileUnderTheDataDirWithTheConfiguredPool() throws Exception {
        GatewayConfig c = config("  {}\n");
        var jdbc = Gateway.storeConfig(c);
        assertThat(jdbc.url()).startsWith("jdbc:h2:").contains(dir.resolve("data").toString());
        assertThat(jdbc.poolSize()).isEqualTo(StoreSettings.DEFAULT_POOL_SIZE);
        assertThat(jdbc.cacheSize()).isEqualTo(StoreSettings.DEFAULT_CACHE_SIZE);

        GatewayConfig pg = new GatewayConfig(c.dataDir(), new StoreSettings(Optional.of("jdbc:postgresql://db/p"),
                Optional.of("u"), Optional.of("pw"), 9, 10), c.admin(), c.media(), c.webFetch(), c.ghosts(), c.router(),
                c.connectors());
        var pgJdbc = Gateway.storeConfig(pg);
        assertThat(pgJdbc.url()).isEqualTo("jdbc:postgresql://db/p");
        assertThat(pgJdbc.user()).isEqualTo("u");
        assertThat(pgJdbc.password()).isEqualTo("pw");
        assertThat(pgJdbc.poolSize()).isEqualTo(9);
        assertThat(pgJdbc.cacheSize()).isEqualTo(10);
    }
}
