package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.XmppRestartIT.RoomClient;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * An XMPP user posting numbered messages ({@code x-0000}, {@code x-0001}, ...) into a room one at a time, each
 * once the room reflected the one before, as a careful client does. When the server goes away it reconnects with
 * a fresh connection, rejoins, reads the tail of the room's archive to see which of its own messages the room has,
 * and sends the rest again from the first missing one. That is the client's job, not the gateway's: what a client
 * never got to the server, no gateway can relay.
 */
final class Poster implements AutoCloseable {
    private static final Duration REFLECTION = Duration.ofSeconds(5);

    private final XmppServer server;
    private final String user;
    private final EntityBareJid room;
    private final String nick;
    private final int count;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Pattern ownOrigin;
    private final Map<String, CompletableFuture<Void>> awaiting = new ConcurrentHashMap<>();
    /** Whether the gateway's listener occupant is in the room, as this client sees it. */
    private final AtomicBoolean listenerIn = new AtomicBoolean(true);
    private final String listenerNick;
    private volatile XMPPTCPConnection connection;
    private MultiUserChat muc;
    private boolean reconnected;
    /** Messages sent a second time because the room did not have them after the restart. */
    volatile int resent;
    /** Messages the room took after the restart while the gateway's listener was not in it. */
    volatile int caughtUp;

    /** Starts from {@code joined}, a client already in {@code room} as {@code nick}. */
    Poster(XmppServer server, String user, EntityBareJid room, String nick, RoomClient joined, int count,
            String listenerNick) {
        this.server = server;
        this.user = user;
        this.room = room;
        this.nick = nick;
        this.count = count;
        this.listenerNick = listenerNick;
        this.ownOrigin = Pattern.compile(Pattern.quote(run) + "-(\\d{4})");
        this.muc = joined.muc;
        attach(joined.connection);
    }

    void run() throws Exception {
        int next = 0;
        while (next < count) {
            String id = originId(next);
            CompletableFuture<Void> reflected = new CompletableFuture<>();
            awaiting.put(id, reflected);
            boolean sent = false;
            try {
                Message m = StanzaBuilder.buildMessage().to(room).ofType(Message.Type.groupchat)
                        .setBody(String.format("x-%04d", next)).addExtension(new OriginIdElement(id)).build();
                connection.sendStanza(m);
                sent = true;
                reflected.get(REFLECTION.toMillis(), TimeUnit.MILLISECONDS);
                if (reconnected && !listenerIn.get()) {
                    caughtUp++;
                }
                next++;
            } catch (SmackException.NotConnectedException | ExecutionException | TimeoutException e) {
                awaiting.remove(id);
                int resume = reconnect();
                if (resume <= next && sent) {
                    resent++;
                }
                next = resume;
            }
        }
    }

    private String originId(int n) {
        return String.format("%s-%04d", run, n);
    }

    private void attach(XMPPTCPConnection c) {
        connection = c;
        c.addSyncStanzaListener(s -> {
            OriginIdElement origin = OriginIdElement.getOriginId((Message) s);
            CompletableFuture<Void> f = origin == null ? null : awaiting.remove(origin.getId());
            if (f != null) {
                f.complete(null);
            }
        }, s -> s instanceof Message m && m.getType() == Message.Type.groupchat && m.getFrom() != null
                && room.equals(m.getFrom().asBareJid()));
        c.addSyncStanzaListener(s -> listenerIn.set(((Presence) s).getType() == Presence.Type.available),
                s -> s instanceof Presence p && p.getFrom() != null && room.equals(p.getFrom().asBareJid())
                        && p.getFrom().getResourceOrEmpty().toString().startsWith(listenerNick));
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                failAll(e);
            }

            @Override
            public void connectionClosed() {
                failAll(new IllegalStateException("connection closed"));
            }

            @Override
            public void connected(XMPPConnection connection) {
            }

            @Override
            public void authenticated(XMPPConnection connection, boolean resumed) {
            }
        });
    }

    private void failAll(Exception e) {
        for (CompletableFuture<Void> f : awaiting.values()) {
            f.completeExceptionally(e);
        }
    }

    /** A fresh connection once the server is back, in the room again; returns the first number to send. */
    private int reconnect() throws Exception {
        connection.disconnect();
        XMPPTCPConnection c = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> XmppServers.client(server, user), Objects::nonNull);
        reconnected = true;
        // Until the listener's presence shows it in the room, the gateway can only see this client's messages
        // through its archive catch-up.
        listenerIn.set(false);
        attach(c);
        muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(room);
        muc.join(muc.getEnterConfigurationBuilder(Resourcepart.from(nick)).requestNoHistory().build());
        MamManager.MamQuery tail = MamManager.getInstanceFor(muc).queryArchive(MamManager.MamQueryArgs.builder()
                .queryLastPage().setResultPageSizeTo(100).build());
        int last = -1;
        for (Message m : tail.getMessages()) {
            OriginIdElement origin = OriginIdElement.getOriginId(m);
            Matcher own = origin == null ? null : ownOrigin.matcher(origin.getId());
            if (own != null && own.matches()) {
                last = Math.max(last, Integer.parseInt(own.group(1)));
            }
        }
        return last + 1;
    }

    @Override
    public void close() {
        XMPPTCPConnection c = connection;
        if (c != null) {
            c.disconnect();
        }
    }
}
