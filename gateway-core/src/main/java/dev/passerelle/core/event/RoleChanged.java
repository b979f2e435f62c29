package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/**
 * {@code member}'s role in the room {@code conversation} is now {@code role}; {@code sender} is who changed it.
 * Connectors emit one per member whose role changed, never one for a room-wide default.
 */
public record RoleChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        Address member, Role role) implements Event {

    public RoleChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(member, "member");
        Events.require(role, "role");
    }
}
