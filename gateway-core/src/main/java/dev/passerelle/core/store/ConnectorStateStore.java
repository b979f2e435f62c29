package dev.passerelle.core.store;

import java.util.Optional;

/**
 * A small key/value store per connector (stream positions, tokens, last archive id). Values are bytes
 * so each connector keeps its own format. Blocking.
 */
public interface ConnectorStateStore {

    Optional<byte[]> get(String connector, String key);

    void put(String connector, String key, byte[] value);

    void delete(String connector, String key);
}
