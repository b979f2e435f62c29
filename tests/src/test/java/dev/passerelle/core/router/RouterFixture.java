package dev.passerelle.core.router;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Store;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A router over a real store with three test connectors: XMPP rooms are the sources, Matrix and MIMI
 * rooms the targets. Conversation {@code i} links {@code room-i@conference.example.org},
 * {@code !room-i:example.org} and {@code mimi://example.org/r/room-i}.
 */
final class RouterFixture implements AutoCloseable {
    static final GhostSpaces SPACES = new GhostSpaces("gw.example.org", "example.org", "_passerelle_", "gw.example.org");

    final Vertx vertx;
    final Store store;
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final TestConnector xmpp = new TestConnector(Network.XMPP);
    final TestConnector matrix;
    final TestConnector mimi;
    final Router router;

    RouterFixture(Vertx vertx, Store store, RouterSettings settings, TestConnector matrix, TestConnector mimi) {
        this.vertx = vertx;
        this.store = store;
        this.matrix = matrix;
        this.mimi = mimi;
        this.router = new Router(vertx, store, new GhostNaming(SPACES), settings, metrics, Clock.systemUTC());
        router.attach(xmpp);
        router.attach(matrix);
        router.attach(mimi);
        xmpp.sink(router);
    }

    static RouterSettings fastRetries() {
        return new RouterSettings(5, Duration.ofMillis(20), Duration.ofMillis(200), 1000);
    }

    static Jid xmppRoom(int i) {
        return Jid.parse("room-" + i + "@conference.example.org");
    }

    static MatrixRoomId matrixRoom(int i) {
        return MatrixRoomId.parse("!room-" + i + ":example.org");
    }

    static MimiRoomUri mimiRoom(int i) {
        return new MimiRoomUri("example.org", "room-" + i);
    }

    void link(int conversations) {
        for (int i = 0; i < conversations; i++) {
            store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED,
                    Set.<Address>of(xmppRoom(i), matrixRoom(i), mimiRoom(i)), Instant.now()));
        }
    }

    /** Message number {@code n} in conversation {@code i}, with native id {@code m-i-n} and text {@code i:n}. */
    static MessageSent message(int i, int n) {
        Jid sender = Jid.parse("room-" + i + "@conference.example.org/alice");
        return new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("m-" + i + "-" + n)), sender,
                xmppRoom(i), Instant.now(), MessageContent.text(i + ":" + n));
    }

    double counter(String name, String network) {
        return Optional.ofNullable(metrics.find(name).tag("network", network).counter()).map(c -> c.count()).orElse(0.0);
    }

    @Override
    public void close() {
        try {
            router.stop().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("router did not stop", e);
        }
    }
}
