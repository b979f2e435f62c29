package dev.passerelle.bench;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A target that renders a small payload and counts confirmed sends: the cheapest possible connector. While
 * {@link #down} is set it refuses every send with a transient (retryable) failure, as an unreachable server does.
 */
final class CountingConnector implements Connector {
    private final Network network;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    volatile boolean down;

    CountingConnector(Network network) {
        this.network = network;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    @Override
    public Health health() {
        // As a real connector does: DOWN while its server is unreachable.
        return down ? Health.down(Instant.EPOCH, "target down") : Health.up(Instant.EPOCH);
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        return Future.succeededFuture(new Rendered(delivery.key().value().getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        if (down) {
            refused.incrementAndGet();
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "target down"));
        }
        sent.incrementAndGet();
        return Future.succeededFuture(SendResult.confirmed());
    }

    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        return Future.succeededFuture();
    }
}
