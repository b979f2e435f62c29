package dev.passerelle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

/**
 * Three networks bridged by two Passerelle instances run from the distribution jar, as an operator runs them:
 *
 * <ul>
 *   <li>instance A ({@code deploy/examples/passerelle/passerelle.yaml}): the xmpp connector on a real XMPP server
 *       (a MUC there), the matrix connector on a {@link StubHomeserver} in this JVM ({@code a.hs.test}), and the
 *       dma connector as MIMI provider {@code a.test}, which hosts the MIMI room;</li>
 *   <li>instance B ({@code mimi-peer.yaml}): the other MIMI provider {@code b.test}, whose user is a Matrix user of a
 *       second stub homeserver ({@code b.hs.test}).</li>
 * </ul>
 *
 * The two providers trust each other with certificates of a test CA made for the topology. Rooms are linked
 * through each instance's provisioning API ({@code POST /api/v1/links}); the MIMI room is created on A with A's
 * XMPP user and B's user in it ({@code POST /api/v1/connectors/dma/rooms}). When {@link #start} returns, a message
 * has gone from A's Matrix user to the XMPP room and to B's user, so every leg is up.
 */
public final class Topology implements AutoCloseable {

    /** Provider domains of the two instances. */
    public static final String PROVIDER_A = "a.test";
    public static final String PROVIDER_B = "b.test";
    /** Server names of the two stub homeservers. */
    public static final String HS_A = "a.hs.test";
    public static final String HS_B = "b.hs.test";
    private static final String PREFIX = "_passerelle_";
    private static final Duration READY = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final XmppServer server;
    private final Path dir;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private StubHomeserver hsA;
    private StubHomeserver hsB;
    private GatewayProcess a;
    private GatewayProcess b;
    private XmppMember xmpp;
    private MatrixMember matrix;
    private MatrixMember mimi;
    private String mimiRoom;
    private String matrixAppServiceA;
    private String matrixAppServiceB;
    private GhostNaming namingA;
    private GhostNaming namingB;

    private final UnaryOperator<ConfigTemplate> tweakA;
    private final UnaryOperator<ConfigTemplate> tweakB;
    private final Map<String, String> env;
    private final List<Conversation> conversations = new ArrayList<>();
    private String hsTokenA;
    private String hsTokenB;
    private String asTokenA;
    private String asTokenB;

    private Topology(XmppServer server, Path dir, UnaryOperator<ConfigTemplate> tweakA,
            UnaryOperator<ConfigTemplate> tweakB, Map<String, String> env) {
        this.server = server;
        this.dir = dir.toAbsolutePath();
        this.tweakA = tweakA;
        this.tweakB = tweakB;
        this.env = Map.copyOf(env);
    }

    /** Starts both instances in {@code dir} against {@code server}, links the rooms and checks every leg. */
    public static Topology start(XmppServer server, Path dir) {
        return start(server, dir, UnaryOperator.identity());
    }

    /**
     * As {@link #start(XmppServer, Path)}, with instance A's config passed through {@code tweakA} last (e.g. a
     * PostgreSQL store, a shorter backoff).
     */
    public static Topology start(XmppServer server, Path dir, UnaryOperator<ConfigTemplate> tweakA) {
        return start(server, dir, tweakA, UnaryOperator.identity());
    }

    /** As {@link #start(XmppServer, Path, UnaryOperator)}, with instance B's config passed through {@code tweakB}. */
    public static Topology start(XmppServer server, Path dir, UnaryOperator<ConfigTemplate> tweakA,
            UnaryOperator<ConfigTemplate> tweakB) {
        return start(server, dir, tweakA, tweakB, Map.of());
    }

    /**
     * As {@link #start(XmppServer, Path, UnaryOperator, UnaryOperator)}, with extra environment variables for both
     * instances' launcher (e.g. {@code JAVA_OPTS}).
     */
    public static Topology start(XmppServer server, Path dir, UnaryOperator<ConfigTemplate> tweakA,
            UnaryOperator<ConfigTemplate> tweakB, Map<String, String> env) {
        Topology t = new Topology(server, dir, tweakA, tweakB, env);
        try {
            t.build();
            return t;
        } catch (RuntimeException | Error e) {
            t.close();
            throw e;
        }
    }

    private void build() {
        ConfigTemplate configA = ConfigTemplate.example("passerelle.yaml");
        ConfigTemplate configB = ConfigTemplate.example("mimi-peer.yaml");
        hsA = StubHomeserver.start(HS_A, configA.get("connectors.matrix.as-token"), PREFIX + "bot");
        closing.add(hsA);
        hsB = StubHomeserver.start(HS_B, configB.get("connectors.matrix.as-token"), PREFIX + "bot");
        closing.add(hsB);

        Path caDir = dir.resolve("ca");
        try {
            java.nio.file.Files.createDirectories(caDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestCa ca = TestCa.create(caDir, "Passerelle e2e CA " + run);
        TestCa.Issued certA = ca.issue(PROVIDER_A);
        TestCa.Issued certB = ca.issue(PROVIDER_B);
        int adminA = GatewayProcess.freePort();
        int adminB = GatewayProcess.freePort();
        int mimiA = GatewayProcess.freePort();
        int mimiB = GatewayProcess.freePort();
        int asA = GatewayProcess.freePort();
        int asB = GatewayProcess.freePort();
        matrixAppServiceA = "http://127.0.0.1:" + asA;
        matrixAppServiceB = "http://127.0.0.1:" + asB;

        common(configA, "a", adminA, mimiA, certA, ca, PROVIDER_B, mimiB, hsA, asA)
                .remove("store.url").remove("store.user").remove("store.password")
                .set("ghosts.xmpp-domain", server.componentDomain())
                .set("connectors.xmpp.component.host", server.host())
                .set("connectors.xmpp.component.port", server.componentPort())
                .set("connectors.xmpp.component.domain", server.componentDomain())
                .set("connectors.xmpp.component.secret", server.componentSecret())
                .set("connectors.xmpp.muc-domains", List.of(server.mucDomain()));
        tweakA.apply(configA);
        common(configB, "b", adminB, mimiB, certB, ca, PROVIDER_A, mimiA, hsB, asB)
                .set("ghosts.xmpp-domain", "gw." + PROVIDER_B);
        tweakB.apply(configB);
        namingA = new GhostNaming(new GhostSpaces(server.componentDomain(), HS_A, PREFIX, PROVIDER_A));
        namingB = new GhostNaming(new GhostSpaces("gw." + PROVIDER_B, HS_B, PREFIX, PROVIDER_B));

        CompletableFuture<GatewayProcess> startA = CompletableFuture.supplyAsync(
                () -> GatewayProcess.start("a", dir.resolve("a"), adminA, configA.yaml(), env));
        CompletableFuture<GatewayProcess> startB = CompletableFuture.supplyAsync(
                () -> GatewayProcess.start("b", dir.resolve("b"), adminB, configB.yaml(), env));
        try {
            a = startA.join();
        } finally {
            try {
                b = startB.join();
            } catch (CompletionException e) {
                if (a != null) {
                    a.close();
                }
                throw e;
            }
        }
        a.awaitReady(READY);
        b.awaitReady(READY);

        // The rooms: a MUC made by the XMPP user, a Matrix room on each homeserver with the bot in it.
        String xmppUser = XmppServers.uniqueUser("xuser");
        xmpp = XmppMember.createRoom(server, xmppUser, server.roomJid("e2e-" + run));
        String alice = "@alice-" + run + ":" + HS_A;
        String bob = "@bob-" + run + ":" + HS_B;
        hsTokenA = configA.get("connectors.matrix.hs-token");
        hsTokenB = configB.get("connectors.matrix.hs-token");
        asTokenA = configA.get("connectors.matrix.as-token");
        asTokenB = configB.get("connectors.matrix.as-token");
        matrix = new MatrixMember(Side.MATRIX, hsA, matrixAppServiceA, hsTokenA, asTokenA, alice,
                matrixRoom(hsA, alice));
        mimi = new MatrixMember(Side.MIMI, hsB, matrixAppServiceB, hsTokenB, asTokenB, bob, matrixRoom(hsB, bob));
        mimiRoom = "mimi://" + PROVIDER_A + "/r/e2e-" + run;

        // The MIMI room first: once linked, the first event of the MUC (the gateway joins it at once) would
        // otherwise create it, with its sender as the creator.
        ObjectNode room = JSON.createObjectNode().put("room", mimiRoom).put("creator", xmpp.uri())
                .put("oneToOne", false);
        room.putArray("members").add(mimiGhostOfB(mimi.userId()));
        expect(a.admin("POST", "/api/v1/connectors/dma/rooms", room.toString()), 200, "creating " + mimiRoom);
        link(a, "xmpp:" + xmpp.room(), matrixUri(matrix.roomId()), mimiRoom);
        link(b, matrixUri(mimi.roomId()), mimiRoom);

        // One message from A's Matrix user: the listener joins the MUC with its first delivery, and its arrival at
        // B's user shows that B has joined the MIMI room.
        String hello = "topology up " + run;
        matrix.sendText(hello);
        xmpp.awaitText(hello);
        mimi.awaitText(hello);
    }

    /**
     * Bridges one more conversation across the three networks, as {@link #start} bridged the first: a new MUC made
     * by a new XMPP user, a new room on each homeserver (new users there too), both linked with a new MIMI room
     * hosted by A. When it returns, a text from its Matrix user has reached its XMPP and MIMI users.
     */
    public Conversation addConversation(String name) {
        return addConversation(name, true);
    }

    /**
     * As {@link #addConversation(String)}; with {@code greet} false nothing is sent in it, so the first message of
     * the conversation is the caller's (no delivery has made any connector join its room yet).
     */
    public Conversation addConversation(String name, boolean greet) {
        String tag = name + "-" + run;
        XmppMember x = XmppMember.createRoom(server, XmppServers.uniqueUser("x" + name),
                server.roomJid("e2e-" + tag));
        String alice = "@alice-" + tag + ":" + HS_A;
        String bob = "@bob-" + tag + ":" + HS_B;
        MatrixMember m = new MatrixMember(Side.MATRIX, hsA, matrixAppServiceA, hsTokenA, asTokenA, alice,
                matrixRoom(hsA, alice));
        MatrixMember mm = new MatrixMember(Side.MIMI, hsB, matrixAppServiceB, hsTokenB, asTokenB, bob,
                matrixRoom(hsB, bob));
        String room = "mimi://" + PROVIDER_A + "/r/e2e-" + tag;
        Conversation c = new Conversation(name, x, m, mm, room);
        conversations.add(c);
        ObjectNode body = JSON.createObjectNode().put("room", room).put("creator", x.uri()).put("oneToOne", false);
        body.putArray("members").add(mimiGhostOfB(mm.userId()));
        expect(a.admin("POST", "/api/v1/connectors/dma/rooms", body.toString()), 200, "creating " + room);
        link(a, "xmpp:" + x.room(), matrixUri(m.roomId()), room);
        link(b, matrixUri(mm.roomId()), room);
        if (greet) {
            String hello = "conversation " + tag + " up";
            m.sendText(hello);
            x.awaitText(hello);
            mm.awaitText(hello);
        }
        return c;
    }

    /** The first conversation, the one {@link #start} bridged. */
    public Conversation firstConversation() {
        return new Conversation("first", xmpp, matrix, mimi, mimiRoom);
    }

    /** One conversation bridged across the three networks: a user of each in its room there. */
    public record Conversation(String name, XmppMember xmpp, MatrixMember matrix, MatrixMember mimi,
            String mimiRoom) {

        /** The user of one side. */
        public Participant user(Side side) {
            if (side == Side.XMPP) {
                return xmpp;
            }
            return side == Side.MATRIX ? matrix : mimi;
        }
    }

    private ConfigTemplate common(ConfigTemplate config, String name, int admin, int mimiPort, TestCa.Issued cert,
            TestCa ca, String peer, int peerPort, StubHomeserver hs, int appServicePort) {
        int media = GatewayProcess.freePort();
        String provider = name.equals("a") ? PROVIDER_A : PROVIDER_B;
        return config
                .set("data-dir", dir.resolve(name).resolve("data").toString())
                .set("admin.port", admin)
                .set("admin.token", GatewayProcess.ADMIN_TOKEN)
                .set("media.port", media)
                .set("media.public-base-url", "http://127.0.0.1:" + media)
                // Every server of the topology is on loopback: the XMPP uploads and the peer's media too.
                .set("media.fetch-private-addresses", true)
                .set("ghosts.matrix-server", hs.serverName())
                .set("ghosts.mimi-provider", provider)
                .set("router.initial-backoff", "PT0.2S")
                .set("router.max-backoff", "PT2S")
                .set("connectors.matrix.homeserver-url", hs.baseUrl())
                .set("connectors.matrix.listen-port", appServicePort)
                .set("connectors.matrix.call-timeout", "PT10S")
                .mimiProvider(provider, mimiPort, cert, ca, peer, peerPort)
                .set("connectors.dma.client.connect-timeout", "PT20S")
                .set("connectors.dma.client.request-timeout", "PT30S")
                .set("connectors.dma.fanout", Map.of("min-backoff", "PT0.05S", "max-backoff", "PT0.5S"));
    }

    private static String matrixRoom(StubHomeserver hs, String creator) {
        // Public, so that other users of the homeserver can join it as they would a community room.
        ObjectNode body = JSON.createObjectNode().put("preset", "public_chat");
        body.putArray("invite").add(bot(hs));
        String roomId = hs.createRoom(creator, body);
        hs.join(bot(hs), roomId);
        return roomId;
    }

    private static String bot(StubHomeserver hs) {
        return "@" + PREFIX + "bot:" + hs.serverName();
    }

    private static String matrixUri(String roomId) {
        return MatrixRoomId.parse(roomId).toUri();
    }

    private static void link(GatewayProcess instance, String... rooms) {
        ObjectNode body = JSON.createObjectNode().put("kind", "plumbed");
        ArrayNode list = body.putArray("rooms");
        for (String room : rooms) {
            list.add(room);
        }
        expect(instance.admin("POST", "/api/v1/links", body.toString()), 201, "linking " + List.of(rooms));
    }

    private static void expect(HttpResponse<String> r, int status, String what) {
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
    }

    /** The MIMI URI under which B's Matrix user appears to other providers. */
    private String mimiGhostOfB(String matrixUserId) {
        return namingB.ghostFor(MatrixUserId.parse(matrixUserId), Network.MIMI).toUri();
    }

    // ---- the users ----

    /** The XMPP user in A's MUC. */
    public XmppMember xmpp() {
        return xmpp;
    }

    /** The Matrix user on A's homeserver. */
    public MatrixMember matrix() {
        return matrix;
    }

    /** The MIMI user: a Matrix user of B's homeserver, behind provider B. */
    public MatrixMember mimi() {
        return mimi;
    }

    /** The user of one side. */
    public Participant user(Side side) {
        if (side == Side.XMPP) {
            return xmpp;
        }
        return side == Side.MATRIX ? matrix : mimi;
    }

    // ---- the infrastructure ----

    public GatewayProcess instanceA() {
        return a;
    }

    public GatewayProcess instanceB() {
        return b;
    }

    public StubHomeserver homeserverA() {
        return hsA;
    }

    public StubHomeserver homeserverB() {
        return hsB;
    }

    public XmppServer xmppServer() {
        return server;
    }

    /** The MIMI room, hosted by A, {@code mimi://a.test/r/e2e-<run>}. */
    public String mimiRoom() {
        return mimiRoom;
    }

    /** The ghost naming of instance A (how XMPP, Matrix and MIMI users appear on A's networks). */
    public GhostNaming namingA() {
        return namingA;
    }

    /** The ghost naming of instance B. */
    public GhostNaming namingB() {
        return namingB;
    }

    /** The ghost of {@code real} on {@code network} as instance A names it. */
    public Address ghostOnA(Address real, Network network) {
        return namingA.ghostFor(real, network);
    }

    /** Kills an instance (SIGKILL) and starts it again on the same config and data, waiting until it is ready. */
    public void killAndRestart(GatewayProcess instance) {
        instance.kill();
        instance.restart();
        instance.awaitReady(READY);
    }

    /** Stops an instance cleanly (SIGTERM) and starts it again, waiting until it is ready. */
    public void stopAndRestart(GatewayProcess instance) {
        instance.stop();
        instance.restart();
        instance.awaitReady(READY);
    }

    /** The directory the topology was built in (the instances' configs, logs and data are under it). */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        for (Conversation c : conversations) {
            c.xmpp().close();
        }
        if (xmpp != null) {
            xmpp.close();
        }
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        for (AutoCloseable c : closing) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not close " + c, e);
            }
        }
    }
}
