package dev.passerelle.connector.dma;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Set;

/**
 * A connector as the router sees it when its confirmations are slow to commit: each send's result reaches the
 * router {@link #delay} after the target took it (a busy store's group commit, say). Everything else is the wrapped
 * connector's.
 */
final class SlowConfirmations implements Connector {

    private final Connector inner;
    private final Vertx vertx;
    volatile Duration delay = Duration.ZERO;

    SlowConfirmations(Connector inner, Vertx vertx) {
        this.inner = inner;
        this.vertx = vertx;
    }

    @Override
    public Future<SendResult> send(Delivery delivery, Rendered rendered) {
        Duration d = delay;
        return inner.send(delivery, rendered).compose(result -> {
            if (d.isZero()) {
                return Future.succeededFuture(result);
            }
            Promise<SendResult> later = Promise.promise();
            vertx.setTimer(d.toMillis(), t -> later.complete(result));
            return later.future();
        });
    }

    @Override
    public Network network() {
        return inner.network();
    }

    @Override
    public Set<Capability> capabilities() {
        return inner.capabilities();
    }

    @Override
    public Future<Void> start() {
        return inner.start();
    }

    @Override
    public Future<Void> stop() {
        return inner.stop();
    }

    @Override
    public Health health() {
        return inner.health();
    }

    @Override
    public void linked(Link link) {
        inner.linked(link);
    }

    @Override
    public Future<Rendered> render(Delivery delivery) {
        return inner.render(delivery);
    }

    @Override
    public int sendWindow() {
        return inner.sendWindow();
    }

    @Override
    public Future<Void> reportFailure(DeliveryFailure failure) {
        return inner.reportFailure(failure);
    }
}
