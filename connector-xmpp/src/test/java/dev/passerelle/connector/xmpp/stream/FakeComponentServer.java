package dev.passerelle.connector.xmpp.stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server side of XEP-0114 on a Vert.x socket, for tests: checks the handshake against a secret, routes
 * stanzas addressed to the component domain back to the component (as a real server does, which is what makes
 * the component's self-addressed pings come back), records what the component sends, and can hold pings,
 * inject raw bytes, drop the connection or restart.
 */
public final class FakeComponentServer {
    private final Vertx vertx;
    private final String domain;
    private volatile String secret;
    private NetServer server;
    private int port;
    private volatile NetSocket current;
    private volatile boolean holdPings;
    private volatile boolean down;
    private volatile boolean ignoreHandshakes;
    private volatile String headerPrefix = "";
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger streamIds = new AtomicInteger();
    private final List<XmlElement> received = new CopyOnWriteArrayList<>();
    private final List<String> heldPings = new CopyOnWriteArrayList<>();
    private final List<String> errorsFromComponent = new CopyOnWriteArrayList<>();
    private final List<String> handshakes = new CopyOnWriteArrayList<>();

    public FakeComponentServer(Vertx vertx, String domain, String secret) {
        this.vertx = vertx;
        this.domain = domain;
        this.secret = secret;
    }

    public Future<FakeComponentServer> listen() {
        server = vertx.createNetServer();
        server.connectHandler(this::accept);
        return server.listen(0, "127.0.0.1").map(s -> {
            port = s.actualPort();
            return this;
        });
    }

    public int port() {
        return port;
    }

    /** How many TCP connections the component made so far. */
    public int connections() {
        return connections.get();
    }

    /** The stanzas the component sent, in order, over all connections (pings and their replies included). */
    public List<XmlElement> received() {
        return List.copyOf(received);
    }

    /** What {@link #received()} holds, as XML in the component namespace, for tests outside this package. */
    public List<String> receivedXml() {
        List<String> out = new ArrayList<>();
        for (XmlElement e : received) {
            out.add(e.toXml(StanzaParser.COMPONENT_NS));
        }
        return out;
    }

    /** The stanzas the component sent that are not pings or ping replies. */
    public List<XmlElement> payload() {
        List<XmlElement> out = new ArrayList<>();
        for (XmlElement e : received) {
            if (!e.name().equals("iq")) {
                out.add(e);
            }
        }
        return out;
    }

    /** The stream error conditions the component sent. */
    public List<String> errorsFromComponent() {
        return List.copyOf(errorsFromComponent);
    }

    void secret(String newSecret) {
        this.secret = newSecret;
    }

    /** While held, pings from the component are kept instead of routed back. */
    void holdPings(boolean hold) {
        this.holdPings = hold;
    }

    int heldPings() {
        return heldPings.size();
    }

    /** Routes the held pings back to the component. */
    void releasePings() {
        holdPings = false;
        NetSocket s = current;
        for (String p : heldPings) {
            s.write(p);
        }
        heldPings.clear();
    }

    /** While set, handshakes get no answer at all. */
    void ignoreHandshakes(boolean ignore) {
        this.ignoreHandshakes = ignore;
    }

    /** Bytes written before the stream header on the next connections (for hostile prologs). */
    public void headerPrefix(String prefix) {
        this.headerPrefix = prefix;
    }

    public void inject(String xml) {
        current.write(Buffer.buffer(xml.getBytes(StandardCharsets.UTF_8)));
    }

    public void inject(byte[] bytes) {
        current.write(Buffer.buffer(bytes));
    }

    /** Closes the TCP connection without a stream close. */
    public void drop() {
        heldPings.clear();
        current.close();
    }

    /**
     * Like a server restart: closes the connection and turns new ones away (closed at once, as a server that is
     * not ready yet) for {@code downtime}.
     */
    public void restart(Duration downtime) {
        heldPings.clear();
        down = true;
        vertx.setTimer(downtime.toMillis(), id -> down = false);
        NetSocket s = current;
        if (s != null) {
            s.close();
        }
    }

    public Future<Void> close() {
        return server.close();
    }

    private void accept(NetSocket socket) {
        connections.incrementAndGet();
        if (down) {
            socket.close();
            return;
        }
        current = socket;
        StanzaParser parser = new StanzaParser(1 << 20, 64);
        String id = "fake-" + streamIds.incrementAndGet();
        boolean[] authenticated = {false};
        socket.handler(buf -> {
            for (StreamEvent e : parser.feed(buf.getBytes())) {
                if (e instanceof StreamEvent.Opened o) {
                    socket.write(headerPrefix + "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept'"
                            + " xmlns:stream='http://etherx.jabber.org/streams' from='" + domain + "' id='" + id + "'>");
                    if (!o.to().equals(domain)) {
                        fail(socket, "host-unknown", "unknown component " + o.to());
                        return;
                    }
                } else if (e instanceof StreamEvent.Handshake h) {
                    handshakes.add(h.content());
                    if (ignoreHandshakes) {
                        continue;
                    }
                    if (h.content().equals(ComponentConnection.handshake(id, secret))) {
                        authenticated[0] = true;
                        socket.write("<handshake/>");
                    } else {
                        fail(socket, "not-authorized", "Invalid handshake");
                        return;
                    }
                } else if (e instanceof StreamEvent.Stanza st && authenticated[0]) {
                    route(socket, st.element());
                } else if (e instanceof StreamEvent.ErrorReceived er) {
                    errorsFromComponent.add(er.wireCondition());
                } else if (e instanceof StreamEvent.Closed) {
                    socket.end(Buffer.buffer("</stream:stream>"));
                }
            }
        });
    }

    private void route(NetSocket socket, XmlElement stanza) {
        received.add(stanza);
        String from = stanza.attribute("from").orElse("");
        if (!domainOf(from).equals(domain) && !domainOf(from).endsWith("." + domain)) {
            // What Prosody and ejabberd do to a component that forges a sender.
            fail(socket, "invalid-from", "from outside the component domain");
            return;
        }
        String to = domainOf(stanza.attribute("to").orElse(""));
        if (!to.equals(domain)) {
            return;
        }
        String xml = stanza.toXml(StanzaParser.COMPONENT_NS);
        if (holdPings && stanza.child("ping", StanzaCodec.PING_NS).isPresent()) {
            heldPings.add(xml);
            return;
        }
        socket.write(xml);
    }

    private static void fail(NetSocket socket, String condition, String text) {
        socket.end(Buffer.buffer("<stream:error><" + condition + " xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>" + text + "</text></stream:error>"
                + "</stream:stream>"));
    }

    private static String domainOf(String jid) {
        String d = jid;
        int slash = d.indexOf('/');
        if (slash >= 0) {
            d = d.substring(0, slash);
        }
        int at = d.indexOf('@');
        return (at >= 0 ? d.substring(at + 1) : d).toLowerCase(Locale.ROOT);
    }
}
