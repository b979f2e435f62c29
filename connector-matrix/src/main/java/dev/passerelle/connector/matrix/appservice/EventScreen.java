package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks out of a transaction the events the gateway can act on; every other one is skipped and counted in
 * {@code passerelle.matrix.events.ignored{reason}}, never failing the transaction (the homeserver would
 * resend it forever). Reasons: {@code not-an-object}, {@code no-type}, {@code no-event-id},
 * {@code no-room-id}, {@code unknown-type}.
 */
final class EventScreen {

    /**
     * Room event types the connector translates or needs for its own state (membership, room metadata,
     * encryption). Anything else (call signalling, widgets, custom types) is of no use on other networks.
     */
    static final Set<String> ROOM_TYPES = Set.of(
            "m.room.message", "m.sticker", "m.reaction", "m.room.redaction", "m.room.member", "m.room.name",
            "m.room.topic", "m.room.avatar", "m.room.canonical_alias", "m.room.create", "m.room.power_levels",
            "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access", "m.room.encryption",
            "m.room.encrypted", "m.room.tombstone", "m.room.pinned_events");

    /** The ephemeral types of the spec's transaction body; the first two are room-scoped. */
    static final Set<String> EPHEMERAL_TYPES = Set.of("m.typing", "m.receipt", "m.presence");

    private static final Set<String> ROOM_SCOPED_EPHEMERAL = Set.of("m.typing", "m.receipt");

    private final MeterRegistry metrics;

    EventScreen(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** The room events with a known type and an event id. */
    List<ObjectNode> roomEvents(JsonNode events) {
        List<ObjectNode> kept = new ArrayList<>();
        for (JsonNode event : events) {
            String reason = roomEventProblem(event);
            if (reason == null) {
                kept.add((ObjectNode) event);
            } else {
                ignored(reason);
            }
        }
        return kept;
    }

    /** The ephemeral events with a known type, and a room id where the type needs one. */
    List<ObjectNode> ephemeralEvents(JsonNode events) {
        List<ObjectNode> kept = new ArrayList<>();
        for (JsonNode event : events) {
            String reason = ephemeralProblem(event);
            if (reason == null) {
                kept.add((ObjectNode) event);
            } else {
                ignored(reason);
            }
        }
        return kept;
    }

    private static String roomEventProblem(JsonNode event) {
        if (!event.isObject()) {
            return "not-an-object";
        }
        if (!isText(event.get("type"))) {
            return "no-type";
        }
        if (!isText(event.get("event_id"))) {
            return "no-event-id";
        }
        if (!isText(event.get("room_id"))) {
            return "no-room-id";
        }
        return ROOM_TYPES.contains(event.get("type").textValue()) ? null : "unknown-type";
    }

    private static String ephemeralProblem(JsonNode event) {
        if (!event.isObject()) {
            return "not-an-object";
        }
        if (!isText(event.get("type"))) {
            return "no-type";
        }
        String type = event.get("type").textValue();
        if (!EPHEMERAL_TYPES.contains(type)) {
            return "unknown-type";
        }
        if (ROOM_SCOPED_EPHEMERAL.contains(type) && !isText(event.get("room_id"))) {
            return "no-room-id";
        }
        return null;
    }

    private static boolean isText(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty();
    }

    private void ignored(String reason) {
        metrics.counter("passerelle.matrix.events.ignored", "reason", reason).increment();
    }
}
