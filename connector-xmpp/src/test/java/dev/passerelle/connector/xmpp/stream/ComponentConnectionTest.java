package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class ComponentConnectionTest {
    static final String DOMAIN = "gw.localhost";
    static final String SECRET = "s3cret";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Vertx vertx;
    private FakeComponentServer server;
    private ComponentConnection connection;
    private final Recorder handler = new Recorder();

    /** Records what the connection hands up. */
    static final class Recorder implements StanzaHandler {
        final List<Stanza> stanzas = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final AtomicInteger connected = new AtomicInteger();
        final List<String> disconnected = new CopyOnWriteArrayList<>();

        @Override
        public void stanza(Stanza stanza) {
            stanzas.add(stanza);
        }

        @Override
        public void connected() {
            connected.incrementAndGet();
        }

        @Override
        public void disconnected(String reason) {
            disconnected.add(reason);
        }

        @Override
        public void rejected(String stanzaXml, String reason) {
            rejected.add(stanzaXml);
        }
    }

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        this.vertx = vertx;
        server = get(new FakeComponentServer(vertx, DOMAIN, SECRET).listen());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (connection != null) {
            get(connection.stop());
        }
        get(server.close());
    }

    private ComponentConnection connect(String secret, long maxStanzaBytes, Duration reconnectMax) {
        return connect(secret, maxStanzaBytes, reconnectMax, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    private ComponentConnection connect(String secret, long maxStanzaBytes, Duration reconnectMax, Duration ping,
            Duration handshakeTimeout) {
        ComponentSettings settings = new ComponentSettings("127.0.0.1", server.port(), DOMAIN, secret,
                maxStanzaBytes, 16, Duration.ofMillis(20), reconnectMax, ping, handshakeTimeout);
        connection = new ComponentConnection(vertx, settings, handler, registry);
        return connection;
    }

    private ComponentConnection started() throws Exception {
        connect(SECRET, 4096, Duration.ofMillis(200));
        get(connection.start());
        return connection;
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Message message(String from, String id, String body) {
        return StanzaBuilder.buildMessage(id).from(jid(from)).to(jid("alice@localhost")).ofType(Message.Type.chat)
                .setBody(body).addExtension(new OriginIdElement("origin-" + id)).build();
    }

    private static org.jxmpp.jid.Jid jid(String s) {
        try {
            return org.jxmpp.jid.impl.JidCreate.from(s);
        } catch (org.jxmpp.stringprep.XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void awaitUpAgain(int connections) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() >= connections
                && connection.health().state() == Health.State.UP);
    }

    @Test
    void handshakeSucceedsAndHealthIsUp() throws Exception {
        started();
        assertThat(connection.health().state()).isEqualTo(Health.State.UP);
        assertThat(server.connections()).isEqualTo(1);
        await().until(() -> handler.connected.get() == 1);
    }

    @Test
    void wrongSecretIsDownWithTheServersReasonAndRetriesSlowly() throws Exception {
        connect("wrong", 4096, Duration.ofMillis(300));
        assertThatThrownBy(() -> get(connection.start())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GatewayException.class)
                .hasMessageContaining("not-authorized").hasMessageContaining("Invalid handshake")
                .matches(e -> ((GatewayException) e).reason() == GatewayException.Reason.AUTH);
        Health h = connection.health();
        assertThat(h.state()).isEqualTo(Health.State.DOWN);
        assertThat(h.detail()).hasValueSatisfying(d -> assertThat(d).contains("not-authorized", "Invalid handshake"));
        // At the 300 ms maximum, 1.5 s leaves room for about six attempts; a hot loop would make hundreds.
        int before = server.connections();
        CompletableFuture<Void> window = new CompletableFuture<>();
        vertx.setTimer(1500, id -> window.complete(null));
        window.get(5, TimeUnit.SECONDS);
        assertThat(server.connections() - before).isBetween(2, 7);
        assertThat(connection.health().state()).isEqualTo(Health.State.DOWN);
        assertThat(handler.connected.get()).isZero();

        server.secret("wrong");
        awaitUpAgain(before + 1);
        assertThat(connection.health().detail()).isEmpty();
    }

    @Test
    void refusalIsCountedOnEveryAttemptAndLoggedOncePerChange() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AccessRefusals.LOGGER);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            connect("wrong", 4096, Duration.ofMillis(100));
            connection.start();
            await().until(() -> server.connections() >= 4);
            AccessRefusals refusals = new AccessRefusals(registry);
            await().until(() -> refusals.count(AccessRefusals.Surface.COMPONENT, "not_authorized") >= 4);
            List<ILoggingEvent> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertThat(warnings).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                    .startsWith("access refused: surface=component reason=not_authorized peer=127.0.0.1:"
                            + server.port())
                    .contains("refused component gw.localhost", "not-authorized", "Invalid handshake")
                    .doesNotContain("wrong");
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void unknownDomainIsDownWithHostUnknown() throws Exception {
        ComponentSettings settings = new ComponentSettings("127.0.0.1", server.port(), "other.localhost", SECRET,
                4096, 16, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5));
        connection = new ComponentConnection(vertx, settings, handler, registry);
        assertThatThrownBy(() -> get(connection.start())).cause().hasMessageContaining("host-unknown");
        assertThat(connection.health().state()).isEqualTo(Health.State.DOWN);
        assertThat(connection.health().detail()).hasValueSatisfying(d -> assertThat(d).contains("host-unknown"));
        assertThat(new AccessRefusals(registry).count(AccessRefusals.Surface.COMPONENT, "host_unknown")).isEqualTo(1);
    }

    @Test
    void serverClosingTheStreamIsAnsweredAndReconnected() throws Exception {
        started();
        server.inject("</stream:stream>");
        awaitUpAgain(2);
        await().until(() -> handler.disconnected.size() == 1);
        assertThat(handler.disconnected.get(0)).contains("closed the stream");
    }

    @Test
    void outboundStanzaIsInTheComponentNamespaceAndConfirmed() throws Exception {
        started();
        get(connection.send(message("ghost@" + DOMAIN + "/r", "m1", "hello & <bye>")));
        XmlElement wire = server.payload().get(0);
        assertThat(wire.namespace()).isEqualTo("jabber:component:accept");
        assertThat(wire.attribute("from")).contains("ghost@gw.localhost/r");
        XmlElement body = wire.child("body", "jabber:component:accept").orElseThrow();
        assertThat(body.text()).isEqualTo("hello & <bye>");
        assertThat(wire.child("origin-id", "urn:xmpp:sid:0").orElseThrow().attribute("id")).contains("origin-m1");
        // The confirmation came from a ping the server routed back.
        assertThat(server.received()).anyMatch(e -> e.child("ping", StanzaCodec.PING_NS).isPresent());
    }

    @Test
    void inboundStanzaArrivesAsSmackMessage() throws Exception {
        started();
        server.inject("<message from='alice@localhost/phone' to='bob@gw.localhost' type='chat' id='in1'>"
                + "<body>hi there</body><origin-id xmlns='urn:xmpp:sid:0' id='o-in1'/></message>");
        await().until(() -> handler.stanzas.size() == 1);
        Message m = (Message) handler.stanzas.get(0);
        assertThat(m.getBody()).isEqualTo("hi there");
        assertThat(m.getFrom().toString()).isEqualTo("alice@localhost/phone");
        assertThat(m.getType()).isEqualTo(Message.Type.chat);
        assertThat(m.getExtension(OriginIdElement.class).getId()).isEqualTo("o-in1");
    }

    @Test
    void senderOutsideTheDomainIsRefusedLocally() throws Exception {
        started();
        assertThatThrownBy(() -> get(connection.send(message("mallory@localhost", "x1", "forged"))))
                .cause().isInstanceOf(GatewayException.class)
                .matches(e -> ((GatewayException) e).reason() == GatewayException.Reason.INVALID);
        assertThatThrownBy(() -> get(connection.send(message("ghost@evilgw.localhost", "x2", "lookalike"))))
                .cause().isInstanceOf(GatewayException.class);
        get(connection.send(message("ghost@sub." + DOMAIN, "ok1", "fine")));
        assertThat(server.payload()).extracting(e -> e.attribute("id").orElseThrow()).containsExactly("ok1");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void sendCompletesOnlyAfterThePingReply() throws Exception {
        started();
        server.holdPings(true);
        Future<Void> sent = connection.send(message("ghost@" + DOMAIN, "m1", "one"));
        await().until(() -> server.heldPings() == 1);
        assertThat(server.payload()).hasSize(1);
        assertThat(sent.isComplete()).isFalse();
        server.releasePings();
        get(sent);
    }

    @Test
    void unconfirmedTailIsResentInOrderAfterADrop() throws Exception {
        started();
        get(connection.send(message("ghost@" + DOMAIN, "m0", "confirmed")));
        server.holdPings(true);
        List<Future<Void>> sent = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            sent.add(connection.send(message("ghost@" + DOMAIN, "m" + i, "n" + i)));
        }
        await().until(() -> server.payload().size() == 4 && server.heldPings() == 1);
        assertThat(sent).noneMatch(Future::isComplete);
        server.holdPings(false);
        server.drop();
        for (Future<Void> f : sent) {
            get(f);
        }
        assertThat(server.payload()).extracting(e -> e.attribute("id").orElseThrow())
                .containsExactly("m0", "m1", "m2", "m3", "m1", "m2", "m3");
        List<XmlElement> payload = server.payload();
        assertThat(payload.get(4)).isEqualTo(payload.get(1));
        assertThat(server.connections()).isEqualTo(2);
        await().until(() -> handler.disconnected.size() == 1 && handler.connected.get() == 2);
    }

    @Test
    void silentServerGetsConnectionTimeoutAndIsTriedAgain() throws Exception {
        server.ignoreHandshakes(true);
        connect(SECRET, 4096, Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMillis(300));
        Future<Void> start = connection.start();
        await().until(() -> server.errorsFromComponent().contains("connection-timeout"));
        assertThat(start.isComplete()).isFalse();
        assertThat(connection.health().state()).isEqualTo(Health.State.CONNECTING);
        server.ignoreHandshakes(false);
        get(start);
        assertThat(server.connections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void unansweredKeepaliveEndsTheStreamAndTheTailIsResent() throws Exception {
        connect(SECRET, 4096, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(5));
        get(connection.start());
        server.holdPings(true);
        Future<Void> sent = connection.send(message("ghost@" + DOMAIN, "k1", "kept"));
        await().until(() -> server.errorsFromComponent().contains("connection-timeout"));
        assertThat(sent.isComplete()).isFalse();
        server.holdPings(false);
        get(sent);
        // Written once, then again on every new stream until a ping came back (how often depends on timing).
        assertThat(server.payload()).extracting(e -> e.attribute("id").orElseThrow())
                .hasSizeGreaterThanOrEqualTo(2).containsOnly("k1");
    }

    @Test
    void reconnectsAfterAServerRestart() throws Exception {
        started();
        server.restart(Duration.ofMillis(300));
        // Turned away while the server is down, then accepted: at least three connections.
        awaitUpAgain(3);
        await().until(() -> handler.disconnected.size() == 1 && handler.connected.get() == 2);
        get(connection.send(message("ghost@" + DOMAIN, "after", "restart")));
        assertThat(server.payload()).extracting(e -> e.attribute("id").orElseThrow()).containsExactly("after");
    }

    @Test
    void doctypeWithBillionLaughsGetsRestrictedXmlAndTheComponentReconnects() throws Exception {
        server.headerPrefix("<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>]>");
        connect(SECRET, 4096, Duration.ofMillis(200));
        Future<Void> start = connection.start();
        await().until(() -> server.errorsFromComponent().contains("restricted-xml"));
        server.headerPrefix("");
        get(start);
        assertThat(server.connections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void externalEntityIsNeverFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer http = get(vertx.createHttpServer().requestHandler(r -> {
            fetches.incrementAndGet();
            r.response().end("<message/>");
        }).listen(0, "127.0.0.1"));
        server.headerPrefix("<!DOCTYPE stream:stream [<!ENTITY xxe SYSTEM 'http://127.0.0.1:" + http.actualPort()
                + "/xxe'><!ENTITY pw SYSTEM 'file:///etc/passwd'>]>");
        connect(SECRET, 4096, Duration.ofMillis(200));
        Future<Void> start = connection.start();
        await().until(() -> server.errorsFromComponent().contains("restricted-xml"));
        server.headerPrefix("");
        get(start);
        server.inject("<message from='a@localhost/x' to='b@gw.localhost' id='e1'><body>&xxe;&pw;</body></message>");
        await().until(() -> server.errorsFromComponent().size() >= 2);
        assertThat(fetches.get()).isZero();
        assertThat(handler.stanzas).isEmpty();
        get(http.close());
    }

    @Test
    void oversizedStanzaGetsPolicyViolation() throws Exception {
        started();
        server.inject("<message from='a@localhost/x' to='b@gw.localhost'><body>" + "x".repeat(5000) + "</body></message>");
        await().until(() -> server.errorsFromComponent().contains("policy-violation"));
        awaitUpAgain(2);
        assertThat(handler.stanzas).isEmpty();
    }

    @Test
    void deepNestingGetsPolicyViolation() throws Exception {
        started();
        server.inject("<message from='a@localhost/x' to='b@gw.localhost'>" + "<a>".repeat(10_000));
        await().until(() -> server.errorsFromComponent().contains("policy-violation"));
        awaitUpAgain(2);
    }

    @Test
    void invalidUtf8GetsUnsupportedEncoding() throws Exception {
        started();
        byte[] head = "<message from='a@localhost/x' to='b@gw.localhost'><body>".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[head.length + 2];
        System.arraycopy(head, 0, bad, 0, head.length);
        bad[head.length] = (byte) 0xFF;
        bad[head.length + 1] = (byte) 0xFE;
        server.inject(bad);
        // RFC 6120 section 4.9.3.22: a stream that violates the rules of UTF-8.
        await().until(() -> server.errorsFromComponent().contains("unsupported-encoding"));
        awaitUpAgain(2);
    }

    @Test
    void unreadableStanzaIsBouncedWithBadRequestAndTheStreamLivesOn() throws Exception {
        started();
        server.inject("<message from='alice@localhost/x' to='bob@gw.localhost' type='bogus' id='b1'><body>x</body>"
                + "</message><message from='alice@localhost/x' to='bob@gw.localhost' type='chat' id='g1'>"
                + "<body>good</body></message>");
        await().until(() -> handler.stanzas.size() == 1);
        assertThat(((Message) handler.stanzas.get(0)).getBody()).isEqualTo("good");
        assertThat(handler.rejected).singleElement().asString().contains("id='b1'");
        XmlElement bounce = server.payload().get(0);
        assertThat(bounce.attribute("type")).contains("error");
        assertThat(bounce.attribute("id")).contains("b1");
        assertThat(bounce.attribute("to")).contains("alice@localhost/x");
        assertThat(bounce.attribute("from")).contains("bob@gw.localhost");
        XmlElement error = bounce.child("error", "jabber:component:accept").orElseThrow();
        assertThat(error.attribute("type")).contains("modify");
        assertThat(error.child("bad-request", StanzaCodec.STANZAS_NS)).isPresent();
        assertThat(server.connections()).isEqualTo(1);
        assertThat(connection.health().state()).isEqualTo(Health.State.UP);
    }

    @Test
    void pingToTheDomainIsAnswered() throws Exception {
        started();
        server.inject("<iq type='get' id='sp1' from='localhost' to='gw.localhost'><ping xmlns='urn:xmpp:ping'/></iq>");
        await().until(() -> server.received().stream().anyMatch(e -> e.attribute("id").orElse("").equals("sp1")));
        XmlElement reply = server.received().stream().filter(e -> e.attribute("id").orElse("").equals("sp1"))
                .findFirst().orElseThrow();
        assertThat(reply.attribute("type")).contains("result");
        assertThat(reply.attribute("to")).contains("localhost");
        assertThat(reply.attribute("from")).contains(DOMAIN);
        assertThat(handler.stanzas).isEmpty();
    }

    /** A connection whose outbox holds {@code capacity} stanzas awaiting confirmation. */
    private ComponentConnection startedHolding(int capacity) throws Exception {
        ComponentSettings settings = new ComponentSettings("127.0.0.1", server.port(), DOMAIN, SECRET, 4096, 16,
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofSeconds(5));
        connection = new ComponentConnection(vertx, settings, handler, registry, java.time.Clock.systemUTC(),
                () -> 0.5, capacity);
        get(connection.start());
        return connection;
    }

    @Test
    void aFullOutboxRefusesAndRoomCompletesOnceThePingReplyFreesIt() throws Exception {
        // room(n) beyond the capacity waits for an empty outbox.
        startedHolding(2);
        server.holdPings(true);
        Future<Void> first = connection.send(message("ghost@" + DOMAIN, "m1", "one"));
        Future<Void> second = connection.send(message("ghost@" + DOMAIN, "m2", "two"));
        Future<Void> third = connection.send(message("ghost@" + DOMAIN, "m3", "three"));
        Future<Void> room = connection.room(2);
        await().until(() -> server.heldPings() == 1 && third.isComplete());
        assertThat(third.failed()).isTrue();
        assertThat(((GatewayException) third.cause()).isRetryable()).isTrue();
        assertThat(room.isComplete()).isFalse();

        server.releasePings();
        get(room);
        get(first);
        get(second);
        assertThat(server.payload()).extracting(e -> e.attribute("id").orElseThrow()).containsExactly("m1", "m2");
        get(connection.room(2));
        get(connection.room(3));
        assertThatThrownBy(() -> connection.room(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roomFailsAsTransientOnStop() throws Exception {
        startedHolding(1);
        server.holdPings(true);
        connection.send(message("ghost@" + DOMAIN, "m1", "one"));
        Future<Void> room = connection.room(1);
        await().until(() -> server.heldPings() == 1);
        get(connection.stop());
        connection = null;
        assertThatThrownBy(() -> get(room)).cause().isInstanceOf(GatewayException.class)
                .matches(e -> ((GatewayException) e).isRetryable());
    }

    @Test
    void stopFailsUnconfirmedStanzasAsTransient() throws Exception {
        started();
        server.holdPings(true);
        Future<Void> sent = connection.send(message("ghost@" + DOMAIN, "m1", "one"));
        await().until(() -> server.heldPings() == 1);
        get(connection.stop());
        connection = null;
        assertThatThrownBy(() -> get(sent)).cause().isInstanceOf(GatewayException.class)
                .matches(e -> ((GatewayException) e).isRetryable());
    }
}
