package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.FanoutMessage;
import io.vertx.core.Future;

/**
 * What the connector does with a room event for its own users, implemented by the connector. Called on a Vert.x
 * event loop, one event of a room at a time and in the hub's order: must not block (store and MLS work go through
 * {@code executeBlocking}). The returned future completes once the event is durably handled: an application message
 * decrypted and journaled in the core, a commit applied to the saved group state, a Welcome joined (find its
 * KeyPackage with {@link KeyPackages#forWelcome}). A failed future makes the hub retry the same event later (as
 * hub) or the follower answer the hub with an error so that it retries (as follower); a message the connector
 * cannot use (its own, echoed back; one it cannot decrypt) should complete normally rather than block the room.
 */
@FunctionalInterface
public interface LocalDelivery {

    /** Handles one event of {@code roomUri}. */
    Future<Void> deliver(String roomUri, FanoutMessage message);
}
