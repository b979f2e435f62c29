package dev.passerelle.core.store;

import java.util.Arrays;

/**
 * A delivery rendered into the target network's native bytes. Stored before the first send, so that a
 * retry, also after a restart, resends exactly these bytes.
 */
public record Rendered(byte[] payload) {

    public Rendered {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rendered r && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Rendered[" + payload.length + " bytes]";
    }
}
