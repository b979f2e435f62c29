package dev.passerelle.e2e;


import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A real XMPP client (Smack) in the topology's MUC: it created the room, sends groupchat stanzas into it, and keeps
 * every message and presence the room sends it from other occupants.
 */
public final class XmppMember implements Participant {

    private final XmppServer server;
    private final String user;
    private final String nick;
    private final EntityBareJid room;
    private final XMPPTCPConnection connection;
    private final MultiUserChat muc;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<Presence> presences = new CopyOnWriteArrayList<>();

    private XmppMember(XmppServer server, String user, String nick, EntityBareJid room,
            XMPPTCPConnection connection, MultiUserChat muc) {
        this.server = server;
        this.user = user;
        this.nick = nick;
        this.room = room;
        this.connection = connection;
        this.muc = muc;
    }

    /** Registers a fresh user on {@code server}, creates {@code room} as an instant room and joins it. */
    static XmppMember createRoom(XmppServer server, String user, EntityBareJid room) {
        try {
            XMPPTCPConnection connection = XmppServers.client(server, user);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
            String nick = user;
            XmppMember member = new XmppMember(server, user, nick, room, connection, muc);
            muc.addMessageListener(m -> {
                if (!isOwn(m, nick)) {
                    member.received.add(m);
                }
            });
            muc.addParticipantListener(p -> {
                if (!isOwn(p, nick)) {
                    member.presences.add(p);
                }
            });
            muc.create(Resourcepart.from(nick)).makeInstant();
            return member;
        } catch (Exception e) {
            throw new IllegalStateException("could not create " + room + " as " + user + " on " + server, e);
        }
    }

    private static boolean isOwn(Stanza s, String nick) {
        return s.getFrom() != null && s.getFrom().getResourceOrEmpty().toString().equals(nick);
    }

    @Override
    public Side side() {
        return Side.XMPP;
    }

    /** The user's bare JID as a URI, {@code xmpp:user@domain}. */
    public String uri() {
        return "xmpp:" + server.userJid(user);
    }

    /** The user's nick in the room. */
    public String nick() {
        return nick;
    }

    /** The room's bare JID. */
    public EntityBareJid room() {
        return room;
    }

    /** The Smack connection, for stanzas this class has no shortcut for. */
    public XMPPTCPConnection connection() {
        return connection;
    }

    /** A groupchat message builder to the room with a fresh id and matching origin-id. */
    public MessageBuilder message() {
        String id = "e2e-" + UUID.randomUUID();
        return StanzaBuilder.buildMessage(id).to(room).ofType(Message.Type.groupchat)
                .addExtension(new OriginIdElement(id));
    }

    /** Sends a stanza built with {@link #message()} (or any other) as this user; gives its id. */
    public String send(Message message) {
        try {
            connection.sendStanza(message);
            return message.getStanzaId();
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + room, e);
        }
    }

    @Override
    public String sendText(String body) {
        return send(message().setBody(body).build());
    }

    /** Every message other occupants sent to the room since this user joined, in arrival order. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    /** Every occupant presence of other occupants since this user joined, in arrival order. */
    public List<Presence> presences() {
        return List.copyOf(presences);
    }

    /** Waits for a message from another occupant that matches. */
    public Message await(String what, Predicate<Message> which) {
        return org.awaitility.Awaitility.await(what).atMost(AWAIT).until(() -> received.stream().filter(which).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    /** Waits for an occupant presence that matches. */
    public Presence awaitPresence(String what, Predicate<Presence> which) {
        return org.awaitility.Awaitility.await(what).atMost(AWAIT).until(() -> presences.stream().filter(which).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    @Override
    public String awaitText(String containing) {
        return await("XMPP user " + user + " receiving '" + containing + "'",
                m -> m.getBody() != null && m.getBody().contains(containing)).getBody();
    }

    /** Leaves the room and disconnects. */
    void close() {
        connection.disconnect();
    }
}
