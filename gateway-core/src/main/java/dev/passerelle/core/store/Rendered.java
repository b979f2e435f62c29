package dev.passerelle.core.store;

import java.util.Arrays;
import java.util.List;

/**
 * A delivery rendered into the target network's native bytes. Stored before the first send, so that a
 * retry, also after a restart, resends exactly these bytes. {@code stateWrites} is the connector state
 * the rendering consumed (e.g. an MLS sender ratchet generation); the journal stores it in the same
 * transaction as the bytes, so a retry never renders twice from the same state.
 */
public record Rendered(byte[] payload, List<StateWrite> stateWrites) {

    public Rendered {
        if (payload == null) {
            throw new IllegalArgumentException("payload must not be null");
        }
        if (stateWrites == null) {
            throw new IllegalArgumentException("state writes must not be null (use an empty list)");
        }
        payload = payload.clone();
        // copyOf also rejects null entries.
        stateWrites = List.copyOf(stateWrites);
    }

    /** Bytes whose rendering consumed no connector state. */
    public Rendered(byte[] payload) {
        this(payload, List.of());
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rendered r && Arrays.equals(payload, r.payload) && stateWrites.equals(r.stateWrites);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(payload) + stateWrites.hashCode();
    }

    @Override
    public String toString() {
        return "Rendered[" + payload.length + " bytes, " + stateWrites.size() + " state writes]";
    }
}
