package dev.passerelle.connector.xmpp.identity;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.connector.xmpp.stream.ComponentConnection;
import dev.passerelle.connector.xmpp.stream.ComponentSettings;
import dev.passerelle.connector.xmpp.stream.StanzaHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.Stanza;

/**
 * A real component connection to one of the test servers, with the stanzas it receives offered to a chain of
 * handlers on the connection's own Vert.x context (as the connector will do). For the integration tests.
 */
public final class LiveComponent implements AutoCloseable {

    private final Vertx vertx;
    private final Context context;
    private final List<Predicate<Stanza>> handlers = new CopyOnWriteArrayList<>();
    private final List<Stanza> unhandled = new CopyOnWriteArrayList<>();
    private ComponentConnection connection;

    private LiveComponent(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
    }

    /** Connects to {@code server} as its component {@code gw.localhost} with the shared secret. */
    public static LiveComponent connect(XmppServer server) throws Exception {
        LiveComponent live = new LiveComponent(Vertx.vertx());
        ComponentSettings settings = new ComponentSettings(server.host(), server.componentPort(), server.componentDomain(),
                server.componentSecret(), ComponentSettings.DEFAULT_MAX_STANZA_BYTES, ComponentSettings.DEFAULT_MAX_DEPTH,
                Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5));
        live.on(() -> {
            live.connection = new ComponentConnection(live.vertx, settings, live.new Handler(), new SimpleMeterRegistry());
            return live.connection.start();
        });
        return live;
    }

    /** Adds a handler; the first that returns true takes the stanza. */
    public void handle(Predicate<Stanza> handler) {
        handlers.add(handler);
    }

    public Future<Void> send(Stanza stanza) {
        return connection.send(stanza);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Runs {@code action} on the component's context and waits for its future. */
    public <T> T on(Supplier<Future<T>> action) throws Exception {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(p));
        return p.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    /** Stanzas no handler took (for failure messages). */
    public List<Stanza> unhandled() {
        return unhandled;
    }

    @Override
    public void close() throws Exception {
        try {
            if (connection != null) {
                on(() -> connection.stop());
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private final class Handler implements StanzaHandler {
        @Override
        public void stanza(Stanza stanza) {
            for (Predicate<Stanza> h : handlers) {
                if (h.test(stanza)) {
                    return;
                }
            }
            unhandled.add(stanza);
        }

        @Override
        public void connected() {
        }

        @Override
        public void disconnected(String reason) {
        }

        @Override
        public void rejected(String stanzaXml, String reason) {
        }
    }
}
