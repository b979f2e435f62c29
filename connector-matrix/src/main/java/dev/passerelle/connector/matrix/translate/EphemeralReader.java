package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.PresenceChanged.Availability;
import dev.passerelle.core.event.ReadMarker;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/** Reads ephemeral events (typing, receipts, presence), which have no event id and no timestamp of their own. */
final class EphemeralReader {
    private final EventRefs refs;
    private final Clock clock;
    private final Supplier<EventId> ids;

    EphemeralReader(EventRefs refs, Clock clock, Supplier<EventId> ids) {
        this.refs = refs;
        this.clock = clock;
        this.ids = ids;
    }

    TypingUpdate typing(Fields event, Set<MatrixUserId> before) {
        MatrixRoomId room = Header.room(event.string("room_id"), "room_id");
        Fields content = event.object("content");
        JsonNode list = content.raw("user_ids");
        if (list == null || !list.isArray()) {
            throw new Malformed(content.path("user_ids"), "missing (must be an array of user ids)");
        }
        Set<MatrixUserId> now = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode u = list.get(i);
            String path = content.path("user_ids") + "[" + i + "]";
            if (!u.isTextual()) {
                throw new Malformed(path, "must be a string");
            }
            now.add(Header.user(u.asText(), path));
        }
        Instant at = clock.instant();
        List<Event> out = new ArrayList<>();
        for (MatrixUserId u : now) {
            if (!before.contains(u)) {
                out.add(chatState(room, u, at, ChatStateChanged.State.COMPOSING));
            }
        }
        for (MatrixUserId u : before) {
            if (!now.contains(u)) {
                out.add(chatState(room, u, at, ChatStateChanged.State.PAUSED));
            }
        }
        InboundResult result = out.isEmpty()
                ? new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content.user_ids", "no typing change")
                : new InboundResult.Translated(out);
        return new TypingUpdate(now, result);
    }

    private ChatStateChanged chatState(MatrixRoomId room, MatrixUserId user, Instant at,
            ChatStateChanged.State state) {
        return new ChatStateChanged(ids.get(), synthetic("m.typing", room.toString(), user, at), user, room, at,
                state);
    }

    InboundResult receipt(Fields event) {
        MatrixRoomId room = Header.room(event.string("room_id"), "room_id");
        Fields content = event.object("content");
        List<Event> out = new ArrayList<>();
        boolean unknownTarget = false;
        Iterator<Map.Entry<String, JsonNode>> byEvent = content.node().fields();
        while (byEvent.hasNext()) {
            String eventId = byEvent.next().getKey();
            Fields receipts = content.object(eventId);
            // Private receipts are for the user's own devices; only public m.read is worth forwarding.
            Optional<Fields> read = receipts.optionalObject("m.read");
            if (read.isEmpty()) {
                continue;
            }
            Optional<EventId> upTo = refs.canonical(eventId);
            if (upTo.isEmpty()) {
                unknownTarget = true;
                continue;
            }
            Iterator<String> users = read.get().node().fieldNames();
            while (users.hasNext()) {
                String userText = users.next();
                MatrixUserId user = Header.user(userText, read.get().path(userText));
                Fields receipt = read.get().object(userText);
                OptionalLong ts = receipt.optionalInteger("ts");
                Instant at = ts.isPresent() ? Instant.ofEpochMilli(ts.getAsLong()) : clock.instant();
                out.add(new ReadMarker(ids.get(), synthetic("m.receipt", eventId, user, at), user, room, at,
                        upTo.get()));
            }
        }
        if (!out.isEmpty()) {
            return new InboundResult.Translated(out);
        }
        if (unknownTarget) {
            return new InboundResult.Ignored(InboundResult.Reason.TARGET_UNKNOWN, "content",
                    "no receipt is for an event in the message map");
        }
        return new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "content", "no public read receipt");
    }

    InboundResult presence(Fields event) {
        MatrixUserId user = Header.user(event.string("sender"), "sender");
        Fields content = event.object("content");
        String presence = content.string("presence");
        Availability availability;
        switch (presence) {
            case "online":
                availability = Availability.ONLINE;
                break;
            case "unavailable":
                availability = Availability.AWAY;
                break;
            case "offline":
                availability = Availability.OFFLINE;
                break;
            default:
                throw new Malformed(content.path("presence"), "unknown presence " + presence);
        }
        Optional<String> status = content.optionalString("status_msg");
        Instant at = clock.instant();
        return InboundResult.Translated.of(new PresenceChanged(ids.get(),
                synthetic("m.presence", user.toString(), user, at), user, user, at, availability, status));
    }

    private static Origin synthetic(String type, String scope, MatrixUserId user, Instant at) {
        return Header.origin("~" + type + "/" + scope + "/" + user + "/" + at.toEpochMilli());
    }
}
