package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StoreException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract of the ghost, link, message map and connector state ports, for every database. */
abstract class MappingPortsContract extends StoreFixture {

    static final Address ALICE = Jid.of("alice", "example.org");
    static final Address ALICE_ON_MATRIX = matrixUser("_xmpp_alice=40example.org");
    static final Address ALICE_ON_MIMI = new MimiUserUri("gw.example", "xmpp_alice=40example.org");

    static Ghost ghost(Address real, Address ghost) {
        return new Ghost(real, ghost, Optional.empty(), Optional.empty(), T0);
    }

    // ---- ghosts

    @Test
    void savedGhostIsFoundByRealUserAndByGhostAddress() {
        Ghost saved = new Ghost(ALICE, ALICE_ON_MATRIX, Optional.of("Alice (XMPP)"),
                Optional.of(URI.create("mxc://example.org/abc")), T0);
        store.ghosts().save(saved);

        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).contains(saved);
        assertThat(store.ghosts().findByGhost(ALICE_ON_MATRIX)).contains(saved);
        assertThat(store.ghosts().find(ALICE, Network.MIMI)).isEmpty();
        assertThat(store.ghosts().findByGhost(ALICE_ON_MIMI)).isEmpty();
    }

    @Test
    void savingAgainUpdatesProfileAndKeepsCreationTime() {
        store.ghosts().save(ghost(ALICE, ALICE_ON_MATRIX));
        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).map(Ghost::displayName).contains(Optional.empty());

        later();
        Ghost renamed = new Ghost(ALICE, ALICE_ON_MATRIX, Optional.of("Alice"), Optional.of(URI.create("https://a.example/a.png")),
                clock.instant());
        store.ghosts().save(renamed);

        Ghost found = store.ghosts().find(ALICE, Network.MATRIX).orElseThrow();
        assertThat(found.displayName()).contains("Alice");
        assertThat(found.avatar()).contains(URI.create("https://a.example/a.png"));
        assertThat(found.created()).isEqualTo(T0);
        assertThat(store.ghosts().count()).isEqualTo(1);

        store.ghosts().save(ghost(ALICE, ALICE_ON_MATRIX));
        assertThat(store.ghosts().findByGhost(ALICE_ON_MATRIX).orElseThrow().displayName()).isEmpty();
    }

    @Test
    void aMissingGhostIsFoundOnceSaved() {
        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).isEmpty();
        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).isEmpty();

        store.ghosts().save(ghost(ALICE, ALICE_ON_MATRIX));

        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).isPresent();
    }

    @Test
    void aUserHasOneGhostPerNetwork() {
        store.ghosts().save(ghost(ALICE, ALICE_ON_MATRIX));
        store.ghosts().save(ghost(ALICE, ALICE_ON_MIMI));

        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).map(Ghost::ghost).contains(ALICE_ON_MATRIX);
        assertThat(store.ghosts().find(ALICE, Network.MIMI)).map(Ghost::ghost).contains(ALICE_ON_MIMI);

        assertThatThrownBy(() -> store.ghosts().save(ghost(ALICE, matrixUser("someone_else"))))
                .isInstanceOf(StoreException.Conflict.class);
        assertThat(store.ghosts().find(ALICE, Network.MATRIX)).map(Ghost::ghost).contains(ALICE_ON_MATRIX);
    }

    @Test
    void aGhostAddressBelongsToOneUser() {
        store.ghosts().save(ghost(ALICE, ALICE_ON_MATRIX));
        Address bob = Jid.of("bob", "example.org");

        assertThatThrownBy(() -> store.ghosts().save(ghost(bob, ALICE_ON_MATRIX)))
                .isInstanceOf(StoreException.Conflict.class);
        assertThat(store.ghosts().find(bob, Network.MATRIX)).isEmpty();
        assertThat(store.ghosts().count()).isEqualTo(1);
    }

    @Test
    void ghostsAreListedInPagesByCreation() {
        List<Address> reals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Address real = Jid.of("user" + i, "example.org");
            reals.add(real);
            // Saved in reverse creation order: the listing must sort, not echo insertion order.
            store.ghosts().save(new Ghost(real, matrixUser("_xmpp_user" + i), Optional.empty(), Optional.empty(),
                    T0.plusSeconds(10 - i)));
        }

        List<Address> all = store.ghosts().list(0, 10).stream().map(Ghost::real).toList();
        assertThat(all).containsExactly(reals.get(4), reals.get(3), reals.get(2), reals.get(1), reals.get(0));
        assertThat(store.ghosts().list(1, 2)).map(Ghost::real).containsExactly(reals.get(3), reals.get(2));
        assertThat(store.ghosts().list(5, 2)).isEmpty();
        assertThat(store.ghosts().count()).isEqualTo(5);
        assertThatThrownBy(() -> store.ghosts().list(-1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.ghosts().list(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- links

    @Test
    void createdLinkIsFoundByIdAndByEachRoom() {
        Link link = new Link(LinkId.random(), Link.Kind.PORTAL, Set.of(XMPP_ROOM, MATRIX_ROOM, MIMI_ROOM), T0);
        store.links().create(link);

        assertThat(store.links().find(link.id())).contains(link);
        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(link);
        assertThat(store.links().findByRoom(MATRIX_ROOM)).contains(link);
        assertThat(store.links().findByRoom(MIMI_ROOM)).contains(link);
        assertThat(store.links().find(LinkId.random())).isEmpty();
        assertThat(store.links().findByRoom(MatrixRoomAlias.parse("#lobby:example.org"))).isEmpty();
    }

    @Test
    void aRoomWithoutLinkIsFoundOnceLinked() {
        assertThat(store.links().findByRoom(XMPP_ROOM)).isEmpty();
        assertThat(store.links().findByRoom(XMPP_ROOM)).isEmpty();

        Link link = link(XMPP_ROOM, MATRIX_ROOM);
        store.links().create(link);

        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(link);
    }

    @Test
    void aRoomBelongsToOneLink() {
        Link first = link(XMPP_ROOM, MATRIX_ROOM);
        store.links().create(first);
        Link second = link(MIMI_ROOM, MATRIX_ROOM);

        assertThatThrownBy(() -> store.links().create(second))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining(second.id().toString());

        // Nothing of the refused link was kept.
        assertThat(store.links().find(second.id())).isEmpty();
        assertThat(store.links().findByRoom(MIMI_ROOM)).isEmpty();
        assertThat(store.links().findByRoom(MATRIX_ROOM)).contains(first);
        assertThat(store.links().list()).containsExactly(first);
    }

    @Test
    void deletedLinkFreesItsRooms() {
        Link link = link(XMPP_ROOM, MATRIX_ROOM);
        store.links().create(link);
        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(link);

        assertThat(store.links().delete(link.id())).isTrue();

        assertThat(store.links().findByRoom(XMPP_ROOM)).isEmpty();
        assertThat(store.links().find(link.id())).isEmpty();
        assertThat(store.links().delete(link.id())).isFalse();

        Link again = link(XMPP_ROOM, MIMI_ROOM);
        store.links().create(again);
        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(again);
    }

    @Test
    void linksAreListedByCreation() {
        Link older = new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(XMPP_ROOM, MATRIX_ROOM), T0.plusSeconds(5));
        Link newer = new Link(LinkId.random(), Link.Kind.PORTAL,
                Set.of(Jid.of("other", "conference.example.org"), new MimiRoomUri("hub.example", "other")), T0.plusSeconds(9));
        store.links().create(newer);
        store.links().create(older);

        assertThat(store.links().list()).containsExactly(older, newer);
    }

    // ---- message map

    @Test
    void mappedNativeIdsLeadBackToTheirEvent() {
        EventId event = EventId.random();
        store.messages().put(event, xmppRef("stanza-1"));
        store.messages().put(event, matrixRef("$ev1"));

        assertThat(store.messages().find(Network.XMPP, new NativeId("stanza-1"))).contains(event);
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$ev1"))).contains(event);
        assertThat(store.messages().find(Network.MIMI, new NativeId("$ev1"))).isEmpty();
        assertThat(store.messages().refs(event)).containsExactlyInAnyOrder(xmppRef("stanza-1"), matrixRef("$ev1"));
        assertThat(store.messages().ref(event, Network.MATRIX)).contains(matrixRef("$ev1"));
        assertThat(store.messages().ref(event, Network.MIMI)).isEmpty();
        assertThat(store.messages().refs(EventId.random())).isEmpty();
    }

    @Test
    void mappingTheSamePairTwiceIsANoOp() {
        EventId event = EventId.random();
        store.messages().put(event, xmppRef("stanza-1"));
        store.messages().put(event, xmppRef("stanza-1"));

        assertThat(store.messages().refs(event)).containsExactly(xmppRef("stanza-1"));
    }

    @Test
    void aNativeIdMapsToOneEvent() {
        EventId first = EventId.random();
        EventId second = EventId.random();
        store.messages().put(first, xmppRef("stanza-1"));

        assertThatThrownBy(() -> store.messages().put(second, xmppRef("stanza-1")))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining(first.toString());
        NativeRef sameIdOtherRoom = new NativeRef(Network.XMPP, Jid.of("other", "conference.example.org"),
                new NativeId("stanza-1"));
        assertThatThrownBy(() -> store.messages().put(first, sameIdOtherRoom))
                .isInstanceOf(StoreException.Conflict.class);

        assertThat(store.messages().find(Network.XMPP, new NativeId("stanza-1"))).contains(first);
        assertThat(store.messages().refs(second)).isEmpty();
        // The same id on another network is another message.
        store.messages().put(second, matrixRef("stanza-1"));
        assertThat(store.messages().find(Network.MATRIX, new NativeId("stanza-1"))).contains(second);
    }

    @Test
    void anUnknownNativeIdIsFoundOnceMapped() {
        EventId event = EventId.random();
        assertThat(store.messages().find(Network.XMPP, new NativeId("late"))).isEmpty();
        assertThat(store.messages().find(Network.XMPP, new NativeId("late"))).isEmpty();

        store.messages().put(event, xmppRef("late"));

        assertThat(store.messages().find(Network.XMPP, new NativeId("late"))).contains(event);
    }

    // ---- connector state

    @Test
    void connectorStateIsKeptPerConnectorAndKey() {
        byte[] position = "42".getBytes(StandardCharsets.UTF_8);
        store.state().put("xmpp", "mam-last", position);
        position[0] = 'X';
        store.state().put("matrix", "mam-last", "other".getBytes(StandardCharsets.UTF_8));

        assertThat(store.state().get("xmpp", "mam-last")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("42"));
        assertThat(store.state().get("matrix", "mam-last")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("other"));
        assertThat(store.state().get("xmpp", "token")).isEmpty();

        store.state().put("xmpp", "mam-last", "43".getBytes(StandardCharsets.UTF_8));
        assertThat(store.state().get("xmpp", "mam-last")).hasValueSatisfying(v -> assertThat(v).asString().isEqualTo("43"));

        store.state().delete("xmpp", "mam-last");
        store.state().delete("xmpp", "never-set");
        assertThat(store.state().get("xmpp", "mam-last")).isEmpty();
        assertThat(store.state().get("matrix", "mam-last")).isPresent();
    }

    @Test
    void connectorStateRejectsMissingNamesAndValues() {
        assertThatThrownBy(() -> store.state().put("", "k", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.state().put("xmpp", "", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.state().put("xmpp", "k", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.state().get("x".repeat(65), "k")).isInstanceOf(IllegalArgumentException.class);
        store.state().put("xmpp", "empty", new byte[0]);
        assertThat(store.state().get("xmpp", "empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    }

    // ---- health and caches

    @Test
    void healthyWhileOpenNotAfterClose() {
        assertThat(store.healthy()).isTrue();
        store.close();
        assertThat(store.healthy()).isFalse();
        assertThatThrownBy(() -> store.links().list()).isInstanceOf(StoreException.class);
    }

    @Test
    void cacheStatisticsArePublished() {
        Link link = link(XMPP_ROOM, MATRIX_ROOM);
        store.links().create(link);
        store.links().findByRoom(XMPP_ROOM);
        store.links().findByRoom(XMPP_ROOM);
        store.links().findByRoom(XMPP_ROOM);

        assertThat(cacheGets("links", "hit")).isEqualTo(2);
        assertThat(cacheGets("links", "miss")).isEqualTo(1);
        assertThat(registry.find("cache.gets").tag("cache", "messages").functionCounters()).isNotEmpty();
        assertThat(registry.find("cache.gets").tag("cache", "ghosts").functionCounters()).isNotEmpty();
    }

    @Test
    void aZeroCacheSizeStillAnswersFromTheDatabase() {
        store.close();
        config = config.withCacheSize(0);
        registry = new SimpleMeterRegistry();
        store = JdbcStore.open(config, registry, clock);
        Link link = link(XMPP_ROOM, MATRIX_ROOM);
        store.links().create(link);

        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(link);
        assertThat(store.links().findByRoom(XMPP_ROOM)).contains(link);
    }

    private double cacheGets(String cache, String result) {
        FunctionCounter counter = registry.find("cache.gets").tag("cache", cache).tag("result", result).functionCounter();
        assertThat(counter).as("cache.gets{cache=%s,result=%s}", cache, result).isNotNull();
        return counter.count();
    }
}
