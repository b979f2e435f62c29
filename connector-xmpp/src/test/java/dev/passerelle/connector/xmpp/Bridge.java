package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * One gateway against a real XMPP server: H2 store, router, the XMPP connector under test and a
 * {@link TestConnector} standing for Matrix, with one linked room: a Matrix room and its portal on the component.
 */
final class Bridge implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    final XmppServer server;
    final Harness harness;
    final Router router;
    final XmppConnector xmpp;
    final TestConnector matrix = new TestConnector(Network.MATRIX);
    final MatrixRoomId matrixRoom = MatrixRoomId.parse("!r" + UUID.randomUUID().toString().substring(0, 8)
            + ":localhost");
    final Jid portal = (Jid) Harness.GHOSTS.portalFor(matrixRoom, Network.XMPP);
    final MatrixUserId bob = MatrixUserId.parse("@bob:localhost");
    final List<XMPPTCPConnection> clients = new CopyOnWriteArrayList<>();

    Bridge(Vertx vertx, XmppServer server) throws Exception {
        this(vertx, server, false);
    }

    /** With attachments going to the server's XEP-0363 upload service when {@code upload}. */
    Bridge(Vertx vertx, XmppServer server, boolean upload) throws Exception {
        this.server = server;
        this.harness = new Harness(vertx);
        this.router = new Router(vertx, harness.store, Harness.GHOSTS, RouterSettings.defaults(), harness.metrics,
                Clock.systemUTC());
        this.xmpp = harness.connector(Harness.settings(server.host(), server.componentPort(),
                server.componentSecret(), upload), router);
        router.attach(xmpp);
        router.attach(matrix.sink(router));
        await(router.start());
        await(xmpp.start());
        Awaitility.await().atMost(WAIT).until(() -> xmpp.health().state() == Health.State.UP);
        link(Link.Kind.PORTAL, portal, matrixRoom);
    }

    void link(Link.Kind kind, Address a, Address b) {
        harness.store.links().create(new Link(LinkId.random(), kind, Set.of(a, b), Instant.now()));
    }

    /** A logged-in client for a new user, recording every stanza it receives. */
    Client client(String base) throws Exception {
        String user = XmppServers.uniqueUser(base);
        XMPPTCPConnection c = XmppServers.client(server, user);
        clients.add(c);
        // A round trip after login: the server has then taken the initial presence, so messages to the bare JID
        // reach this session instead of offline storage.
        assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
        return new Client(c, server.userJid(user));
    }

    /** A client for a new user, already in the portal room under its base name. */
    Client clientInPortal(String base) throws Exception {
        Client c = client(base);
        c.join(portal, base);
        return c;
    }

    /** A new room on the server's MUC service, named from {@code prefix}, created by {@code owner} as {@code nick}. */
    MultiUserChat createRoom(Client owner, String nick, String prefix) throws Exception {
        EntityBareJid roomJid = server.roomJid(prefix + UUID.randomUUID().toString().substring(0, 8));
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(owner.connection).getMultiUserChat(roomJid);
        muc.create(Resourcepart.from(nick)).makeInstant();
        return muc;
    }

    /** A new Matrix room plumbed to {@code xmppSide}, for one-to-one chats or plumbed MUCs. */
    MatrixRoomId plumbed(Address xmppSide, String prefix) {
        MatrixRoomId room = MatrixRoomId.parse("!" + prefix + UUID.randomUUID().toString().substring(0, 8)
                + ":localhost");
        link(Link.Kind.PLUMBED, xmppSide, room);
        return room;
    }

    /** A text message from bob in the linked Matrix room. */
    MessageSent message(MessageContent content) {
        return new MessageSent(EventId.random(), matrixOrigin(), bob, matrixRoom, Instant.now(), content);
    }

    /**
     * Bob's text from Matrix as {@code to} received it, once the message map knows its XMPP id (so later events
     * can point at it).
     */
    Delivered deliveredFromMatrix(Client to, String text) {
        MessageSent event = message(MessageContent.text(text));
        fromMatrix(event);
        Message stanza = to.await(Message.class, x -> text.equals(x.getBody()));
        awaitMapped(event.id());
        return new Delivered(event, stanza);
    }

    /**
     * {@code from}'s text in the portal room (which it has joined) as the room echoed it and as the router delivered
     * it to Matrix.
     */
    Delivered sentFromXmpp(Client from, String text) throws Exception {
        MultiUserChatManager.getInstanceFor(from.connection).getMultiUserChat(JidCreate.entityBareFrom(
                portal.toString())).sendMessage(text);
        Message stanza = from.await(Message.class, x -> text.equals(x.getBody()));
        MessageSent event = toMatrix(MessageSent.class, x -> x.content().text().equals(text));
        return new Delivered(event, stanza);
    }

    /** A group chat message to the portal room, to complete and send. */
    MessageBuilder groupchat() throws Exception {
        return StanzaBuilder.buildMessage().to(JidCreate.entityBareFrom(portal.toString()))
                .ofType(Message.Type.groupchat);
    }

    /** One message on both sides: the Matrix event and the XMPP stanza a client received for it. */
    record Delivered(MessageSent event, Message stanza) {
        /** The Matrix event's id. */
        EventId id() {
            return event.id();
        }

        /** The stanza-id the room gave the message. */
        String sid() {
            return Client.stanzaId(stanza);
        }
    }

    /** An event from the Matrix side, injected as the Matrix connector would. */
    Future<?> fromMatrix(Event event) {
        return matrix.inject(event);
    }

    static Origin matrixOrigin() {
        return new Origin(Network.MATRIX, new NativeId("$" + UUID.randomUUID()));
    }

    /** Waits until the router delivered an event to the Matrix side that matches, and returns it. */
    <E extends Event> E toMatrix(Class<E> type, Predicate<E> match) {
        return Awaitility.await().atMost(WAIT).until(() -> matrix.sent().stream().map(s -> s.delivery().event())
                .filter(type::isInstance).map(type::cast).filter(match).findFirst(), Optional::isPresent).get();
    }

    /** Waits until the event reached XMPP and the message map knows its XMPP id there. */
    void awaitMapped(EventId id) {
        Awaitility.await().atMost(WAIT).until(() -> harness.store.messages().ref(id, Network.XMPP).isPresent());
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (XMPPTCPConnection c : clients) {
            c.disconnect();
        }
        await(xmpp.stop());
        await(router.stop());
        harness.close();
        assertThat(harness.invalid).as("stanzas the connector sent that break the XMPP schemas").isEmpty();
    }

    /** A Smack client and what it received. */
    static final class Client {
        final XMPPTCPConnection connection;
        final EntityBareJid jid;
        final List<Stanza> received = new CopyOnWriteArrayList<>();

        Client(XMPPTCPConnection connection, EntityBareJid jid) {
            this.connection = connection;
            this.jid = jid;
            connection.addSyncStanzaListener(received::add, s -> true);
        }

        Jid address() {
            return Jid.parse(jid.toString());
        }

        MultiUserChat join(Jid room, String nick) throws Exception {
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection)
                    .getMultiUserChat(JidCreate.entityBareFrom(room.toString()));
            muc.join(Resourcepart.from(nick));
            return muc;
        }

        void send(Stanza stanza) throws Exception {
            connection.sendStanza(stanza);
        }

        /** Waits for a received stanza that matches. */
        <S extends Stanza> S await(Class<S> type, Predicate<S> match) {
            return Awaitility.await().atMost(WAIT).until(() -> received.stream().filter(type::isInstance)
                    .map(type::cast).filter(match).findFirst(), Optional::isPresent).get();
        }

        /** The stanza-id a room gave a received message. */
        static String stanzaId(Message m) {
            StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
            assertThat(sid).as("stanza-id of " + m.toXML()).isNotNull();
            return sid.getId();
        }
    }
}
