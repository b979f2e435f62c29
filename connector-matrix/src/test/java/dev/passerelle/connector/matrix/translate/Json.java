package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test JSON written with single quotes for readability. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode obj(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
        }
    }

    /** A room event as a homeserver pushes it, with {@code content} given as JSON (single quotes). */
    static ObjectNode roomEvent(String type, String eventId, String content) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("type", type);
        e.put("event_id", eventId);
        e.put("sender", "@alice:example.org");
        e.put("room_id", "!room:example.org");
        e.put("origin_server_ts", 1_700_000_000_000L);
        e.set("content", obj(content));
        e.putObject("unsigned").put("age", 12);
        return e;
    }

    static ObjectNode stateEvent(String type, String eventId, String stateKey, String content) {
        ObjectNode e = roomEvent(type, eventId, content);
        e.put("state_key", stateKey);
        return e;
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
