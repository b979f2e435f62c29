package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.plumb.PlumbInbound;
import dev.passerelle.connector.xmpp.plumb.PlumbedRooms;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.store.InMemoryStore;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.impl.JidCreate;

/** A plumbed MUC destroyed by its owner leaves its link cleanly, for an alternate venue when it names one. */
@ExtendWith(VertxExtension.class)
@Tag("feature:muc-plumbed")
@Tag("direction:xmpp-to-matrix")
class DestroyedRoomTest {
    private static final Jid ROOM = Jid.parse("lobby@conference.localhost");
    private static final Jid VENUE = Jid.parse("hall@conference.localhost");
    private static final Jid OTHER_XMPP = Jid.parse("other@conference.localhost");
    private static final MatrixRoomId MATRIX = MatrixRoomId.parse("!lobby:localhost");

    @Test
    void withoutAVenueTheRoomIsUnlinked(Vertx vertx) {
        InMemoryStore store = new InMemoryStore();
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(ROOM, MATRIX), Instant.now()));
        Plumbing plumbing = plumbing(vertx, store);

        vertx.runOnContext(v -> plumbing.handle(new PlumbInbound.Destroyed(entity(ROOM), Optional.empty(),
                Optional.of("closing"))));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.links().findByRoom(MATRIX).isEmpty());
        assertThat(store.links().findByRoom(ROOM)).isEmpty();
        assertThat(store.links().list()).isEmpty();
    }

    @Test
    void anAlternateVenueTakesTheRoomsPlaceInTheLink(Vertx vertx) {
        InMemoryStore store = new InMemoryStore();
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(ROOM, MATRIX), Instant.now()));
        Plumbing plumbing = plumbing(vertx, store);

        vertx.runOnContext(v -> plumbing.handle(new PlumbInbound.Destroyed(entity(ROOM), Optional.of(entity(VENUE)),
                Optional.empty())));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.links().findByRoom(VENUE).isPresent());
        assertThat(store.links().findByRoom(MATRIX).orElseThrow().rooms()).containsExactlyInAnyOrder(VENUE, MATRIX);
        assertThat(store.links().findByRoom(ROOM)).isEmpty();
    }

    @Test
    void aVenueAlreadyLinkedElsewhereIsNotTakenOver(Vertx vertx) {
        InMemoryStore store = new InMemoryStore();
        MatrixRoomId elsewhere = MatrixRoomId.parse("!hall:localhost");
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(ROOM, MATRIX), Instant.now()));
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(VENUE, elsewhere), Instant.now()));
        Plumbing plumbing = plumbing(vertx, store);

        vertx.runOnContext(v -> plumbing.handle(new PlumbInbound.Destroyed(entity(ROOM), Optional.of(entity(VENUE)),
                Optional.empty())));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.links().findByRoom(MATRIX).isEmpty());
        assertThat(store.links().findByRoom(VENUE).orElseThrow().rooms()).containsExactlyInAnyOrder(VENUE, elsewhere);
    }

    @Test
    void aLinkOfThreeRoomsKeepsTheOtherTwo(Vertx vertx) {
        InMemoryStore store = new InMemoryStore();
        Address mimi = dev.passerelle.core.address.Addresses.parse("mimi://provider.example/r/lobby");
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(ROOM, MATRIX, mimi), Instant.now()));
        Plumbing plumbing = plumbing(vertx, store);

        vertx.runOnContext(v -> plumbing.handle(new PlumbInbound.Destroyed(entity(ROOM), Optional.empty(),
                Optional.empty())));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> store.links().findByRoom(ROOM).isEmpty());
        assertThat(store.links().findByRoom(MATRIX).orElseThrow().rooms()).containsExactlyInAnyOrder(MATRIX, mimi);
        assertThat(store.links().list()).hasSize(1);
    }

    private static Plumbing plumbing(Vertx vertx, InMemoryStore store) {
        PlumbedRooms rooms = new PlumbedRooms(stanza -> Future.succeededFuture(),
                JidCreate.entityBareFromOrThrowUnchecked("bridge@gw.localhost"), "bridge", Clock.systemUTC(), vertx);
        StoreRefs refs = new StoreRefs(store.messages(), store.state(), "xmpp");
        return new Plumbing(vertx, "gw.localhost", rooms, new XmppToCanonical(refs, Clock.systemUTC()), refs,
                new RecordingSink(), store.links(), Clock.systemUTC());
    }

    private static org.jxmpp.jid.EntityBareJid entity(Jid jid) {
        return JidCreate.entityBareFromOrThrowUnchecked(jid.toString());
    }
}
