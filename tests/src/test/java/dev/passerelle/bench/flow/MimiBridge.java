package dev.passerelle.bench.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.e2e.ConfigTemplate;
import dev.passerelle.e2e.GatewayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Two Passerelle instances that bridge XMPP to XMPP through MIMI, for the flow benchmarks: both run the
 * distribution jar with the example config ({@link GatewayProcess}), each with its xmpp connector as a component of
 * the same Prosody ({@code gw.localhost} for A, {@code gw2.localhost} for B, which the test server configures) and
 * its dma connector as a MIMI provider ({@code a.bench}, {@code b.bench}), the two trusting each other through a
 * test CA; the embedded H2 store, no Matrix. A group chat on A is linked to a MIMI room A hosts, and that room to a
 * group chat on B, where B's ghosts of A's users speak.
 */
final class MimiBridge implements AutoCloseable {

    static final String PROVIDER_A = "a.bench";
    static final String PROVIDER_B = "b.bench";
    private static final String MATRIX_SERVER = "mimi-bench.hs";
    private static final String MATRIX_PREFIX = "_passerelle_";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayProcess a;
    private final GatewayProcess b;
    private final GhostNaming namingB;

    private MimiBridge(GatewayProcess a, GatewayProcess b, GhostNaming namingB) {
        this.a = a;
        this.b = b;
        this.namingB = namingB;
    }

    /**
     * Starts both instances in {@code dir}; {@code env} goes to both launchers. B's component domain is
     * {@code gw2.} followed by A's without its first label.
     */
    static MimiBridge start(XmppServer server, Path dir, Map<String, String> env) {
        Path home = dir.toAbsolutePath();
        String domainB = "gw2." + server.domain();
        TestCa ca;
        try {
            ca = TestCa.create(Files.createDirectories(home.resolve("ca")), "Passerelle MIMI bench CA");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int adminA = GatewayProcess.freePort();
        int adminB = GatewayProcess.freePort();
        int mimiA = GatewayProcess.freePort();
        int mimiB = GatewayProcess.freePort();
        String configA = config(server, home.resolve("a"), server.componentDomain(), adminA, PROVIDER_A, mimiA,
                ca.issue(PROVIDER_A), ca, PROVIDER_B, mimiB);
        String configB = config(server, home.resolve("b"), domainB, adminB, PROVIDER_B, mimiB, ca.issue(PROVIDER_B),
                ca, PROVIDER_A, mimiA);
        CompletableFuture<GatewayProcess> startA =
                CompletableFuture.supplyAsync(() -> GatewayProcess.start("mimi-a", home.resolve("a"), adminA, configA,
                        env));
        CompletableFuture<GatewayProcess> startB =
                CompletableFuture.supplyAsync(() -> GatewayProcess.start("mimi-b", home.resolve("b"), adminB, configB,
                        env));
        GatewayProcess a = null;
        GatewayProcess b = null;
        try {
            a = startA.join();
            b = startB.join();
            a.awaitReady(READY);
            b.awaitReady(READY);
            GhostNaming namingB = new GhostNaming(new GhostSpaces(domainB, MATRIX_SERVER, MATRIX_PREFIX, PROVIDER_B));
            return new MimiBridge(a, b, namingB);
        } catch (RuntimeException | Error e) {
            if (a == null) {
                startB.thenAccept(GatewayProcess::close);
            }
            for (GatewayProcess p : new GatewayProcess[] {a, b}) {
                if (p != null) {
                    p.close();
                }
            }
            throw e;
        }
    }

    private static String config(XmppServer server, Path home, String componentDomain, int admin, String provider,
            int mimiPort, TestCa.Issued cert, TestCa ca, String peer, int peerPort) {
        int media = GatewayProcess.freePort();
        return ConfigTemplate.example("passerelle.yaml")
                .remove("store.url").remove("store.user").remove("store.password")
                .remove("connectors.matrix")
                .set("data-dir", home.resolve("data").toString())
                .set("admin.port", admin)
                .set("admin.token", GatewayProcess.ADMIN_TOKEN)
                .set("media.port", media)
                .set("media.public-base-url", "http://127.0.0.1:" + media)
                .set("ghosts.xmpp-domain", componentDomain)
                .set("ghosts.matrix-server", MATRIX_SERVER)
                .set("ghosts.mimi-provider", provider)
                .set("connectors.xmpp.component.host", server.host())
                .set("connectors.xmpp.component.port", server.componentPort())
                .set("connectors.xmpp.component.domain", componentDomain)
                .set("connectors.xmpp.component.secret", server.componentSecret())
                .set("connectors.xmpp.muc-domains", List.of(server.mucDomain()))
                .mimiProvider(provider, mimiPort, cert, ca, peer, peerPort)
                .yaml();
    }

    List<Proc> procs() {
        return List.of(new Proc("gateway A", a.pid()), new Proc("gateway B", b.pid()));
    }

    /**
     * Links group chat {@code mucA} (whose creator is {@code creatorA}, a bare JID) and group chat {@code mucB}
     * through MIMI room {@code mimi://a.bench/r/NAME} hosted by A, with {@code memberB} (a bare JID of B's side) in
     * it from the start, as operators of both providers would.
     */
    void link(String name, String mucA, String creatorA, String mucB, String memberB) {
        String room = "mimi://" + PROVIDER_A + "/r/" + name;
        ObjectNode body = JSON.createObjectNode().put("room", room).put("creator", Jid.parse(creatorA).toUri())
                .put("oneToOne", false);
        body.putArray("members").add(namingB.ghostFor(Jid.parse(memberB), Network.MIMI).toUri());
        expect(a.admin("POST", "/api/v1/connectors/dma/rooms", body.toString()), 200, "creating " + room);
        expect(a.admin("POST", "/api/v1/links", plumbed("xmpp:" + mucA, room)), 201, "linking " + mucA);
        expect(b.admin("POST", "/api/v1/links", plumbed("xmpp:" + mucB, room)), 201, "linking " + mucB);
    }

    private static String plumbed(String... rooms) {
        ObjectNode body = JSON.createObjectNode().put("kind", "plumbed");
        for (String r : rooms) {
            body.withArray("rooms").add(r);
        }
        return body.toString();
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
