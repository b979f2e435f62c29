package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** An event the stub homeserver stored; {@code stateKey} is null for message events, {@code txnId} for state. */
public record StoredEvent(String eventId, String roomId, String sender, String type, String stateKey,
                          JsonNode content, String txnId, long originServerTs) {

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        content = content.deepCopy();
    }

    /** Whether this is a state event. */
    public boolean isState() {
        return stateKey != null;
    }

    @Override
    public JsonNode content() {
        return content.deepCopy();
    }
}
