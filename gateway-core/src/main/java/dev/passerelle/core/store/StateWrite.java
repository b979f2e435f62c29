package dev.passerelle.core.store;

import java.util.Arrays;

/**
 * A connector-state entry that must become durable together with a rendered payload: written to the
 * same (connector, key) row as {@link ConnectorStateStore#put}, in the transaction that stores the bytes.
 */
public record StateWrite(String connector, String key, byte[] value) {

    /** The longest connector name the state table holds. */
    public static final int MAX_CONNECTOR_LENGTH = 64;

    public StateWrite {
        if (connector == null || connector.isEmpty() || connector.length() > MAX_CONNECTOR_LENGTH) {
            throw new IllegalArgumentException("connector name must be 1 to " + MAX_CONNECTOR_LENGTH
                    + " characters, got " + connector);
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("state key must not be empty");
        }
        if (value == null) {
            throw new IllegalArgumentException("state value of " + connector + "/" + key + " must not be null");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateWrite w && connector.equals(w.connector) && key.equals(w.key)
                && Arrays.equals(value, w.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * connector.hashCode() + key.hashCode()) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StateWrite[" + connector + "/" + key + ", " + value.length + " bytes]";
    }
}
