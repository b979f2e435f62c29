package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot of a room on the stub homeserver: its alias (or null), who is joined, invited or banned, and its
 * current state keyed by {@link #stateKey(String, String)}.
 */
public record StoredRoom(String roomId, String alias, String creator, Set<String> members, Set<String> invited,
                         Set<String> banned, Map<String, JsonNode> state) {

    public StoredRoom {
        members = Set.copyOf(members);
        invited = Set.copyOf(invited);
        banned = Set.copyOf(banned);
        state = Map.copyOf(state);
    }

    /** The key of {@link #state()} for an event type and state key. */
    public static String stateKey(String type, String stateKey) {
        return type + "|" + stateKey;
    }

    /** The current content of a state event, if set. */
    public Optional<JsonNode> state(String type, String stateKey) {
        return Optional.ofNullable(state.get(stateKey(type, stateKey))).map(JsonNode::deepCopy);
    }
}
