package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds client events shaped as the Client-Server API's {@code ClientEvent} (event_id, room_id, sender, type,
 * content, origin_server_ts, state_key for state events, unsigned), as a homeserver pushes them in transactions.
 */
public final class ClientEvents {

    private ClientEvents() {
    }

    /** A message event with a fresh event id, the current time and {@code unsigned.age} 0. */
    public static ObjectNode event(String roomId, String sender, String type, JsonNode content) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("event_id", "$" + HomeserverState.random(43));
        event.put("room_id", roomId);
        event.put("sender", sender);
        event.put("type", type);
        event.set("content", content.deepCopy());
        event.put("origin_server_ts", System.currentTimeMillis());
        event.putObject("unsigned").put("age", 0);
        return event;
    }

    /** A state event: {@link #event} with a state key. */
    public static ObjectNode state(String roomId, String sender, String type, String stateKey, JsonNode content) {
        ObjectNode event = event(roomId, sender, type, content);
        event.put("state_key", stateKey);
        return event;
    }

    /** An {@code m.room.message} with {@code msgtype} {@code m.text}. */
    public static ObjectNode text(String roomId, String sender, String body) {
        return event(roomId, sender, "m.room.message",
                JsonNodeFactory.instance.objectNode().put("msgtype", "m.text").put("body", body));
    }

    /** An {@code m.room.member} event of {@code sender} about {@code target}. */
    public static ObjectNode member(String roomId, String sender, String target, String membership) {
        return state(roomId, sender, "m.room.member", target,
                JsonNodeFactory.instance.objectNode().put("membership", membership));
    }

    /** An ephemeral {@code m.typing} event for a room, as in a transaction's {@code ephemeral} list. */
    public static ObjectNode typing(String roomId, String... userIds) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", "m.typing");
        event.put("room_id", roomId);
        var ids = event.putObject("content").putArray("user_ids");
        for (String userId : userIds) {
            ids.add(userId);
        }
        return event;
    }

    /** A stored event as the client event a homeserver would serve or push. */
    public static ObjectNode toJson(StoredEvent stored) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("event_id", stored.eventId());
        event.put("room_id", stored.roomId());
        event.put("sender", stored.sender());
        event.put("type", stored.type());
        if (stored.stateKey() != null) {
            event.put("state_key", stored.stateKey());
        }
        event.set("content", stored.content());
        event.put("origin_server_ts", stored.originServerTs());
        ObjectNode unsigned = event.putObject("unsigned");
        if (stored.txnId() != null) {
            unsigned.put("transaction_id", stored.txnId());
        }
        return event;
    }
}
