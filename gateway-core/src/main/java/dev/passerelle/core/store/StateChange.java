package dev.passerelle.core.store;

import java.util.Optional;

/**
 * One change of a connector-state key, for {@link ConnectorStateStore#apply}: a put of a value, or a delete.
 */
public record StateChange(String key, Optional<byte[]> value) {

    public StateChange {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state key must not be empty");
        }
        value = value.map(byte[]::clone);
    }

    /** Sets {@code key} to {@code value}. */
    public static StateChange put(String key, byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("state value of " + key + " must not be null (use delete)");
        }
        return new StateChange(key, Optional.of(value));
    }

    /** Removes {@code key}; nothing happens if it is absent. */
    public static StateChange delete(String key) {
        return new StateChange(key, Optional.empty());
    }

    @Override
    public Optional<byte[]> value() {
        return value.map(byte[]::clone);
    }
}
