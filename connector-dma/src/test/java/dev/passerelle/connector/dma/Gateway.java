package dev.passerelle.connector.dma;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
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
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One Passerelle instance of the end-to-end tests: its own Vert.x, an H2 store, a real router, a
 * {@link DmaConnector} as the MIMI provider {@code domain} and a {@link TestConnector} standing for the XMPP network
 * behind it, whose room {@link #xmppRoom} is linked to a MIMI room.
 */
final class Gateway implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final String domain;
    final int port;
    final Vertx vertx = Vertx.vertx();
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final JdbcStore store;
    final JdbcStoreConfig storeConfig;
    final GhostNaming naming;
    final Router router;
    /** The XMPP side; it carries read markers, so MIMI status reports can be seen arriving. */
    final TestConnector xmpp = new TestConnector(Network.XMPP, EnumSet.of(Capability.READ_MARKERS));
    final DmaConnector dma;
    /** The MIMI connector as the router sees it; its confirmations can be made slow. */
    final SlowConfirmations dmaAtRouter;
    /** The core media service, where the connector's {@code mimi-enc:} fetcher is registered. */
    final MediaService media;
    final Jid xmppRoom;

    /** An instance for {@code domain} on {@code port}, trusting {@code peers} (domain to port) through {@code ca}. */
    Gateway(TestCa ca, String domain, int port, Map<String, Integer> peers) {
        this(ca, ca.issue(domain), domain, port, peers);
    }

    Gateway(TestCa ca, TestCa.Issued cert, String domain, int port, Map<String, Integer> peers) {
        this(ca, cert, domain, port, peers,
                JdbcStoreConfig.h2Memory("dma-" + domain.replace(".", "_") + "-" + UUID.randomUUID()));
    }

    /** As above, on the store {@code storeConfig} (an H2 file survives the instance, as across a restart). */
    Gateway(TestCa ca, TestCa.Issued cert, String domain, int port, Map<String, Integer> peers,
            JdbcStoreConfig storeConfig) {
        this(ca, cert, domain, port, peers, storeConfig, false);
    }

    /**
     * As above; with {@code loopbackAssets}, proxyDownload trusts the test CA and connects to loopback addresses
     * (the tests serve assets there), so the connector is built directly rather than through its factory.
     */
    Gateway(TestCa ca, TestCa.Issued cert, String domain, int port, Map<String, Integer> peers,
            JdbcStoreConfig storeConfig, boolean loopbackAssets) {
        this.domain = domain;
        this.port = port;
        this.xmppRoom = Jid.parse("room@conference." + domain.replace(".test", ".example"));
        this.storeConfig = storeConfig;
        this.store = JdbcStore.open(storeConfig, metrics);
        this.naming = new GhostNaming(new GhostSpaces("gw." + domain, "hs." + domain, "_passerelle_", domain));
        this.router = new Router(vertx, store, naming,
                new RouterSettings(50, Duration.ofMillis(20), Duration.ofMillis(300), 100), metrics,
                Clock.systemUTC());
        ObjectNode config = config(ca, cert, domain, port, peers);
        // A real media service, so that the connector's mimi-enc: fetcher registers as in production.
        this.media = Media.create(vertx, MediaSettings.defaults(URI.create("https://media." + domain + "/"),
                new byte[MediaSettings.MIN_KEY_BYTES]), metrics, Clock.systemUTC());
        TestContext ctx = new TestContext("dma", router, router.store(), naming, media, vertx,
                new ConfigSection("connectors.dma", config), metrics, Clock.systemUTC());
        DmaConnectorFactory factory = new DmaConnectorFactory();
        factory.validate(ctx.config(), naming.spaces());
        this.dma = loopbackAssets
                ? new DmaConnector(ctx, DmaSettings.from(ctx.config(), naming.spaces()),
                        new PemTrustOptions().addCertPath(ca.caBundle().toString()), address -> true)
                : (DmaConnector) factory.create(ctx);
        router.attach(xmpp);
        this.dmaAtRouter = new SlowConfirmations(dma, vertx);
        router.attach(dmaAtRouter);
        xmpp.sink(router);
        join(router.start());
    }

    static ObjectNode config(TestCa ca, TestCa.Issued cert, String domain, int port, Map<String, Integer> peers) {
        ObjectNode config = JSON.createObjectNode().put("provider", domain);
        config.putObject("server").put("host", "127.0.0.1").put("port", port).put("max-body", "64KiB");
        config.putObject("tls").put("cert", cert.certChain().toString()).put("key", cert.key().toString());
        ObjectNode trust = config.putObject("trust").put("ca-bundle", ca.caBundle().toString());
        peers.keySet().forEach(trust.putArray("allowed-domains")::add);
        ObjectNode client = config.putObject("client").put("connect-timeout", "PT5S").put("request-timeout", "PT20S");
        ObjectNode urls = client.putObject("peers");
        peers.forEach((d, p) -> urls.put(d, "https://127.0.0.1:" + p + "/"));
        config.putObject("fanout").put("min-backoff", "PT0.05S").put("max-backoff", "PT0.5S");
        return config;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real XMPP user {@code name} of this side, e.g. juliet@a.example. */
    Jid user(String name) {
        return Jid.parse(name + "@" + domain.replace(".test", ".example"));
    }

    MimiUserUri ghost(Jid user) {
        return (MimiUserUri) naming.ghostFor(user, Network.MIMI);
    }

    /** The MIMI room standing for our XMPP room. */
    MimiRoomUri portal() {
        return (MimiRoomUri) naming.portalFor(xmppRoom, Network.MIMI);
    }

    void link(MimiRoomUri room) {
        store.links().create(new Link(LinkId.random(), Link.Kind.PORTAL, Set.<Address>of(xmppRoom, room),
                Instant.now()));
    }

    /** An XMPP user's message in our XMPP room, injected and journalled. */
    MessageSent say(Jid sender, MessageContent content) {
        MessageSent m = new MessageSent(EventId.random(), origin(), sender, xmppRoom, Instant.now(), content);
        inject(m);
        return m;
    }

    void inject(Event event) {
        join(xmpp.inject(event));
    }

    static Origin origin() {
        return new Origin(Network.XMPP, new NativeId("x-" + UUID.randomUUID()));
    }

    /** The first event of {@code kind} matching {@code which} that the XMPP side was sent. */
    <T extends Event> T receives(Class<T> kind, Predicate<T> which) {
        return await().atMost(60, TimeUnit.SECONDS).until(() -> received(kind, which).stream().findFirst(),
                java.util.Optional::isPresent).orElseThrow();
    }

    <T extends Event> List<T> received(Class<T> kind, Predicate<T> which) {
        return xmpp.sent().stream().map(s -> s.delivery().event()).filter(kind::isInstance).map(kind::cast)
                .filter(which).toList();
    }

    static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError("future failed", e.getCause());
        } catch (Exception e) {
            throw new AssertionError("future failed", e);
        }
    }

    /**
     * Starts the connector (again, after a stop) on its port. Another socket of this machine may hold that port for
     * a moment (an outgoing connection's ephemeral port is drawn from the range {@link #freePort} picks from): the
     * start is tried again for up to 20 s while it fails with "Address already in use"; any other failure is thrown.
     */
    Gateway start() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                join(dma.start());
                return this;
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("Address already in use")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while starting " + dma + " again", e);
            }
        }
    }

    @Override
    public void close() {
        join(router.stop());
        join(dma.stop());
        store.close();
        join(vertx.close());
    }
}
