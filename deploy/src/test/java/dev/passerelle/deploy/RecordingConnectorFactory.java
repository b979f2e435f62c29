package dev.passerelle.deploy;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.ConnectorFactory;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connector type for launcher tests ({@code type: recording}): it records its lifecycle in its
 * factory's {@link #events}, validates its section ({@code network}, {@code fail-start}), and reports
 * whatever health a test sets.
 */
public final class RecordingConnectorFactory implements ConnectorFactory {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<ConnectorContext> contexts = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "recording";
    }

    @Override
    public Connector create(ConnectorContext context) {
        ConfigSection config = context.config();
        config.allowOnly("network", "fail-start");
        Network network = config.optEnum("network", Network.class, Network.XMPP);
        boolean failStart = config.optBool("fail-start", false);
        contexts.add(context);
        events.add("create " + context.name());
        return new RecordingConnector(context.name(), network, failStart, events);
    }

    /** The connector: starts (or refuses to), stops, and reports a settable health. */
    static final class RecordingConnector implements Connector {
        private final String name;
        private final Network network;
        private final boolean failStart;
        private final List<String> events;
        volatile Health health = Health.connecting(Instant.EPOCH, "not started");

        RecordingConnector(String name, Network network, boolean failStart, List<String> events) {
            this.name = name;
            this.network = network;
            this.failStart = failStart;
            this.events = events;
        }

        @Override
        public Network network() {
            return network;
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of();
        }

        @Override
        public Future<Void> start() {
            events.add("start " + name);
            if (failStart) {
                return Future.failedFuture(new IllegalStateException(name + " cannot connect"));
            }
            health = Health.up(Instant.EPOCH);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> stop() {
            events.add("stop " + name);
            return Future.succeededFuture();
        }

        @Override
        public Health health() {
            return health;
        }

        @Override
        public Future<Rendered> render(Delivery delivery) {
            return Future.failedFuture(new UnsupportedOperationException("launcher tests deliver nothing"));
        }

        @Override
        public Future<SendResult> send(Delivery delivery, Rendered rendered) {
            return Future.failedFuture(new UnsupportedOperationException("launcher tests deliver nothing"));
        }

        @Override
        public Future<Void> reportFailure(DeliveryFailure failure) {
            return Future.succeededFuture();
        }
    }
}
