package dev.passerelle.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.provider.FanoutWorker;
import dev.passerelle.connector.dma.MimiPeerProvider;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.transport.TrustSettings;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.xmpp.stream.FakeComponentServer;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.e2e.GatewayProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the hostile inputs are aimed at, and the conversation that must keep flowing meanwhile: one gateway (the
 * distribution jar, in its own process) connected as component {@link #DOMAIN} to a {@link FakeComponentServer},
 * as appservice to a {@link StubHomeserver}, and serving MIMI over mutual TLS as {@link #PROVIDER} to the test's
 * client {@link #peer} and to a second provider, {@link #mimiPeer}, whose user is in the MIMI room {@link #MIMI_ROOM}
 * the gateway hosts; a Matrix room linked to its XMPP portal, in which the XMPP user {@link #XMPP_USER} is an
 * occupant. {@link #sendFromMatrix} and {@link #assertFlows} carry messages across that link in both directions.
 */
final class HostileWorld implements AutoCloseable {
    static final String DOMAIN = "gw.localhost";
    static final String HS = "hs.test";
    static final String PROVIDER = "a.test";
    static final String PEER = "b.test";
    static final String MIMI_ROOM = "mimi://" + PROVIDER + "/r/hostile";
    static final String SECRET = "hostile-component-secret";
    static final String AS_TOKEN = "hostile-as-token-0123456789";
    static final String HS_TOKEN = "hostile-hs-token-0123456789";
    static final String BOT = "@_passerelle_bot:" + HS;
    static final String MATRIX_USER = "@alice:" + HS;
    static final String XMPP_USER = "juliet@localhost/balcony";
    static final GhostNaming NAMING = new GhostNaming(new GhostSpaces(DOMAIN, HS, "_passerelle_", PROVIDER));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FLOW = Duration.ofSeconds(30);

    final Vertx vertx = Vertx.vertx();
    final FakeComponentServer xmpp;
    final StubHomeserver hs;
    final GatewayProcess gateway;
    final int appServicePort;
    final MimiHttpClient peer;
    /** The other MIMI provider, {@link #PEER}, whose user is a member of {@link #MIMI_ROOM}. */
    final MimiPeerProvider mimiPeer;
    /** The linked Matrix room, its XMPP portal, and the XMPP ghost of a Matrix user (set by {@link #prepare}). */
    String roomId;
    String portal;
    String ghost;
    private int sent;
    private int pings;

    HostileWorld(Path dir) {
        xmpp = join(new FakeComponentServer(vertx, DOMAIN, SECRET).listen());
        hs = StubHomeserver.start(HS, AS_TOKEN, "_passerelle_bot");
        hs.registerUser(MATRIX_USER);
        TestCa ca = TestCa.create(dir, "Hostile Test CA");
        int peerPort = GatewayProcess.freePort();
        TestCa.Issued own = ca.issue(PROVIDER);
        int adminPort = GatewayProcess.freePort();
        appServicePort = GatewayProcess.freePort();
        int mimiPort = GatewayProcess.freePort();
        String config = "data-dir: " + dir.resolve("data") + "\n"
                + "admin: {port: " + adminPort + ", token: " + GatewayProcess.ADMIN_TOKEN + "}\n"
                + "media: {port: " + GatewayProcess.freePort() + ", signing-key: "
                + Base64.getEncoder().encodeToString(new byte[32]) + "}\n"
                + "ghosts: {xmpp-domain: " + DOMAIN + ", matrix-server: " + HS + ", mimi-provider: " + PROVIDER + "}\n"
                + "router: {initial-backoff: PT0.2S, max-backoff: PT2S}\n"
                + "connectors:\n"
                + "  xmpp:\n"
                + "    type: xmpp\n"
                + "    component: {host: 127.0.0.1, port: " + xmpp.port() + ", domain: " + DOMAIN + ", secret: " + SECRET
                + ", reconnect-min: PT0.1S, reconnect-max: PT1S}\n"
                + "  matrix:\n"
                + "    type: matrix\n"
                + "    homeserver-url: " + hs.baseUrl() + "\n"
                + "    as-token: " + AS_TOKEN + "\n"
                + "    hs-token: " + HS_TOKEN + "\n"
                + "    listen-port: " + appServicePort + "\n"
                + "  dma:\n"
                + "    type: dma\n"
                + "    provider: " + PROVIDER + "\n"
                + "    server: {host: 127.0.0.1, port: " + mimiPort + ", max-body: 64KiB}\n"
                + "    tls: {cert: " + own.certChain() + ", key: " + own.key() + "}\n"
                + "    trust: {ca-bundle: " + ca.caBundle() + ", allowed-domains: [" + PEER + "]}\n"
                + "    client: {peers: {" + PEER + ": \"https://127.0.0.1:" + peerPort + "/\"}}\n";
        mimiPeer = MimiPeerProvider.start(ca, PEER, peerPort, PROVIDER, mimiPort);
        TestCa.Issued theirs = ca.issue(PEER);
        peer = new MimiHttpClient(vertx, new MimiClientSettings(Map.of(PROVIDER,
                URI.create("https://127.0.0.1:" + mimiPort + "/")), Duration.ofSeconds(20), Duration.ofSeconds(30),
                1 << 20), PeerTrust.load(new TrustSettings(theirs.certChain(), theirs.key(), ca.caBundle(),
                Set.of(PROVIDER), Map.of(), false, false)));
        // Last, so that nothing can fail between the start of the process and the caller's hold on close().
        gateway = GatewayProcess.start("hostile", dir, adminPort, config);
    }

    /**
     * Waits for the gateway, checks MIMI answers a well-formed request, creates the MIMI room and the linked
     * Matrix room and seats the XMPP user in its portal; a first message crosses the link each way.
     */
    void prepare() {
        gateway.awaitReady(Duration.ofSeconds(60));

        // The well-formed lookup the identifierQuery cases are broken from is answered (not found, as no number
        // is in the directory): the MIMI endpoint is reached through mutual TLS, and what refuses them is decoding.
        byte[] lookup = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(
                IdentifierRequest.SearchType.PHONE, "+15550001111")), AppDataDictionary.empty()).toBytes();
        IdentifierResponse answer = IdentifierResponse.decode(join(peer.post(PROVIDER,
                MimiEndpoint.IDENTIFIER_QUERY.path(PROVIDER), Buffer.buffer(lookup), FanoutWorker.CONTENT_TYPE))
                .body().getBytes());
        assertThat(answer.responseCode()).isEqualTo(IdentifierResponse.Code.NOT_FOUND);

        // A MIMI room the gateway hosts, with the other provider's user in it: the CBOR cases travel as its
        // application messages (the only way MIMI content reaches the gateway).
        ObjectNode mimiRoomRequest = JSON.createObjectNode().put("room", MIMI_ROOM)
                .put("creator", NAMING.ghostFor(Jid.parse(XMPP_USER).bare(), Network.MIMI).toUri())
                .put("oneToOne", false);
        mimiRoomRequest.putArray("members").add(mimiPeer.user());
        var created = gateway.admin("POST", "/api/v1/connectors/dma/rooms", mimiRoomRequest.toString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        await("the Welcome reaches " + mimiPeer.user()).atMost(FLOW).until(() -> mimiPeer.isMember(MIMI_ROOM));

        ObjectNode create = JSON.createObjectNode();
        create.putArray("invite").add(BOT);
        roomId = hs.createRoom(MATRIX_USER, create);
        hs.join(BOT, roomId);
        Address room = MatrixRoomId.parse(roomId);
        portal = NAMING.portalFor(room, Network.XMPP).toString();
        ghost = NAMING.ghostFor(MatrixUserId.parse("@bob:" + HS), Network.XMPP).toString();
        ObjectNode request = JSON.createObjectNode().put("kind", "portal");
        request.putArray("rooms").add("xmpp:" + portal).add(room.toUri());
        var link = gateway.admin("POST", "/api/v1/links", request.toString());
        assertThat(link.statusCode()).as(link.body()).isEqualTo(201);
        xmpp.inject("<presence from='" + XMPP_USER + "' to='" + portal + "/juliet'>"
                + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        assertFlows(sendFromMatrix("hello before the corpus"));
    }

    /** The placeholders of the corpus's payloads. */
    Map<String, String> placeholders() {
        return Map.of("domain", DOMAIN, "ghost", ghost);
    }

    String appServiceUrl() {
        return "http://127.0.0.1:" + appServicePort;
    }

    /**
     * Has Alice say something in the linked Matrix room (the homeserver pushes it to the gateway in the
     * background, retrying as a homeserver does); {@link #assertFlows} checks that it reached XMPP.
     */
    Sent sendFromMatrix(String label) {
        String text = "from matrix " + (++sent) + ": " + label;
        String eventId = hs.send(MATRIX_USER, roomId, "m.room.message",
                JSON.createObjectNode().put("msgtype", "m.text").put("body", text));
        StoredEvent stored = hs.events(roomId).stream().filter(e -> e.eventId().equals(eventId)).findFirst()
                .orElseThrow();
        CompletableFuture<?> push = hs.pushTransactionAsync(appServiceUrl(), HS_TOKEN, "flow-" + sent, List.of(
                ClientEvents.toJson(stored)), List.of());
        return new Sent(text, push);
    }

    /** A message on its way from Matrix. */
    record Sent(String text, CompletableFuture<?> push) {
    }

    /**
     * The gateway process is alive, {@code fromMatrix} reached the XMPP occupant, and a message of the XMPP
     * occupant reaches the Matrix room.
     */
    void assertFlows(Sent fromMatrix) {
        assertThat(gateway.isAlive()).as("the gateway process is alive").isTrue();
        await("'" + fromMatrix.text() + "' delivered to XMPP").atMost(FLOW)
                .until(() -> xmpp.receivedXml().stream().anyMatch(x -> x.contains(fromMatrix.text())));
        awaitStreamUp();
        String text = "from xmpp " + (++sent);
        xmpp.inject("<message type='groupchat' from='" + XMPP_USER + "' to='" + portal + "' id='m" + sent + "'><body>"
                + text + "</body></message>");
        await("'" + text + "' delivered to Matrix").atMost(FLOW).until(() -> hs.events(roomId).stream()
                .anyMatch(e -> text.equals(e.content().path("body").asText())));
        assertThat(gateway.admin("GET", "/health/live", null).statusCode()).isEqualTo(200);
    }

    /**
     * Waits until the component stream is authenticated and served: a ping to the component domain (from a user
     * who sends nothing else, so no rate limit is in the way) is answered. Before that an injected stanza could
     * land on a stream being torn down.
     */
    void awaitStreamUp() {
        await("the component stream answers a ping").atMost(FLOW).pollInterval(Duration.ofMillis(300))
                .ignoreExceptions().until(() -> {
                    String id = "probe-" + (++pings);
                    xmpp.inject("<iq type='get' from='probe@localhost/x' to='" + DOMAIN + "' id='" + id + "'>"
                            + "<ping xmlns='urn:xmpp:ping'/></iq>");
                    return await().atMost(Duration.ofMillis(1500)).until(() -> xmpp.receivedXml().stream()
                            .anyMatch(x -> x.contains("'" + id + "'") && x.contains("result")), ok -> ok);
                });
    }

    static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future failed", e);
        }
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            mimiPeer.close();
            join(peer.close());
            join(xmpp.close());
            hs.close();
            join(vertx.close());
        }
    }
}
