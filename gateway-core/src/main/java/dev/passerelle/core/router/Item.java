package dev.passerelle.core.router;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import java.time.Instant;

/**
 * A pending delivery as a lane holds it. Mutable, and touched only on the router's context.
 * {@code attempts} counts failed attempts so far; {@code rendered} is set once its bytes are durable.
 */
final class Item {
    final long seq;
    final Event event;
    final LinkId link;
    final Address target;
    final IdempotencyKey key;
    final long enqueuedMillis;
    int attempts;
    Instant notBefore;
    /** The last failure's target named the wait (a Retry-After): {@link Lane#wake} leaves it alone. */
    boolean targetAskedToWait;
    Rendered rendered;
    dev.passerelle.core.spi.SendResult result;
    /** Set when rendering failed ahead of the head; handled when the delivery reaches the head. */
    dev.passerelle.core.spi.GatewayException renderFailure;
    /** Sent and not settled yet. */
    boolean inFlight;
    /** How the send in flight ended, once it has; the lane settles it in seq order. */
    io.vertx.core.AsyncResult<dev.passerelle.core.spi.SendResult> outcome;

    Item(long seq, Event event, LinkId link, Address target, IdempotencyKey key, int attempts, Instant notBefore,
            Rendered rendered, long enqueuedMillis) {
        this.seq = seq;
        this.event = event;
        this.link = link;
        this.target = target;
        this.key = key;
        this.attempts = attempts;
        this.notBefore = notBefore;
        this.rendered = rendered;
        this.enqueuedMillis = enqueuedMillis;
    }

    Delivery delivery() {
        return new Delivery(seq, event, link, target, key, attempts + 1);
    }

    LaneKey laneKey() {
        return new LaneKey(link, target);
    }
}
