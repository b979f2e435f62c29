package dev.passerelle.bench.flow;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.e2e.ConfigTemplate;
import dev.passerelle.e2e.GatewayProcess;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Passerelle as an operator runs it, for the flow benchmarks: the distribution jar ({@link GatewayProcess}) with the
 * example config, its xmpp connector as the component of the benchmark's Prosody, its matrix connector on a
 * {@link FastHomeserver}, the embedded H2 store, no MIMI; rooms linked through the provisioning API.
 */
final class Bridge implements AutoCloseable {

    static final String SERVER_NAME = "bench.hs";
    private static final Duration READY = Duration.ofSeconds(60);

    private final FastHomeserver homeserver;
    private final GatewayProcess gateway;

    private Bridge(FastHomeserver homeserver, GatewayProcess gateway) {
        this.homeserver = homeserver;
        this.gateway = gateway;
    }

    /**
     * Starts the stub and the gateway in {@code dir}; {@code env} goes to the launcher (e.g. {@code JAVA_OPTS}
     * with a flight recording).
     */
    static Bridge start(Vertx vertx, XmppServer server, Path dir, Map<String, String> env, int pushConnections) {
        return start(vertx, server, dir, env, pushConnections, UnaryOperator.identity());
    }

    /** As {@link #start(Vertx, XmppServer, Path, Map, int)}, with {@code tune} applied last to the config. */
    static Bridge start(Vertx vertx, XmppServer server, Path dir, Map<String, String> env, int pushConnections,
            UnaryOperator<ConfigTemplate> tune) {
        // The launcher resolves the config's paths from its own working directory.
        Path home = dir.toAbsolutePath();
        FastHomeserver hs = FastHomeserver.start(vertx, SERVER_NAME);
        GatewayProcess gateway = null;
        try {
            ConfigTemplate config = ConfigTemplate.example("passerelle.yaml");
            int admin = GatewayProcess.freePort();
            int media = GatewayProcess.freePort();
            int appService = GatewayProcess.freePort();
            config.remove("store.url").remove("store.user").remove("store.password")
                    .remove("connectors.dma")
                    .set("data-dir", home.resolve("data").toString())
                    .set("admin.port", admin)
                    .set("admin.token", GatewayProcess.ADMIN_TOKEN)
                    .set("media.port", media)
                    .set("media.public-base-url", "http://127.0.0.1:" + media)
                    .set("ghosts.xmpp-domain", server.componentDomain())
                    .set("ghosts.matrix-server", SERVER_NAME)
                    .set("connectors.xmpp.component.host", server.host())
                    .set("connectors.xmpp.component.port", server.componentPort())
                    .set("connectors.xmpp.component.domain", server.componentDomain())
                    .set("connectors.xmpp.component.secret", server.componentSecret())
                    .set("connectors.xmpp.muc-domains", List.of(server.mucDomain()))
                    .set("connectors.matrix.homeserver-url", hs.baseUrl())
                    .set("connectors.matrix.listen-port", appService);
            gateway = GatewayProcess.start("bench", home, admin, tune.apply(config).yaml(), env);
            gateway.awaitReady(READY);
            hs.appService(appService, config.get("connectors.matrix.hs-token"), pushConnections);
            return new Bridge(hs, gateway);
        } catch (RuntimeException | Error e) {
            if (gateway != null) {
                gateway.close();
            }
            hs.close();
            throw e;
        }
    }

    FastHomeserver homeserver() {
        return homeserver;
    }

    GatewayProcess gateway() {
        return gateway;
    }

    Proc proc() {
        return new Proc("gateway", gateway.pid());
    }

    /** A new Matrix room id on the stub for {@code tag}. */
    static String matrixRoom(String tag) {
        return "!" + tag + ":" + SERVER_NAME;
    }

    /** Links a group chat and a Matrix room (plumbed), as an operator does with the provisioning API. */
    void link(String mucJid, String matrixRoomId) {
        String body = "{\"kind\":\"plumbed\",\"rooms\":[\"xmpp:" + mucJid + "\",\""
                + MatrixRoomId.parse(matrixRoomId).toUri() + "\"]}";
        HttpResponse<String> r = gateway.admin("POST", "/api/v1/links", body);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("linking " + mucJid + " and " + matrixRoomId + " answered "
                    + r.statusCode() + ": " + r.body());
        }
    }

    /** Links a Matrix room and its portal on the component (a hosted room), as an operator does. */
    void linkPortal(String portalJid, String matrixRoomId) {
        String body = new io.vertx.core.json.JsonObject().put("kind", "portal").put("rooms", List.of(
                dev.passerelle.core.address.Jid.parse(portalJid).toUri(), MatrixRoomId.parse(matrixRoomId).toUri()))
                .encode();
        HttpResponse<String> r = gateway.admin("POST", "/api/v1/links", body);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("linking " + matrixRoomId + " to its portal " + portalJid + " answered "
                    + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            homeserver.close();
        }
    }
}
