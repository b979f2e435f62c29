package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import java.time.Instant;

/** The fields every canonical event needs, read from a Matrix room event's envelope. */
record Header(EventId id, Origin origin, MatrixUserId sender, MatrixRoomId room, Instant timestamp) {

    static Header read(Fields event, EventId id) {
        String eventId = event.string("event_id");
        if (!eventId.startsWith("$") || eventId.length() < 2) {
            throw new Malformed("event_id", "must start with $");
        }
        long ts = event.integer("origin_server_ts");
        return new Header(id, origin(eventId), user(event.string("sender"), event.path("sender")),
                room(event.string("room_id"), event.path("room_id")), Instant.ofEpochMilli(ts));
    }

    /** The same header with another native id, for a second canonical event made from one Matrix event. */
    Header derived(EventId otherId, String suffix) {
        return new Header(otherId, origin(origin.nativeId().value() + suffix), sender, room, timestamp);
    }

    static Origin origin(String nativeId) {
        return new Origin(Network.MATRIX, new NativeId(nativeId));
    }

    static MatrixUserId user(String text, String path) {
        try {
            return MatrixUserId.parse(text);
        } catch (AddressException e) {
            throw new Malformed(path, "not a Matrix user id: " + e.getMessage());
        }
    }

    static MatrixRoomId room(String text, String path) {
        try {
            return MatrixRoomId.parse(text);
        } catch (AddressException e) {
            throw new Malformed(path, "not a Matrix room id: " + e.getMessage());
        }
    }
}
