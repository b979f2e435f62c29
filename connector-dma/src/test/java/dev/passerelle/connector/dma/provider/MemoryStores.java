package dev.passerelle.connector.dma.provider;

import dev.passerelle.core.store.ConnectorStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The two stores the provider is tested with: a plain in-memory one, and the core's connector state store. */
final class MemoryStores {

    private MemoryStores() {
    }

    /** A ProviderStore over a map. */
    static ProviderStore memory() {
        Map<String, byte[]> map = new ConcurrentHashMap<>();
        Map<String, Instant> written = new ConcurrentHashMap<>();
        return new ProviderStore() {
            @Override
            public Optional<byte[]> get(String key) {
                return Optional.ofNullable(map.get(key)).map(byte[]::clone);
            }

            @Override
            public void put(String key, byte[] value) {
                map.put(key, value.clone());
                written.put(key, Instant.now());
            }

            @Override
            public void delete(String key) {
                map.remove(key);
                written.remove(key);
            }

            @Override
            public int deleteWrittenBefore(String keyPrefix, Instant before) {
                List<String> old = written.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(keyPrefix) && e.getValue().isBefore(before))
                        .map(Map.Entry::getKey).toList();
                old.forEach(this::delete);
                return old.size();
            }
        };
    }

    /** A ProviderStore through {@link ProviderStore#of} over a connector state store kept in a map. */
    static ProviderStore connectorState() {
        Map<String, byte[]> map = new ConcurrentHashMap<>();
        Map<String, Instant> written = new ConcurrentHashMap<>();
        ConnectorStateStore store = new ConnectorStateStore() {
            @Override
            public Optional<byte[]> get(String connector, String key) {
                return Optional.ofNullable(map.get(connector + "\u0000" + key)).map(byte[]::clone);
            }

            @Override
            public void put(String connector, String key, byte[] value) {
                map.put(connector + "\u0000" + key, value.clone());
                written.put(connector + "\u0000" + key, Instant.now());
            }

            @Override
            public void delete(String connector, String key) {
                map.remove(connector + "\u0000" + key);
                written.remove(connector + "\u0000" + key);
            }

            @Override
            public int deleteWrittenBefore(String connector, String keyPrefix, Instant before) {
                String prefix = connector + "\u0000" + keyPrefix;
                List<String> old = written.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(prefix) && e.getValue().isBefore(before))
                        .map(Map.Entry::getKey).toList();
                old.forEach(k -> {
                    map.remove(k);
                    written.remove(k);
                });
                return old.size();
            }
        };
        return ProviderStore.of(store, "dma");
    }

    /** Both kinds, for parameterised tests. */
    static java.util.stream.Stream<ProviderStore> both() {
        return java.util.stream.Stream.of(memory(), connectorState());
    }
}
