package dev.passerelle.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fixture must behave like the real store, or tests built on it prove nothing. */
class InMemoryStoreTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final InMemoryStore store = new InMemoryStore(Clock.fixed(T0, ZoneOffset.UTC));

    private final Address muc = Jid.of("room", "muc.example.org");
    private final Address matrixRoom = MatrixRoomId.parse("!abc:example.org");
    private final Address mimiRoom = new MimiRoomUri("provider.example", "room1");

    private Link link(Address... rooms) {
        return new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(rooms), T0);
    }

    private static JournalBatch appends(JournalBatch.Append... appends) {
        return new JournalBatch(List.of(appends), List.of(), List.of(), List.of(), List.of());
    }

    private JournalBatch.Append append(EventId event, String originId, LinkId link, Address... targets) {
        NativeRef origin = new NativeRef(Network.XMPP, muc, new NativeId(originId));
        List<JournalBatch.Target> ts = java.util.Arrays.stream(targets)
                .map(t -> new JournalBatch.Target(t, IdempotencyKey.derive(event, t))).toList();
        return new JournalBatch.Append(event, origin, link, "{}".getBytes(StandardCharsets.UTF_8), ts);
    }

    @Test
    void linksRefuseARoomThatIsAlreadyLinked() {
        Link first = link(muc, matrixRoom);
        store.links().create(first);
        assertThat(store.links().findByRoom(matrixRoom)).contains(first);
        assertThatThrownBy(() -> store.links().create(link(matrixRoom, mimiRoom)))
                .isInstanceOf(StoreException.Conflict.class).hasMessageContaining(matrixRoom.toUri());
        assertThat(store.links().findByRoom(mimiRoom)).isEmpty();
        assertThat(store.links().delete(first.id())).isTrue();
        assertThat(store.links().delete(first.id())).isFalse();
        assertThat(store.links().findByRoom(matrixRoom)).isEmpty();
        store.links().create(link(matrixRoom, mimiRoom));
        assertThat(store.links().list()).hasSize(1);
    }

    @Test
    void ghostsAreUpsertedAndListedInCreationOrder() {
        Address bob = MatrixUserId.parse("@bob:example.org");
        Address bobGhost = Jid.of("bob", "gw.example.org");
        store.ghosts().save(new Ghost(bob, bobGhost, Optional.empty(), Optional.empty(), T0));
        store.ghosts().save(new Ghost(bob, bobGhost, Optional.of("Bob"), Optional.empty(), T0.plusSeconds(9)));
        Address alice = Jid.of("alice", "example.org");
        Address aliceGhost = MatrixUserId.parse("@_passerelle_alice:example.org");
        store.ghosts().save(new Ghost(alice, aliceGhost, Optional.empty(), Optional.empty(), T0.plusSeconds(1)));

        assertThat(store.ghosts().count()).isEqualTo(2);
        assertThat(store.ghosts().find(bob, Network.XMPP)).hasValueSatisfying(g -> {
            assertThat(g.displayName()).contains("Bob");
            assertThat(g.created()).isEqualTo(T0);
        });
        assertThat(store.ghosts().findByGhost(aliceGhost).map(Ghost::real)).contains(alice);
        assertThat(store.ghosts().list(0, 10)).extracting(Ghost::real).containsExactly(bob, alice);
        assertThat(store.ghosts().list(1, 10)).extracting(Ghost::real).containsExactly(alice);
        assertThat(store.ghosts().list(0, 1)).hasSize(1);
    }

    @Test
    void messageMapRefusesANativeIdOfAnotherEvent() {
        EventId e1 = EventId.random();
        NativeRef ref = new NativeRef(Network.MATRIX, matrixRoom, new NativeId("$x"));
        store.messages().put(e1, ref);
        store.messages().put(e1, ref);
        assertThat(store.messages().refs(e1)).containsExactly(ref);
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$x"))).contains(e1);
        assertThatThrownBy(() -> store.messages().put(EventId.random(), ref)).isInstanceOf(StoreException.Conflict.class);
    }

    @Test
    void journalAppendsDetectDuplicatesAlsoWithinABatch() {
        LinkId l = LinkId.random();
        EventId e1 = EventId.random();
        EventId e2 = EventId.random();
        JournalResult r = store.journal().write(appends(append(e1, "o1", l, matrixRoom, mimiRoom), append(e2, "o1", l, matrixRoom)));
        assertThat(r.duplicate(0)).isFalse();
        assertThat(r.appended().get(0)).containsExactly(1, 2);
        assertThat(r.duplicate(1)).isTrue();
        assertThat(store.journal().write(appends(append(EventId.random(), "o1", l, matrixRoom))).duplicate(0)).isTrue();

        List<StoredDelivery> pending = store.journal().pending();
        assertThat(pending).extracting(StoredDelivery::seq).containsExactly(1L, 2L);
        assertThat(pending.get(0).notBefore()).isEqualTo(T0);
        assertThat(pending.get(0).key()).isEqualTo(IdempotencyKey.derive(e1, matrixRoom));
        assertThat(store.journal().pendingCount()).isEqualTo(2);
    }

    @Test
    void deliveriesAreRenderedRetriedDoneAndDeadLettered() {
        LinkId l = LinkId.random();
        EventId e = EventId.random();
        store.journal().write(appends(append(e, "o1", l, matrixRoom, mimiRoom)));
        Rendered bytes = new Rendered(new byte[] {1, 2});
        NativeRef result = new NativeRef(Network.MATRIX, matrixRoom, new NativeId("$assigned"));
        store.journal().write(new JournalBatch(List.of(), List.of(new JournalBatch.RenderedUpdate(1, bytes)),
                List.of(), List.of(new JournalBatch.Retry(2, 1, T0.plusSeconds(5), "503")), List.of()));
        assertThat(store.journal().find(1)).hasValueSatisfying(d -> assertThat(d.rendered()).contains(bytes));
        assertThat(store.journal().find(2)).hasValueSatisfying(d -> {
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.notBefore()).isEqualTo(T0.plusSeconds(5));
            assertThat(d.lastError()).contains("503");
        });

        store.journal().write(new JournalBatch(List.of(), List.of(), List.of(new JournalBatch.Done(1, e, Optional.of(result))),
                List.of(), List.of(new JournalBatch.DeadLetter(2, 2, "forbidden"))));
        assertThat(store.journal().find(1)).isEmpty();
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$assigned"))).contains(e);
        assertThat(store.journal().pending()).isEmpty();
        assertThat(store.journal().deadCount()).isEqualTo(1);
        assertThat(store.journal().deadLetters(0, 10)).singleElement().satisfies(d -> {
            assertThat(d.status()).isEqualTo(StoredDelivery.Status.DEAD);
            assertThat(d.lastError()).contains("forbidden");
        });

        assertThat(store.journal().revive(1, T0)).isFalse();
        assertThat(store.journal().revive(2, T0.plusSeconds(60))).isTrue();
        assertThat(store.journal().find(2)).hasValueSatisfying(d -> {
            assertThat(d.status()).isEqualTo(StoredDelivery.Status.PENDING);
            assertThat(d.attempts()).isZero();
            assertThat(d.notBefore()).isEqualTo(T0.plusSeconds(60));
        });
        assertThat(store.journal().discard(2)).isFalse();
        store.journal().write(new JournalBatch(List.of(), List.of(), List.of(), List.of(),
                List.of(new JournalBatch.DeadLetter(2, 1, "again"))));
        assertThat(store.journal().discard(2)).isTrue();
        assertThat(store.journal().deadCount()).isZero();
        assertThat(store.journal().prune()).isEqualTo(1);
        assertThat(store.journal().prune()).isZero();
    }

    @Test
    void deadLettersComeNewestFirst() {
        LinkId l = LinkId.random();
        store.journal().write(appends(append(EventId.random(), "a", l, matrixRoom), append(EventId.random(), "b", l, matrixRoom),
                append(EventId.random(), "c", l, matrixRoom)));
        store.journal().write(new JournalBatch(List.of(), List.of(), List.of(), List.of(), List.of(
                new JournalBatch.DeadLetter(1, 1, "x"), new JournalBatch.DeadLetter(3, 1, "x"))));
        assertThat(store.journal().deadLetters(0, 10)).extracting(StoredDelivery::seq).containsExactly(3L, 1L);
        assertThat(store.journal().deadLetters(1, 10)).extracting(StoredDelivery::seq).containsExactly(1L);
    }

    @Test
    void aFailedWriteChangesNothing() {
        LinkId l = LinkId.random();
        EventId e1 = EventId.random();
        store.journal().write(appends(append(e1, "o1", l, matrixRoom)));
        NativeRef taken = new NativeRef(Network.XMPP, muc, new NativeId("o1"));
        JournalBatch bad = new JournalBatch(List.of(append(EventId.random(), "o2", l, mimiRoom)), List.of(),
                List.of(new JournalBatch.Done(1, EventId.random(), Optional.of(taken))), List.of(), List.of());
        assertThatThrownBy(() -> store.journal().write(bad)).isInstanceOf(StoreException.Conflict.class);
        assertThat(store.journal().find(1)).isPresent();
        assertThat(store.journal().pendingCount()).isEqualTo(1);
        assertThat(store.messages().find(Network.XMPP, new NativeId("o2"))).isEmpty();
    }

    @Test
    void connectorStateAndHealth() {
        store.state().put("xmpp", "pos", new byte[] {7});
        assertThat(store.state().get("xmpp", "pos")).hasValueSatisfying(v -> assertThat(v).containsExactly(7));
        assertThat(store.state().get("matrix", "pos")).isEmpty();
        store.state().delete("xmpp", "pos");
        assertThat(store.state().get("xmpp", "pos")).isEmpty();

        assertThat(store.healthy()).isTrue();
        store.setHealthy(false);
        assertThat(store.healthy()).isFalse();
        store.setHealthy(true);
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.links().list()).isInstanceOf(StoreException.Unavailable.class);
    }
}
