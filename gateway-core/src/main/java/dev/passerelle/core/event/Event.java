package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/**
 * A canonical event: what happened on one network, in a form every connector can render. Immutable;
 * the sealed family is the whole vocabulary of the gateway.
 */
public sealed interface Event permits MessageSent, MessageEdited, MessageRetracted, ReactionAdded, ReactionRemoved,
        ChatStateChanged, ReadMarker, PresenceChanged, MembershipChanged, RoleChanged, ProfileChanged,
        RoomMetadataChanged {

    /** The gateway's id for this event. */
    EventId id();

    /** The network it came from and the id it had there. */
    Origin origin();

    /** Who caused it, as an address on the origin network. */
    Address sender();

    /** The room or one-to-one conversation it belongs to, as an address on the origin network. */
    Address conversation();

    /** When the origin network says it happened. */
    Instant timestamp();
}
