package dev.passerelle.bench.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * A benchmark XMPP client on a {@link RawStream}: registers its account in-band, logs in with SASL PLAIN (loopback,
 * no TLS, as the test servers allow), binds a resource, joins or creates group chats, and then only writes
 * pre-serialised messages and counts what it reads.
 */
final class XmppClient implements AutoCloseable {

    private static final Pattern HEADER_END = Pattern.compile("</stream:features>");
    private static final Pattern REGISTERED = Pattern.compile("<iq[^>]*/>|<iq[^>]*>.*?</iq>", Pattern.DOTALL);
    private static final Pattern SASL = Pattern.compile("<(success|failure)\\b");
    private static final Pattern BOUND = Pattern.compile("<jid>([^<]+)</jid>");
    private static final Pattern SELF_PRESENCE = Pattern.compile("<status code=['\"]110['\"]");
    private static final Pattern PREFS = Pattern.compile("<iq[^>]*id=['\"]prefs['\"]");
    private static final Pattern PRESENCE = Pattern.compile("<presence\\b[^>]*/>|<presence\\b.*?</presence>",
            Pattern.DOTALL);
    private static final Pattern DESTROYED = Pattern.compile("<iq[^>]*id=['\"]destroy['\"]");
    private static final Pattern CONFIGURED = Pattern.compile("<iq[^>]*id=['\"]cfg['\"]");

    private final RawStream stream;
    private final String jid;

    private XmppClient(RawStream stream, String jid) {
        this.stream = stream;
        this.jid = jid;
    }

    /** Registers {@code user} (an existing account is fine), logs in and binds resource {@code bench}. */
    static XmppClient login(String host, int port, String domain, String user, String password) throws IOException {
        RawStream s = new RawStream(user, host, port);
        try {
            open(s, domain);
            s.send("<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>" + user
                    + "</username><password>" + password + "</password></query></iq>");
            MatchResult reg = s.await(REGISTERED);
            if (!reg.group().matches("(?s).*type=['\"]result['\"].*") && !reg.group().contains("<conflict")) {
                throw new IOException("registering " + user + " failed: " + reg.group());
            }
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            s.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
            if (!s.await(SASL).group(1).equals("success")) {
                throw new IOException("SASL PLAIN refused for " + user);
            }
            open(s, domain);
            s.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench</resource>"
                    + "</bind></iq>");
            String jid = s.await(BOUND).group(1);
            // Prosody 0.12's internal archive store rewrites a whole archive on every message once it holds
            // 10,000 items (storage_archive_item_limit): benchmark users keep no archive, so that the figures do not
            // measure that.
            s.send("<iq type='set' id='prefs'><prefs xmlns='urn:xmpp:mam:2' default='never'/></iq>");
            s.await(PREFS);
            s.send("<presence/>");
            return new XmppClient(s, jid);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static void open(RawStream s, String domain) throws IOException {
        s.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
                + " xmlns:stream='http://etherx.jabber.org/streams' to='" + domain + "' version='1.0'>");
        s.await(HEADER_END);
    }

    /** The full JID the server bound. */
    String jid() {
        return jid;
    }

    /**
     * Joins {@code room} as {@code nick} without history; creates it if it is new, without an archive (see the
     * MAM preferences above: the same limit applies to rooms).
     */
    void join(String room, String nick) throws IOException {
        stream.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'>"
                + "<history maxstanzas='0'/></x></presence>");
        stream.await(SELF_PRESENCE);
        // The owner's configuration: a new room is locked until it is submitted; an existing one answers an error
        // to a non-owner, which is as good.
        stream.send("<iq type='set' id='cfg' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
                + "<value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                + "<field var='muc#roomconfig_enablearchiving'><value>0</value></field></x></query></iq>");
        stream.await(CONFIGURED);
    }

    /**
     * What a {@link #joinCounting} join saw: the presences of other occupants the room sent, and whether its presence
     * to self (status 110) came after them.
     */
    record Entered(int presences, boolean self) {
    }

    /**
     * Joins the existing {@code room} as {@code nick} without history and reads the room's answer one presence at a
     * time (a large room sends thousands), until the room's presence to self (status 110), or until the room sends
     * nothing more for {@link RawStream}'s timeout. An error presence fails the join.
     */
    Entered joinCounting(String room, String nick) throws IOException {
        stream.send("<presence to='" + room + "/" + nick + "'><x xmlns='http://jabber.org/protocol/muc'>"
                + "<history maxstanzas='0'/></x></presence>");
        int others = 0;
        while (true) {
            String presence;
            try {
                presence = stream.await(PRESENCE).group();
            } catch (RawStream.Silent e) {
                return new Entered(others, false);
            }
            if (SELF_PRESENCE.matcher(presence).find()) {
                return new Entered(others, true);
            }
            if (presence.contains("type='error'") || presence.contains("type=\"error\"")) {
                throw new IOException(room + " refused " + nick + ": " + presence);
            }
            // The server's echo of the client's own presence is not the room's.
            if (presence.contains("from='" + room + "/") || presence.contains("from=\"" + room + "/")) {
                others++;
            }
        }
    }

    /**
     * Destroys {@code room}, which this client owns (it created it with {@link #join}): its occupants are sent away,
     * the gateway's ghosts with them, which the server would otherwise keep seated after the gateway is gone. With
     * {@code awaitAnswer} it reads the room's answer, which only a client that is not reading yet can do.
     */
    void destroy(String room, boolean awaitAnswer) throws IOException {
        stream.send("<iq type='set' id='destroy' to='" + room + "'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                + "<destroy/></query></iq>");
        if (awaitAnswer) {
            stream.await(DESTROYED);
        }
    }

    /** Starts draining the socket; bodies go to the sink set with {@link #sink}. */
    void startReading() throws IOException {
        stream.startReading();
    }

    void sink(RawStream.BodySink sink) {
        stream.sink(sink);
    }

    /** {@code <message to=... type=...><body>BODY</body></message>}, ready to be completed by {@link #send}. */
    static byte[][] template(String to, String type) {
        return new byte[][] {
            ("<message to='" + to + "' type='" + type + "'><body>").getBytes(StandardCharsets.UTF_8),
            "</body></message>".getBytes(StandardCharsets.UTF_8)};
    }

    /** Sends one message made of a {@link #template} and an ASCII body, in one write. */
    void send(byte[][] template, byte[] body) throws IOException {
        byte[] out = new byte[template[0].length + body.length + template[1].length];
        System.arraycopy(template[0], 0, out, 0, template[0].length);
        System.arraycopy(body, 0, out, template[0].length, body.length);
        System.arraycopy(template[1], 0, out, template[0].length + body.length, template[1].length);
        stream.send(out);
    }

    @Override
    public void close() {
        stream.close();
    }
}
