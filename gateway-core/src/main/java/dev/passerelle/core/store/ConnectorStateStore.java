package dev.passerelle.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A small key/value store per connector (stream positions, tokens, last archive id). Values are bytes
 * so each connector keeps its own format. Blocking.
 */
public interface ConnectorStateStore {

    Optional<byte[]> get(String connector, String key);

    void put(String connector, String key, byte[] value);

    void delete(String connector, String key);

    /**
     * Applies {@code changes} to {@code connector}'s keys in their order, in one transaction where the store has
     * transactions (after a crash, all of them or none): one commit instead of one per key. The default applies them
     * one at a time.
     */
    default void apply(String connector, List<StateChange> changes) {
        for (StateChange change : changes) {
            change.value().ifPresentOrElse(v -> put(connector, change.key(), v),
                    () -> delete(connector, change.key()));
        }
    }

    /**
     * Deletes {@code connector}'s keys that start with {@code keyPrefix} and were last written before
     * {@code before}, in transactions of a bounded size (so that a large first sweep does not hold one open);
     * returns how many went.
     */
    int deleteWrittenBefore(String connector, String keyPrefix, Instant before);
}
