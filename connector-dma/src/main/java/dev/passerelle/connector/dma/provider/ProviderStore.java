package dev.passerelle.connector.dma.provider;

import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.StateChange;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the provider keeps its state: keys to bytes, each put atomic on its own. Blocking: called on worker threads
 * only. The provider's records are written so that a single put is the commit point of each change (see
 * {@link Hub}), so no multi-key transaction is needed; {@link #apply} writes several keys in one commit where the
 * store can, which costs less than a commit each.
 */
public interface ProviderStore {

    /** The value under {@code key}. */
    Optional<byte[]> get(String key);

    /** Sets {@code key} to {@code value}, atomically. */
    void put(String key, byte[] value);

    /** Removes {@code key}; nothing happens if it is absent. */
    void delete(String key);

    /**
     * Applies {@code changes} in their order, all of them or none where the store has transactions (the core's
     * connector state store does): one commit for several keys. The default applies them one at a time.
     */
    default void apply(List<StateChange> changes) {
        for (StateChange change : changes) {
            change.value().ifPresentOrElse(v -> put(change.key(), v), () -> delete(change.key()));
        }
    }

    /** Removes the keys starting with {@code keyPrefix} last written before {@code before}; returns how many. */
    int deleteWrittenBefore(String keyPrefix, Instant before);

    /** The provider's state kept in the core's connector state store under {@code connector}. */
    static ProviderStore of(ConnectorStateStore store, String connector) {
        if (store == null || connector == null || connector.isEmpty()) {
            throw new IllegalArgumentException("a connector state store and a connector name are required");
        }
        return new ProviderStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return store.get(connector, key);
            }

            @Override
            public void put(String key, byte[] value) {
                store.put(connector, key, value);
            }

            @Override
            public void delete(String key) {
                store.delete(connector, key);
            }

            @Override
            public void apply(List<StateChange> changes) {
                store.apply(connector, changes);
            }

            @Override
            public int deleteWrittenBefore(String keyPrefix, Instant before) {
                return store.deleteWrittenBefore(connector, keyPrefix, before);
            }

            @Override
            public String toString() {
                return "ProviderStore[" + connector + "]";
            }
        };
    }
}
