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
    private volatile String nick;
    private final EntityBareJid room;
    private final XMPPTCPConnection connection;
    private final MultiUserChat muc;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<Presence> presences = new CopyOnWriteArrayList<>();
    private final List<Message> reflections = new CopyOnWriteArrayList<>();

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
        XmppMember member = connect(server, user, room);
        try {
            member.muc.create(Resourcepart.from(member.nick)).makeInstant();
            return member;
        } catch (Exception e) {
            member.close();
            throw new IllegalStateException("could not create " + room + " as " + user + " on " + server, e);
        }
    }

    /** Registers a fresh user on {@code server} and joins the existing {@code room} as {@code nick}. */
    public static XmppMember join(XmppServer server, String user, String nick, EntityBareJid room) {
        XmppMember member = connect(server, user, room, nick);
        try {
            member.muc.join(Resourcepart.from(nick));
            return member;
        } catch (Exception e) {
            member.close();
            throw new IllegalStateException("could not join " + room + " as " + user + " on " + server, e);
        }
    }

    private static XmppMember connect(XmppServer server, String user, EntityBareJid room) {
        return connect(server, user, room, user);
    }

    private static XmppMember connect(XmppServer server, String user, EntityBareJid room, String nick) {
        try {
            XMPPTCPConnection connection = XmppServers.client(server, user);
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
            XmppMember member = new XmppMember(server, user, nick, room, connection, muc);
            muc.addMessageListener(m -> (member.isOwn(m) ? member.reflections : member.received).add(m));
            muc.addParticipantListener(p -> {
                if (!member.isOwn(p)) {
                    member.presences.add(p);
                }
            });
            return member;
        } catch (Exception e) {
            throw new IllegalStateException("could not connect " + user + " to " + server, e);
        }
    }

    private boolean isOwn(Stanza s) {
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

    /**
     * The id the room gave one of this user's own messages (its XEP-0359 stanza-id, which others reference in
     * replies, retractions, reactions and markers), waiting for the room's reflection of it.
     */
    public String stanzaIdOfOwn(String messageId) {
        Message reflected = org.awaitility.Awaitility.await("the room reflecting " + messageId).atMost(AWAIT)
                .until(() -> reflections.stream().filter(m -> messageId.equals(m.getStanzaId())).findFirst(),
                        Optional::isPresent).orElseThrow();
        return org.jivesoftware.smackx.sid.element.StanzaIdElement.getStanzaId(reflected).getId();
    }

    /**
     * Changes this user's nick in the room with a presence to the new occupant JID, as clients do; the room's answer
     * arrives among {@link #presences()} of the others.
     */
    public void changeNick(String newNick) {
        try {
            sendPresence(StanzaBuilder.buildPresence().to(org.jxmpp.jid.impl.JidCreate.from(room + "/" + newNick))
                    .ofType(Presence.Type.available).build());
            nick = newNick;
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            throw new IllegalArgumentException("not a valid nick: " + newNick, e);
        }
    }

    /** Sends a presence to the room (e.g. with an avatar hash). */
    public void sendPresence(Presence presence) {
        try {
            connection.sendStanza(presence);
        } catch (Exception e) {
            throw new IllegalStateException("could not send presence", e);
        }
    }

    /** Leaves the room (the connection stays). */
    public void leave() {
        try {
            muc.leave();
        } catch (Exception e) {
            throw new IllegalStateException("could not leave " + room, e);
        }
    }

    /** The last few messages and presences from others, as XML, for failure messages. */
    public String describeRecent() {
        StringBuilder out = new StringBuilder();
        received.stream().skip(Math.max(0, received.size() - 4)).forEach(m -> out.append(m.toXML()).append('\n'));
        presences.stream().skip(Math.max(0, presences.size() - 3)).forEach(p -> out.append(p.toXML()).append('\n'));
        return out.toString();
    }

    /** Leaves the room and disconnects. */
    public void close() {
        connection.disconnect();
    }
}
