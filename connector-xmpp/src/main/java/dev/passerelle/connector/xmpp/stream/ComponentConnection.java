package dev.passerelle.connector.xmpp.stream;

import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.Health;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.jivesoftware.smack.packet.Stanza;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's link to its XMPP server as an external component (XEP-0114) on a Vert.x socket: authenticates,
 * hands inbound stanzas to a {@link StanzaHandler}, confirms outbound ones with pings and reconnects with backoff.
 *
 * <p>Delivery: {@link #send} completes once the reply to a later ping on the same stream came back; the server
 * handles a component's stanzas in order, so that reply proves it took everything before the ping. If the stream
 * drops first, the unconfirmed stanzas stay queued and are written again, byte for byte (so with their
 * origin-id), in their original order on the next authenticated stream, before anything sent later. Resending
 * rather than failing keeps the order across a reconnect without the router's help; the price is that a
 * receiver may see a stanza twice and must deduplicate on origin-id. Futures fail (TRANSIENT) only on
 * {@link #stop} or when more than {@value #OUTBOX_CAPACITY} stanzas await confirmation; a sender of many stanzas
 * paces itself on its own futures and on {@link #room}.
 *
 * <p>All state lives on one Vert.x context; public methods may be called from any thread.
 */
public final class ComponentConnection {
    static final int OUTBOX_CAPACITY = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(ComponentConnection.class);
    private static final String STREAM_CLOSE = "</stream:stream>";
    /** How long a socket ended with a stream error of ours stays open so the peer can read the error. */
    private static final Duration LINGER_AFTER_ERROR = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final ComponentSettings settings;
    private final StanzaHandler handler;
    private final Clock clock;
    private final Context context;
    private final StanzaCodec codec;
    private final ReconnectDelay backoff;
    private final Outbox outbox;
    /** Callers of {@link #room} waiting for confirmations to free the outbox. */
    private final List<RoomWaiter> roomWaiters = new ArrayList<>();
    private final NetClient client;
    private final Metrics metrics;
    private final AccessRefusals refusals;

    private volatile Health health;
    private Promise<Void> started;
    private boolean running;
    private NetSocket socket;
    private StanzaParser parser;
    private boolean authenticated;
    private long generation;
    private int attempt;
    private long timer = -1;
    private long handshakeTimer = -1;
    private long pingTimer = -1;
    private long pingCounter;
    private Instant pingSentAt;
    private boolean pingScheduled;
    private String lastRefusal;

    public ComponentConnection(Vertx vertx, ComponentSettings settings, StanzaHandler handler, MeterRegistry metrics) {
        this(vertx, settings, handler, metrics, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextDouble());
    }

    ComponentConnection(Vertx vertx, ComponentSettings settings, StanzaHandler handler, MeterRegistry metrics,
            Clock clock, DoubleSupplier random) {
        this(vertx, settings, handler, metrics, clock, random, OUTBOX_CAPACITY);
    }

    ComponentConnection(Vertx vertx, ComponentSettings settings, StanzaHandler handler, MeterRegistry metrics,
            Clock clock, DoubleSupplier random, int outboxCapacity) {
        if (vertx == null || settings == null || handler == null || metrics == null || clock == null) {
            throw new IllegalArgumentException("vertx, settings, handler, metrics and clock are required");
        }
        this.vertx = vertx;
        this.settings = settings;
        this.handler = handler;
        this.clock = clock;
        this.context = vertx.getOrCreateContext();
        this.outbox = new Outbox(outboxCapacity);
        this.codec = new StanzaCodec(settings.domain());
        this.backoff = new ReconnectDelay(settings.reconnectMin(), settings.reconnectMax(), random);
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.handshakeTimeout().toMillis()))
                .setTcpNoDelay(true));
        this.metrics = new Metrics(metrics, settings.domain());
        this.refusals = new AccessRefusals(metrics);
        this.health = Health.down(clock.instant(), "not started");
    }

    /**
     * Connects and authenticates. Completes on the first accepted handshake; fails with AUTH and the server's
     * reason when the handshake is refused, or TRANSIENT when the server cannot be reached. Either way the
     * connection keeps trying in the background until {@link #stop()}, and {@link #health()} tells the state.
     */
    public Future<Void> start() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (running) {
                started.future().onComplete(p);
                return;
            }
            running = true;
            started = Promise.promise();
            started.future().onComplete(p);
            setHealth(Health.connecting(clock.instant(), "connecting to " + settings.host() + ":" + settings.port()));
            pingTimer = vertx.setPeriodic(settings.pingInterval().toMillis(), id -> keepalive());
            connect();
        });
        return p.future();
    }

    /**
     * Closes the stream and stops reconnecting. Stanzas not yet confirmed fail with TRANSIENT, so the router
     * retries them after a restart.
     */
    public Future<Void> stop() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            running = false;
            cancel(timer);
            cancel(handshakeTimer);
            cancel(pingTimer);
            timer = handshakeTimer = pingTimer = -1;
            for (Outbox.Entry e : outbox.drain()) {
                e.promise().tryFail(new GatewayException(GatewayException.Reason.TRANSIENT,
                        "the component connection stopped before the server confirmed the stanza"));
            }
            metrics.unconfirmed.set(0);
            for (RoomWaiter w : roomWaiters) {
                w.promise().tryFail(new GatewayException(GatewayException.Reason.TRANSIENT,
                        "the component connection stopped"));
            }
            roomWaiters.clear();
            if (started != null) {
                started.tryFail(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped"));
            }
            NetSocket s = socket;
            generation++;
            socket = null;
            boolean wasUp = authenticated;
            authenticated = false;
            setHealth(Health.down(clock.instant(), "stopped"));
            Future<Void> closed = s == null ? Future.succeededFuture() : s.end(Buffer.buffer(STREAM_CLOSE));
            if (wasUp) {
                handler.disconnected("stopped");
            }
            closed.recover(t -> Future.succeededFuture()).compose(x -> client.close()).onComplete(p);
        });
        return p.future();
    }

    /**
     * Writes a stanza and completes once the server confirmed it (see the class comment). A stanza whose
     * {@code from} is outside the component domain fails at once with INVALID and nothing is written.
     */
    public Future<Void> send(Stanza stanza) {
        String xml;
        try {
            xml = codec.toWire(stanza);
        } catch (GatewayException e) {
            metrics.refusedLocally.increment();
            return Future.failedFuture(e);
        }
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> enqueue(xml, p));
        return p.future();
    }

    /**
     * Completes once {@code stanzas} more (at most the outbox's capacity) can be sent without being refused for a
     * full outbox: at once if they can now, else when the server's confirmations free enough. What is sent
     * meanwhile by others may take the room first. Fails (TRANSIENT) on {@link #stop} or when the connection is not
     * running.
     */
    public Future<Void> room(int wanted) {
        if (wanted < 1) {
            throw new IllegalArgumentException("room is asked for at least one stanza, not " + wanted);
        }
        int stanzas = Math.min(wanted, outbox.capacity());
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (!running) {
                p.fail(new GatewayException(GatewayException.Reason.TRANSIENT,
                        "the component connection is not running"));
            } else if (outbox.free() >= stanzas) {
                p.complete();
            } else {
                roomWaiters.add(new RoomWaiter(stanzas, p));
            }
        });
        return p.future();
    }

    /** The link's state for {@code /health}: UP when authenticated, DOWN with the server's reason when refused. */
    public Health health() {
        return health;
    }

    private void enqueue(String xml, Promise<Void> p) {
        if (!running) {
            p.fail(new GatewayException(GatewayException.Reason.TRANSIENT, "the component connection is not running"));
            return;
        }
        if (outbox.full()) {
            p.fail(new GatewayException(GatewayException.Reason.TRANSIENT, OUTBOX_CAPACITY
                    + " stanzas already await the server's confirmation"));
            return;
        }
        outbox.add(xml, p);
        metrics.unconfirmed.set(outbox.size());
        if (authenticated) {
            write(xml);
            metrics.out.increment();
            schedulePing();
        }
    }

    private void connect() {
        if (!running) {
            return;
        }
        long gen = ++generation;
        client.connect(settings.port(), settings.host()).onComplete(ar -> {
            if (gen != generation || !running) {
                if (ar.succeeded()) {
                    ar.result().close();
                }
                return;
            }
            if (ar.failed()) {
                String reason = "cannot connect to " + settings.host() + ":" + settings.port() + ": "
                        + ar.cause().getMessage();
                reconnectLater(reason, false);
                started.tryFail(new GatewayException(GatewayException.Reason.TRANSIENT, reason, ar.cause()));
                return;
            }
            opened(gen, ar.result());
        });
    }

    private void opened(long gen, NetSocket s) {
        socket = s;
        parser = new StanzaParser(settings.maxStanzaBytes(), settings.maxDepth());
        s.handler(buf -> {
            if (gen == generation) {
                bytes(gen, buf);
            }
        });
        s.closeHandler(v -> {
            if (gen == generation) {
                reconnectLater("the server closed the connection", false);
            }
        });
        s.exceptionHandler(t -> {
            if (gen == generation) {
                drop("connection failure: " + t.getMessage(), false);
            }
        });
        write("<?xml version='1.0'?><stream:stream xmlns='" + StanzaParser.COMPONENT_NS
                + "' xmlns:stream='" + StanzaParser.STREAMS_NS + "' to='" + settings.domain() + "'>");
        handshakeTimer = vertx.setTimer(settings.handshakeTimeout().toMillis(), id -> {
            if (gen == generation && !authenticated) {
                streamError(StreamCondition.CONNECTION_TIMEOUT,
                        "no handshake reply within " + settings.handshakeTimeout());
            }
        });
    }

    private void bytes(long gen, Buffer buf) {
        List<StreamEvent> events = parser.feed(buf.getBytes());
        for (StreamEvent e : events) {
            if (gen != generation) {
                return;
            }
            event(e);
        }
    }

    private void event(StreamEvent e) {
        if (e instanceof StreamEvent.Opened o) {
            if (o.id().isEmpty()) {
                streamError(StreamCondition.INVALID_XML, "the stream header has no id to hash the secret with");
                return;
            }
            write("<handshake>" + handshake(o.id(), settings.secret()) + "</handshake>");
        } else if (e instanceof StreamEvent.Handshake) {
            if (authenticated) {
                streamError(StreamCondition.POLICY_VIOLATION, "a second handshake reply");
            } else {
                authenticatedNow();
            }
        } else if (e instanceof StreamEvent.Stanza st) {
            if (!authenticated) {
                streamError(StreamCondition.NOT_AUTHORIZED, "a stanza before the handshake was accepted");
                return;
            }
            metrics.in.increment();
            stanza(st.element());
        } else if (e instanceof StreamEvent.ErrorReceived er) {
            serverError(er);
        } else if (e instanceof StreamEvent.Closed) {
            // Close our half too (RFC 6120 section 4.4) before the socket goes.
            write(STREAM_CLOSE);
            drop("the server closed the stream", false);
        } else if (e instanceof StreamEvent.Violation v) {
            streamError(v.condition(), v.detail());
        }
    }

    private void authenticatedNow() {
        cancel(handshakeTimer);
        handshakeTimer = -1;
        authenticated = true;
        if (lastRefusal != null) {
            LOG.info("XMPP server {}:{} accepted component {} again", settings.host(), settings.port(),
                    settings.domain());
            lastRefusal = null;
        } else {
            LOG.info("Component {} authenticated at {}:{}", settings.domain(), settings.host(), settings.port());
        }
        setHealth(Health.up(clock.instant()));
        List<Outbox.Entry> tail = outbox.streamLost();
        for (Outbox.Entry entry : tail) {
            write(entry.xml());
        }
        if (!tail.isEmpty()) {
            metrics.resent.increment(tail.size());
            sendPing();
        }
        started.tryComplete();
        handler.connected();
    }

    private void stanza(XmlElement element) {
        String type = element.attribute("type").orElse("");
        if (element.name().equals("iq") && (type.equals("result") || type.equals("error"))
                && outbox.isPing(element.attribute("id").orElse(""))) {
            pong(element.attribute("id").orElseThrow());
            return;
        }
        if (StanzaCodec.isPingRequest(element, settings.domain())) {
            write(codec.pingResult(element));
            return;
        }
        Stanza smack;
        try {
            smack = codec.toSmack(element);
        } catch (GatewayException unreadable) {
            metrics.rejected.increment();
            String xml = element.toXml(StanzaParser.COMPONENT_NS);
            LOG.debug("Bounced an unreadable stanza with bad-request: {}", unreadable.getMessage());
            codec.bounce(element, "bad-request", "modify", "the gateway could not read this stanza")
                    .ifPresent(this::write);
            handler.rejected(xml, unreadable.getMessage());
            return;
        }
        try {
            handler.stanza(smack);
        } catch (RuntimeException bug) {
            // Answered, not swallowed: the sender learns of the failure and the stream carries on.
            LOG.error("The stanza handler failed on {}", element.toXml(StanzaParser.COMPONENT_NS), bug);
            codec.bounce(element, "internal-server-error", "wait", null).ifPresent(this::write);
        }
    }

    private void pong(String id) {
        List<Outbox.Entry> confirmed = outbox.pongReceived(id);
        pingSentAt = null;
        // The stream proved itself end to end: the next drop starts the backoff afresh.
        attempt = 0;
        metrics.unconfirmed.set(outbox.size());
        for (Outbox.Entry e : confirmed) {
            e.promise().tryComplete();
        }
        for (Iterator<RoomWaiter> it = roomWaiters.iterator(); it.hasNext(); ) {
            RoomWaiter w = it.next();
            if (outbox.free() >= w.stanzas()) {
                it.remove();
                w.promise().tryComplete();
            }
        }
        if (outbox.needsPing()) {
            sendPing();
        }
    }

    private void serverError(StreamEvent.ErrorReceived er) {
        String reason = er.wireCondition() + (er.text().isEmpty() ? "" : ": " + er.text());
        metrics.streamError("received", er.wireCondition());
        if (!authenticated && er.condition().refusal()) {
            String line = "XMPP server " + settings.host() + ":" + settings.port() + " refused component "
                    + settings.domain() + " (" + reason + ")";
            // Counted on every attempt, logged once per change: the retry loop would flood the log otherwise.
            String tag = er.condition().wire().replace('-', '_');
            if (!line.equals(lastRefusal)) {
                refusals.refused(AccessRefusals.Surface.COMPONENT, tag, settings.host() + ":" + settings.port(),
                        line + "; check the component's domain and secret in the server's and the gateway's config;"
                                + " retrying every " + settings.reconnectMax());
                lastRefusal = line;
            } else {
                refusals.repeated(AccessRefusals.Surface.COMPONENT, tag);
            }
            drop(line, true);
            started.tryFail(new GatewayException(GatewayException.Reason.AUTH, line));
            return;
        }
        LOG.warn("XMPP server {}:{} ended the component stream: {}", settings.host(), settings.port(), reason);
        drop("stream error from the server: " + reason, false);
    }

    /** Ends the stream with a stream error of ours (RFC 6120 section 4.9) and reconnects. */
    private void streamError(StreamCondition condition, String detail) {
        metrics.streamError("sent", condition.wire());
        LOG.warn("Closing the component stream with {}: {}", condition.wire(), detail);
        NetSocket s = socket;
        if (s != null) {
            s.write(Buffer.buffer(condition.toXml(detail)));
            // Closing a socket with input still unread makes TCP reset the connection, and the reset can destroy
            // the error on its way (a peer flooding us would never learn why). So the old socket lingers a moment,
            // its input discarded (its handlers belong to an older generation), while the next one connects.
            vertx.setTimer(LINGER_AFTER_ERROR.toMillis(), id -> s.close());
        }
        reconnectLater(condition.wire() + ": " + detail, false);
    }

    /** Closes the current socket (if any) and reconnects later. */
    private void drop(String reason, boolean refused) {
        NetSocket s = socket;
        if (s != null) {
            s.close();
        }
        reconnectLater(reason, refused);
    }

    private void reconnectLater(String reason, boolean refused) {
        generation++;
        socket = null;
        parser = null;
        cancel(handshakeTimer);
        handshakeTimer = -1;
        pingSentAt = null;
        outbox.streamLost();
        boolean wasUp = authenticated;
        authenticated = false;
        if (!running) {
            return;
        }
        metrics.reconnects.increment();
        Duration delay = refused ? backoff.max() : backoff.delay(++attempt);
        if (lastRefusal != null) {
            setHealth(Health.down(clock.instant(), lastRefusal));
        } else {
            setHealth(Health.connecting(clock.instant(), reason + "; reconnecting in " + delay.toMillis() + " ms"));
        }
        if (!refused) {
            LOG.info("Component stream lost ({}); reconnecting in {} ms", reason, delay.toMillis());
        }
        if (wasUp) {
            handler.disconnected(reason);
        }
        cancel(timer);
        timer = vertx.setTimer(delay.toMillis(), id -> {
            timer = -1;
            connect();
        });
    }

    private void schedulePing() {
        if (pingScheduled || !outbox.needsPing()) {
            return;
        }
        // One ping for everything sent in this turn of the event loop.
        pingScheduled = true;
        context.runOnContext(v -> {
            pingScheduled = false;
            if (authenticated && outbox.needsPing()) {
                sendPing();
            }
        });
    }

    private void sendPing() {
        String id = "pp-" + generation + "-" + (++pingCounter);
        outbox.pingSent(id);
        pingSentAt = clock.instant();
        write(codec.ping(id));
    }

    private void keepalive() {
        if (!authenticated) {
            return;
        }
        if (outbox.pingInFlight()) {
            Instant sent = pingSentAt;
            if (sent != null && Duration.between(sent, clock.instant()).compareTo(settings.pingInterval()) >= 0) {
                streamError(StreamCondition.CONNECTION_TIMEOUT, "no ping reply within " + settings.pingInterval());
            }
            return;
        }
        sendPing();
    }

    private void write(String xml) {
        NetSocket s = socket;
        if (s != null) {
            s.write(Buffer.buffer(xml.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private void cancel(long id) {
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    private void setHealth(Health h) {
        if (health.state() != h.state() || !health.detail().equals(h.detail())) {
            health = h;
        }
    }

    /** XEP-0114 section 3: the lower-case hex SHA-1 of the stream id followed by the secret. */
    static String handshake(String streamId, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest((streamId + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
    }

    private record RoomWaiter(int stanzas, Promise<Void> promise) {
    }

    /** The link's meters, tagged with the component domain. */
    private static final class Metrics {
        final MeterRegistry registry;
        final String domain;
        final Counter in;
        final Counter out;
        final Counter rejected;
        final Counter refusedLocally;
        final Counter reconnects;
        final Counter resent;
        final AtomicInteger unconfirmed;

        Metrics(MeterRegistry registry, String domain) {
            this.registry = registry;
            this.domain = domain;
            this.in = registry.counter("passerelle.xmpp.stanzas.in", "component", domain);
            this.out = registry.counter("passerelle.xmpp.stanzas.out", "component", domain);
            this.rejected = registry.counter("passerelle.xmpp.stanzas.rejected", "component", domain);
            this.refusedLocally = registry.counter("passerelle.xmpp.stanzas.refused.local", "component", domain);
            this.reconnects = registry.counter("passerelle.xmpp.reconnects", "component", domain);
            this.resent = registry.counter("passerelle.xmpp.stanzas.resent", "component", domain);
            this.unconfirmed = registry.gauge("passerelle.xmpp.stanzas.unconfirmed",
                    Tags.of("component", domain), new AtomicInteger());
        }

        void streamError(String direction, String condition) {
            registry.counter("passerelle.xmpp.stream.errors", "component", domain, "direction", direction,
                    "condition", condition).increment();
        }
    }
}
