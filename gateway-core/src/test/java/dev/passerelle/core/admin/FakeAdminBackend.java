package dev.passerelle.core.admin;

import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.InMemoryStore;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoredDelivery;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The admin API's view of a gateway for tests: connector health a test sets, an in-memory store, and
 * dead-letter operations that act on the store's journal the way the router does, recording each call.
 */
final class FakeAdminBackend implements AdminBackend {

    final InMemoryStore store;
    final Map<String, Health> health = new ConcurrentHashMap<>();
    final List<Long> retried = new CopyOnWriteArrayList<>();
    final List<Long> discarded = new CopyOnWriteArrayList<>();
    /** Links the API told the connectors about. */
    final List<dev.passerelle.core.store.Link> linked = new CopyOnWriteArrayList<>();
    /** Connectors' own admin operations, by connector name. */
    final Map<String, ConnectorAdmin> admins = new ConcurrentHashMap<>();
    /** When set, the dead-letter operations fail with it (a router that broke). */
    volatile RuntimeException failure;
    private final Clock clock;

    FakeAdminBackend(InMemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void linked(dev.passerelle.core.store.Link link) {
        linked.add(link);
    }

    @Override
    public Map<String, Health> connectorHealth() {
        return Map.copyOf(health);
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public Future<List<StoredDelivery>> deadLetters(int offset, int limit) {
        if (failure != null) {
            return Future.failedFuture(failure);
        }
        return Future.succeededFuture(store.journal().deadLetters(offset, limit));
    }

    @Override
    public Future<Boolean> retryDeadLetter(long seq) {
        retried.add(seq);
        return Future.succeededFuture(store.journal().revive(seq, clock.instant()));
    }

    @Override
    public Future<Boolean> discardDeadLetter(long seq) {
        discarded.add(seq);
        return Future.succeededFuture(store.journal().discard(seq));
    }

    @Override
    public java.util.Optional<ConnectorAdmin> connectorAdmin(String name) {
        return java.util.Optional.ofNullable(admins.get(name));
    }
}
