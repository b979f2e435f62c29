package dev.passerelle.core.router;

import dev.passerelle.core.event.Event;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoredDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Collection;
import java.util.List;

/** The core's entry point and delivery engine. SKELETON: the router work fills it in. */
public final class Router implements EventSink {

    public Router(Vertx vertx, Store store, GhostNaming ghosts, RouterSettings settings, MeterRegistry metrics,
            Clock clock) {
    }

    /** Makes a connector a delivery target for its network; call before {@link #start()}. */
    public void attach(Connector connector) {
    }

    /** Resumes the journal's pending deliveries and starts delivering. */
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Stops delivering after the current group commit; pending deliveries stay in the journal. */
    public Future<Void> stop() {
        return Future.succeededFuture();
    }

    @Override
    public Future<Accepted> submit(Event event) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Future<List<Accepted>> submitAll(List<Event> events) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Dead letters, newest first. */
    public Future<List<StoredDelivery>> deadLetters(int offset, int limit) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Puts a dead letter back in its queue; false if there is no such dead letter. */
    public Future<Boolean> retryDeadLetter(long seq) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Drops a dead letter for good; false if there is no such dead letter. */
    public Future<Boolean> discardDeadLetter(long seq) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The attached connectors. */
    public Collection<Connector> connectors() {
        return List.of();
    }
}
