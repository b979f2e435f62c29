package dev.passerelle.connector.xmpp.plumb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.OnEveryServer;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.connector.xmpp.stanza.Extensions;
import dev.passerelle.connector.xmpp.stanza.ReplyElement;
import dev.passerelle.connector.xmpp.stream.ComponentConnection;
import dev.passerelle.connector.xmpp.stream.ComponentSettings;
import dev.passerelle.connector.xmpp.stream.StanzaHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** Plumbed rooms against real Prosody and ejabberd: a real component stream, a real client in a real MUC. */
@Tag("feature:muc-plumbed")
class PlumbedRoomsIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Vertx vertx = Vertx.vertx();
    private final List<PlumbInbound> inbound = new CopyOnWriteArrayList<>();
    private final AtomicReference<ComponentConnection> connection = new AtomicReference<>();
    private final AtomicInteger connects = new AtomicInteger();
    /** Every stanza in and out, for the failure message: the servers' timing is what these tests explore. */
    private final List<String> trace = new CopyOnWriteArrayList<>();
    private PlumbedRooms plumbed;
    private XMPPTCPConnection owner;

    @BeforeAll
    static void extensions() {
        Extensions.register();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (plumbed != null) {
            plumbed.close();
        }
        if (connection.get() != null) {
            connection.get().stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (owner != null) {
            owner.disconnect();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @OnEveryServer
    void aPlumbedRoomCarriesBothWaysAndCatchesUpAfterTheGatewayWasAway(XmppServer server) throws Exception {
        owner = XmppServers.client(server, XmppServers.uniqueUser("plumb-owner"));
        EntityBareJid roomJid = server.roomJid(XmppServers.uniqueUser("plumbed"));
        MultiUserChat room = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(roomJid);
        room.create(Resourcepart.from("owner")).makeInstant();
        List<Message> seenByOwner = new CopyOnWriteArrayList<>();
        room.addMessageListener(seenByOwner::add);

        plumbed = new PlumbedRooms(this::send,
                JidCreate.from("bridge@" + server.componentDomain()), "bridge", Clock.systemUTC(), vertx);
        connect(server);
        done(plumbed.plumb(roomJid));

        // An XMPP user's message reaches the gateway once, with the room's stanza-id.
        room.sendMessage("hello gateway");
        PlumbInbound.Message hello = awaitMessage("hello gateway");
        assertThat(hello.nick()).hasToString("owner");
        assertThat(hello.stanzaId()).isPresent();

        // A ghost joins lazily and speaks; the reflection gives the stanza-id the client sees too.
        Jid ghost = JidCreate.from(XmppServers.uniqueUser("alice") + "@" + server.componentDomain());
        done(plumbed.ensureJoined(roomJid, ghost, "Alice (Matrix)"));
        PendingSend sent = done(plumbed.sendAs(roomJid, ghost, ghostMessage("hello from matrix")));
        assertThat(sent.stanzaId()).isPresent();
        assertThat(sent.nick()).hasToString("Alice (Matrix)");
        await().atMost(WAIT).until(() -> seenByOwner.stream().anyMatch(m -> "hello from matrix".equals(m.getBody())));
        Message atClient = seenByOwner.stream().filter(m -> "hello from matrix".equals(m.getBody())).findFirst()
                .orElseThrow();
        assertThat(atClient.getFrom().getResourceOrThrow()).hasToString("Alice (Matrix)");
        assertThat(StanzaIdElement.getStanzaId(atClient).getId()).isEqualTo(sent.stanzaId().get());

        // The client replies to the ghost's message by its stanza-id.
        Message reply = StanzaBuilder.buildMessage().to(roomJid).ofType(Message.Type.groupchat)
                .setBody("a reply").build();
        reply.addExtension(new ReplyElement(Optional.of(JidCreate.from(roomJid + "/Alice (Matrix)")),
                sent.stanzaId().get()));
        owner.sendStanza(reply);
        PlumbInbound.Message replied = awaitMessage("a reply");
        ReplyElement ref = replied.message().getExtension(ReplyElement.class);
        assertThat(ref).isNotNull();
        assertThat(ref.id()).isEqualTo(sent.stanzaId().get());
        // Our own message was never handed up, and the first one only once.
        assertThat(bodies()).containsExactly("hello gateway", "a reply");

        // The gateway goes away; five messages later it comes back and reads them from the archive, in order.
        connection.get().stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (int i = 1; i <= 5; i++) {
            room.sendMessage("while away " + i);
        }
        connect(server);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bodies()).as(() -> String.join("\n", trace))
                .hasSizeGreaterThanOrEqualTo(7));
        assertThat(bodies()).containsExactly("hello gateway", "a reply", "while away 1", "while away 2",
                "while away 3", "while away 4", "while away 5");
        // Prosody bounces them; ejabberd 23.01 may deliver some live on the new stream (and lose one on the old):
        // either way the live copies wait for the catch-up and the archive delivers all five.
        assertThat(inbound.stream().filter(i -> i instanceof PlumbInbound.Message)
                .map(i -> (PlumbInbound.Message) i).filter(m -> m.message().getBody().startsWith("while away")))
                .allMatch(m -> m.fromArchive() && m.stanzaId().isPresent());
        assertThat(plumbed.duplicateReflections()).isZero();
    }

    @OnEveryServer
    void ghostsLeftInTheRoomByARestartAreNotBridgedBackAsMembers(XmppServer server) throws Exception {
        MultiUserChat room = ownedRoom(server, "restarted");
        EntityBareJid roomJid = room.getRoom();
        GhostSeats kept = GhostSeats.inMemory();
        startGateway(server, roomJid, new MemoryCursor(), kept);
        Jid ghost = JidCreate.from(XmppServers.uniqueUser("carol") + "@" + server.componentDomain());
        done(plumbed.ensureJoined(roomJid, ghost, "Carol (Matrix)"));
        await().atMost(WAIT).until(() -> done(kept.get(roomJid)).contains(Resourcepart.from("Carol (Matrix)")));

        // The gateway dies without a word: the room keeps the component's occupants. Started again on the same
        // store, its listener rejoins and the room lists Carol's ghost among the occupants.
        for (GhostSeats seats : List.of(GhostSeats.inMemory(), kept)) {
            restartGateway(server, roomJid, new MemoryCursor(), seats);
            await().atMost(WAIT).until(() -> joined().contains("owner"));
            if (seats == kept) {
                // With the nicks kept, the ghost is known for ours; the owner is (re)announced as before.
                assertThat(joined()).as(() -> String.join("\n", trace)).containsExactly("owner");
            } else {
                // Without them it would be taken for a new member: what the kept nicks prevent.
                await().atMost(WAIT).until(() -> joined().contains("Carol (Matrix)"));
            }
        }
        // The ghost speaks again under its nick and its message is not handed up as someone else's.
        done(plumbed.ensureJoined(roomJid, ghost, "Carol (Matrix)"));
        done(plumbed.sendAs(roomJid, ghost, ghostMessage("back after the restart")));
        room.sendMessage("seen after the restart");
        awaitMessage("seen after the restart");
        assertThat(bodies()).doesNotContain("back after the restart");
    }

    @OnEveryServer
    void ourGhostsMessagesReadFromTheArchiveAfterARestartAreNotHandedUp(XmppServer server) throws Exception {
        MultiUserChat room = ownedRoom(server, "rearchived");
        EntityBareJid roomJid = room.getRoom();
        GhostSeats kept = GhostSeats.inMemory();
        MemoryCursor cursor = new MemoryCursor();
        startGateway(server, roomJid, cursor, kept);
        room.sendMessage("before the crash");
        String before = awaitMessage("before the crash").stanzaId().orElseThrow();
        Jid ghost = JidCreate.from(XmppServers.uniqueUser("dave") + "@" + server.componentDomain());
        done(plumbed.ensureJoined(roomJid, ghost, "Dave (Matrix)"));
        String said = done(plumbed.sendAs(roomJid, ghost, ghostMessage("said by our ghost"))).stanzaId()
                .orElseThrow();
        await().atMost(WAIT).until(() -> done(kept.get(roomJid)).contains(Resourcepart.from("Dave (Matrix)"))
                && done(cursor.get(roomJid)).equals(Optional.of(said)));

        // Killed before the cursor passed the ghost's message (the router had not made the delivery's
        // confirmation durable): the catch-up after the restart reads it from the archive, under a nick no ghost
        // of the new process holds yet (the ghost rejoins on its next send).
        done(cursor.put(roomJid, before));
        restartGateway(server, roomJid, cursor, kept);
        room.sendMessage("after the restart");
        awaitMessage("after the restart");
        assertThat(bodies()).as(() -> String.join("\n", trace)).containsExactly("after the restart");
    }

    /** A new room, created by a new owner (kept in {@link #owner}), whose name starts with {@code name}. */
    private MultiUserChat ownedRoom(XmppServer server, String name) throws Exception {
        owner = XmppServers.client(server, XmppServers.uniqueUser("plumb-owner"));
        MultiUserChat room = MultiUserChatManager.getInstanceFor(owner)
                .getMultiUserChat(server.roomJid(XmppServers.uniqueUser(name)));
        room.create(Resourcepart.from("owner")).makeInstant();
        return room;
    }

    /** The gateway's side on {@code cursor} and {@code seats}: connected, with {@code roomJid} plumbed. */
    private void startGateway(XmppServer server, EntityBareJid roomJid, ArchiveCursor cursor, GhostSeats seats)
            throws Exception {
        plumbed = new PlumbedRooms(this::send, JidCreate.from("bridge@" + server.componentDomain()), "bridge",
                Clock.systemUTC(), vertx, PlumbSettings.defaults(), cursor, seats);
        connect(server);
        done(plumbed.plumb(roomJid));
    }

    /** The gateway dies without a word (its connection drops) and starts again, forgetting what it handed up. */
    private void restartGateway(XmppServer server, EntityBareJid roomJid, ArchiveCursor cursor, GhostSeats seats)
            throws Exception {
        connection.get().stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        plumbed.close();
        inbound.clear();
        startGateway(server, roomJid, cursor, seats);
    }

    /** A ghost's message, with the origin-id every send of ours carries. */
    private static Message ghostMessage(String body) {
        Message out = StanzaBuilder.buildMessage().setBody(body).build();
        out.addExtension(new OriginIdElement("origin-" + XmppServers.uniqueUser("m")));
        return out;
    }

    private List<String> joined() {
        return inbound.stream().filter(i -> i instanceof PlumbInbound.Presence).map(i -> (PlumbInbound.Presence) i)
                .filter(p -> p.kind() == PlumbInbound.Presence.Kind.JOINED).map(p -> p.nick().toString()).toList();
    }

    @OnEveryServer
    void aRoomDestroyedByItsOwnerUnplumbsWithItsAlternateVenue(XmppServer server) throws Exception {
        owner = XmppServers.client(server, XmppServers.uniqueUser("plumb-owner"));
        EntityBareJid roomJid = server.roomJid(XmppServers.uniqueUser("doomed"));
        EntityBareJid venue = server.roomJid(XmppServers.uniqueUser("venue"));
        MultiUserChat room = MultiUserChatManager.getInstanceFor(owner).getMultiUserChat(roomJid);
        room.create(Resourcepart.from("owner")).makeInstant();
        plumbed = new PlumbedRooms(this::send,
                JidCreate.from("bridge@" + server.componentDomain()), "bridge", Clock.systemUTC(), vertx);
        connect(server);
        done(plumbed.plumb(roomJid));
        Jid ghost = JidCreate.from(XmppServers.uniqueUser("bob") + "@" + server.componentDomain());
        done(plumbed.ensureJoined(roomJid, ghost, "Bob"));

        room.destroy("moving", venue);

        await().atMost(WAIT).until(() -> inbound.stream().anyMatch(i -> i instanceof PlumbInbound.Destroyed));
        assertThat(inbound).filteredOn(i -> i instanceof PlumbInbound.Destroyed)
                .containsExactly(new PlumbInbound.Destroyed(roomJid, Optional.of(venue), Optional.of("moving")));
        assertThat(plumbed.rooms()).doesNotContain(roomJid);
    }

    @OnEveryServer
    void plumbingARoomThatDoesNotExistFailsAndLeavesNoRoomBehind(XmppServer server) throws Exception {
        EntityBareJid roomJid = server.roomJid(XmppServers.uniqueUser("missing"));
        plumbed = new PlumbedRooms(this::send,
                JidCreate.from("bridge@" + server.componentDomain()), "bridge", Clock.systemUTC(), vertx);
        connect(server);

        CompletableFuture<Void> f = plumbed.plumb(roomJid).toCompletionStage().toCompletableFuture();

        assertThat(f).failsWithin(WAIT).withThrowableThat().withMessageContaining("does not exist");
    }

    private Future<Void> send(Stanza s) {
        trace.add("out " + s.toXML());
        return connection.get().send(s);
    }

    private List<String> bodies() {
        return inbound.stream().filter(i -> i instanceof PlumbInbound.Message)
                .map(i -> ((PlumbInbound.Message) i).message().getBody()).toList();
    }

    private PlumbInbound.Message awaitMessage(String body) {
        await().atMost(WAIT).until(() -> bodies().contains(body));
        return inbound.stream().filter(i -> i instanceof PlumbInbound.Message).map(i -> (PlumbInbound.Message) i)
                .filter(m -> body.equals(m.message().getBody())).findFirst().orElseThrow();
    }

    private void connect(XmppServer server) throws Exception {
        ComponentSettings settings = new ComponentSettings(server.host(), server.componentPort(),
                server.componentDomain(), server.componentSecret(), ComponentSettings.DEFAULT_MAX_STANZA_BYTES,
                ComponentSettings.DEFAULT_MAX_DEPTH, Duration.ofMillis(200), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        ComponentConnection c = new ComponentConnection(vertx, settings, new StanzaHandler() {
            @Override
            public void stanza(Stanza stanza) {
                trace.add("in  " + stanza.toXML());
                if (plumbed.concerns(stanza)) {
                    plumbed.handle(stanza).ifPresent(item -> {
                        inbound.add(item);
                        // The connector moves the archive cursor once the router has a message; here, at once.
                        if (item instanceof PlumbInbound.Message m) {
                            m.stanzaId().ifPresent(id -> plumbed.advanceCursor(m.room(), id));
                        } else if (item instanceof PlumbInbound.Taken t) {
                            plumbed.advanceCursor(t.room(), t.archiveId());
                        }
                    });
                }
            }

            @Override
            public void connected() {
                if (connects.incrementAndGet() > 1) {
                    plumbed.onReconnect();
                }
            }

            @Override
            public void disconnected(String reason) {
            }
        }, new SimpleMeterRegistry());
        connection.set(c);
        done(c.start());
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
