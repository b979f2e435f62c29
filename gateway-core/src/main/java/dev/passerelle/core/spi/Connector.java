package dev.passerelle.core.spi;

import dev.passerelle.core.address.Network;
import io.vertx.core.Future;
import java.util.Set;

/**
 * One network's side of the gateway. Inbound, it translates native traffic into canonical events and
 * hands them to {@link ConnectorContext#events()}; outbound, the router asks it to {@link #render} a
 * delivery once and to {@link #send} the rendered bytes, as often as retries need.
 *
 * <p>Threading: every method is called on a Vert.x event-loop thread and must not block; blocking work
 * (JDBC through the store) goes through {@code vertx.executeBlocking}.
 */
public interface Connector {

    /** The network this connector serves; the router sends it deliveries for rooms on this network. */
    Network network();

    /** What it carries natively beyond plain messages. */
    Set<Capability> capabilities();

    /** Connects; the future completes once the connector can take deliveries (or fails with the reason). */
    Future<Void> start();

    /** Disconnects cleanly; pending deliveries stay in the journal. */
    Future<Void> stop();

    /** Current connection state, for {@code /health}. Cheap; called from any thread. */
    Health health();

    /**
     * A link naming one of this network's rooms was made while the gateway runs: a connector that hears a room
     * only once it has joined it (a plumbed XMPP MUC) joins now, so that what its users say before anyone else
     * speaks is bridged. Nothing to do by default. Must not block.
     */
    default void linked(dev.passerelle.core.store.Link link) {
    }

    /**
     * Turns a delivery into native bytes (ensuring the ghost and room exist first, if needed). Called
     * once per delivery; the router stores the result before the first {@link #send}. A failure with a
     * non-retryable {@link GatewayException} dead-letters the delivery.
     *
     * <p>A connector whose rendering consumes state (MLS: the sender ratchet generation the ciphertext
     * used) does not save that state itself: it returns the new state as the result's
     * {@link dev.passerelle.core.store.Rendered#stateWrites() state writes}, and the journal stores them in
     * the same transaction as the bytes, before the first send. A crash before that transaction loses both,
     * so the next render starts from the old state; after it, retries resend the stored bytes and never
     * render again, so no key and nonce is ever used twice.
     */
    Future<dev.passerelle.core.store.Rendered> render(Delivery delivery);

    /**
     * Sends the rendered bytes with the delivery's idempotency key; completes once the target has
     * confirmed. Must be safe to call again with the same bytes after a failure or a restart.
     */
    Future<SendResult> send(Delivery delivery, dev.passerelle.core.store.Rendered rendered);

    /**
     * How many deliveries to one room the router may have in flight at once: by default one, so the next is sent
     * once the previous is confirmed. A connector that returns more must put the sends of one room on the wire in
     * the order it was called, whatever each waits for first (a seat in the room, say), so that the room shows
     * them in order even when their confirmations overlap. The router still confirms them in order; when one
     * fails, those already in flight finish, and the failed one is retried alone before the rest go on (it may
     * then arrive after those sent with it).
     */
    default int sendWindow() {
        return 1;
    }

    /**
     * Tells the original sender, on this (the origin) network, that their event could not be delivered
     * to {@code failure.target()}: an error stanza, a notice, a message status. Best effort.
     */
    Future<Void> reportFailure(DeliveryFailure failure);
}
