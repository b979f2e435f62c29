package dev.passerelle.core.admin;

import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoredDelivery;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * What the admin API reads and acts on, supplied by whoever wires the gateway (the launcher wraps the
 * router, the store and the configured connectors; tests pass fakes).
 */
public interface AdminBackend {

    /**
     * The current health of every configured connector, by config name. Called on the event loop for
     * each {@code /health} request: must be cheap and must not block.
     */
    Map<String, Health> connectorHealth();

    /** The durable store; the admin API calls it only from worker threads. */
    Store store();

    /** Dead letters, newest first. */
    Future<List<StoredDelivery>> deadLetters(int offset, int limit);

    /** Puts a dead letter back in its queue; false if there is no such dead letter. */
    Future<Boolean> retryDeadLetter(long seq);

    /** Drops a dead letter for good; false if there is no such dead letter. */
    Future<Boolean> discardDeadLetter(long seq);

    /** Tells the connectors of its rooms that {@code link} was just made (see {@code Connector.linked}). */
    default void linked(dev.passerelle.core.store.Link link) {
    }

    /** The admin operations of the connector configured as {@code name}, if it has any. */
    default java.util.Optional<ConnectorAdmin> connectorAdmin(String name) {
        return java.util.Optional.empty();
    }
}
