package dev.passerelle.connector.matrix;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.matrix.homeserver.TransactionResult;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.media.Media;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.media.MediaSettings;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.SlowCommits;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One gateway for the connector's end-to-end tests: a real router over an H2 store, the Matrix connector
 * against a {@link StubHomeserver}, and a {@link TestConnector} playing XMPP. {@link #link()} bridges a Matrix
 * room (created on the stub by the native user {@link #ALICE}, with the bot invited and joined) to the XMPP room
 * {@link #XMPP_ROOM}.
 */
final class Bridge implements AutoCloseable {
    static final String SERVER = "hs.test";
    static final GhostSpaces SPACES = new GhostSpaces("gw.localhost", SERVER, "_passerelle_", "localhost");
    static final GhostNaming NAMING = new GhostNaming(SPACES);
    static final String AS_TOKEN = "as-token-0123456789abcdef";
    static final String HS_TOKEN = "hs-token-0123456789abcdef";
    static final String BOT = "@_passerelle_bot:" + SERVER;
    static final String ALICE = "@alice:" + SERVER;
    static final Jid XMPP_ROOM = Jid.parse("room@conference.example.org");
    static final Jid JULIET = Jid.parse("room@conference.example.org/juliet");
    static final ObjectMapper JSON = new ObjectMapper();

    final Vertx vertx;
    final StubHomeserver hs;
    final JdbcStore store;
    /** The store as the router writes it: its commits of confirmations can be made slow. */
    final SlowCommits commits;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final MediaService media;
    final BytesFetcher files = new BytesFetcher();
    final Router router;
    final TestConnector xmpp = new TestConnector(Network.XMPP);
    final MatrixConnector matrix;
    String roomId;
    private int txn;

    Bridge(Vertx vertx, StubHomeserver hs, JdbcStoreConfig storeConfig) {
        this(vertx, hs, storeConfig, new RouterSettings(4, Duration.ofMillis(20), Duration.ofMillis(200), 100));
    }

    Bridge(Vertx vertx, StubHomeserver hs, JdbcStoreConfig storeConfig, RouterSettings routing) {
        this(vertx, hs, storeConfig, routing, true);
    }

    Bridge(Vertx vertx, StubHomeserver hs, JdbcStoreConfig storeConfig, RouterSettings routing, boolean awaitUp) {
        this.vertx = vertx;
        this.hs = hs;
        this.store = JdbcStore.open(storeConfig, metrics);
        byte[] key = Arrays.copyOf("the media signing key of the test".getBytes(StandardCharsets.UTF_8), 32);
        this.media = Media.create(vertx, new MediaSettings("127.0.0.1", 1, URI.create("http://127.0.0.1:1/"), key,
                Duration.ofMinutes(10), 1L << 20), metrics, Clock.systemUTC());
        media.register(files);
        this.commits = new SlowCommits(store);
        this.router = new Router(vertx, commits, NAMING, routing, metrics, Clock.systemUTC());
        ObjectNode config = JSON.createObjectNode()
                .put("homeserver-url", hs.baseUrl())
                .put("as-token", AS_TOKEN)
                .put("hs-token", HS_TOKEN)
                .put("listen-port", 0)
                .put("call-timeout", "PT5S");
        TestContext ctx = new TestContext("matrix", router, router.store(), NAMING, media, vertx,
                new ConfigSection("connectors.matrix", config), metrics, Clock.systemUTC());
        this.matrix = (MatrixConnector) new MatrixConnectorFactory().create(ctx);
        router.attach(xmpp);
        router.attach(matrix);
        xmpp.sink(router);
        join(router.start());
        join(matrix.start());
        if (awaitUp) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> matrix.health().ready());
        }
    }

    static Bridge inMemory(Vertx vertx, StubHomeserver hs) {
        return new Bridge(vertx, hs, JdbcStoreConfig.h2Memory("matrix-" + UUID.randomUUID()));
    }

    static StubHomeserver homeserver() {
        StubHomeserver hs = StubHomeserver.start(SERVER, AS_TOKEN, "_passerelle_bot");
        hs.registerUser(ALICE);
        return hs;
    }

    /** Creates a room as Alice with the bot in it, and links it to the XMPP room; gives its id. */
    String link() {
        roomId = room(JSON.createObjectNode());
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED,
                Set.<Address>of(MatrixRoomId.parse(roomId), XMPP_ROOM), Instant.now()));
        return roomId;
    }

    /** A room made by Alice with the bot invited and joined. */
    String room(ObjectNode createBody) {
        createBody.putArray("invite").add(BOT);
        String id = hs.createRoom(ALICE, createBody);
        hs.join(BOT, id);
        return id;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + matrix.appServicePort();
    }

    /** Alice (or another native user) sends an event on the homeserver, which pushes it to the gateway. */
    String send(String sender, String type, JsonNode content) {
        String eventId = hs.send(sender, roomId, type, content);
        push(stored(roomId, eventId));
        return eventId;
    }

    String text(String body) {
        return send(ALICE, "m.room.message", JSON.createObjectNode().put("msgtype", "m.text").put("body", body));
    }

    ObjectNode stored(String room, String eventId) {
        StoredEvent e = hs.events(room).stream().filter(s -> s.eventId().equals(eventId)).findFirst().orElseThrow();
        return ClientEvents.toJson(e);
    }

    TransactionResult push(ObjectNode... events) {
        TransactionResult r = hs.pushTransaction(gatewayUrl(), HS_TOKEN, "t" + (++txn) + "-" + UUID.randomUUID(),
                List.of(events));
        if (!r.acknowledged()) {
            throw new AssertionError("transaction not acknowledged: " + r);
        }
        return r;
    }

    TransactionResult pushEphemeral(ObjectNode... ephemeral) {
        return hs.pushTransaction(gatewayUrl(), HS_TOKEN, "e" + (++txn) + "-" + UUID.randomUUID(), List.of(),
                List.of(ephemeral));
    }

    /** The next event of the given kind the XMPP side receives. */
    <T extends Event> T xmppReceives(Class<T> kind) {
        return xmppReceives(kind, e -> true);
    }

    <T extends Event> T xmppReceives(Class<T> kind, Predicate<T> which) {
        return await().atMost(10, TimeUnit.SECONDS).until(() -> xmpp.sent().stream().map(s -> s.delivery().event())
                .filter(kind::isInstance).map(kind::cast).filter(which).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** An XMPP room occupant's message. */
    static MessageSent xmppMessage(Jid sender, MessageContent content) {
        return new MessageSent(EventId.random(), xmppOrigin(), sender, XMPP_ROOM, Instant.now(), content);
    }

    static Origin xmppOrigin() {
        return new Origin(Network.XMPP, new NativeId("x-" + UUID.randomUUID()));
    }

    static MatrixUserId ghostOf(Address real) {
        return (MatrixUserId) NAMING.ghostFor(real, Network.MATRIX);
    }

    /** Injects an XMPP event and waits until the router has journalled it. */
    void fromXmpp(Event event) {
        join(xmpp.inject(event));
    }

    /** The first event in the Matrix room matching the filter, once it is there. */
    StoredEvent matrixReceives(Predicate<StoredEvent> which) {
        return await().atMost(10, TimeUnit.SECONDS).until(() -> hs.events(roomId).stream().filter(which).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    StoredEvent matrixReceives(String sender, String type) {
        return matrixReceives(e -> e.sender().equals(sender) && e.type().equals(type));
    }

    double ignored(String reason) {
        Counter c = metrics.find("passerelle.matrix.events.ignored").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
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
        join(router.stop());
        join(matrix.stop());
        store.close();
    }
}
