package dev.passerelle.deploy;

import dev.passerelle.core.admin.AdminBackend;
import dev.passerelle.core.admin.ConnectorAdmin;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoredDelivery;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The admin API's view of the running gateway: the configured connectors, the store, and the router's dead letters. */
record GatewayAdminBackend(Router router, Store store, Map<String, Connector> connectors) implements AdminBackend {

    @Override
    public Map<String, Health> connectorHealth() {
        Map<String, Health> health = new LinkedHashMap<>();
        connectors.forEach((name, c) -> health.put(name, c.health()));
        return health;
    }

    @Override
    public Future<List<StoredDelivery>> deadLetters(int offset, int limit) {
        return router.deadLetters(offset, limit);
    }

    @Override
    public Future<Boolean> retryDeadLetter(long seq) {
        return router.retryDeadLetter(seq);
    }

    @Override
    public Future<Boolean> discardDeadLetter(long seq) {
        return router.discardDeadLetter(seq);
    }

    @Override
    public void linked(dev.passerelle.core.store.Link link) {
        tell(connectors.values(), link);
    }

    /** Tells each of {@code connectors} whose network has a room in {@code link} that it was just made. */
    static void tell(java.util.Collection<Connector> connectors, dev.passerelle.core.store.Link link) {
        for (Connector c : connectors) {
            if (link.rooms().stream().anyMatch(room -> room.network() == c.network())) {
                c.linked(link);
            }
        }
    }

    /** Connectors with admin operations of their own implement {@link ConnectorAdmin}. */
    @Override
    public Optional<ConnectorAdmin> connectorAdmin(String name) {
        Connector c = connectors.get(name);
        return c instanceof ConnectorAdmin admin ? Optional.of(admin) : Optional.empty();
    }
}
