package dev.passerelle.core.spi;

import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import java.util.Optional;

/**
 * What a connector can carry natively beyond plain messages. The core checks these: an ephemeral event a
 * target cannot carry is not journalled for it; for the rest the connector renders its documented fallback.
 */
public enum Capability {
    EDITS(false),
    RETRACTIONS(false),
    REACTIONS(false),
    TYPING(true),
    READ_MARKERS(true),
    PRESENCE(true),
    MEMBERSHIP(false),
    PROFILES(false),
    ROOM_METADATA(false);

    private final boolean ephemeral;

    Capability(boolean ephemeral) {
        this.ephemeral = ephemeral;
    }

    /** True when an event of this kind is worthless as a fallback message and is simply not carried. */
    public boolean ephemeral() {
        return ephemeral;
    }

    /** The capability an event needs to be carried natively; empty for plain messages. */
    public static Optional<Capability> neededBy(Event event) {
        // Java 17 has no pattern switch; keep this the one place that maps event kinds to capabilities.
        Capability needed = null;
        if (event instanceof MessageEdited) {
            needed = EDITS;
        } else if (event instanceof MessageRetracted) {
            needed = RETRACTIONS;
        } else if (event instanceof ReactionAdded || event instanceof ReactionRemoved) {
            needed = REACTIONS;
        } else if (event instanceof ChatStateChanged) {
            needed = TYPING;
        } else if (event instanceof ReadMarker) {
            needed = READ_MARKERS;
        } else if (event instanceof PresenceChanged) {
            needed = PRESENCE;
        } else if (event instanceof MembershipChanged || event instanceof RoleChanged) {
            needed = MEMBERSHIP;
        } else if (event instanceof ProfileChanged) {
            needed = PROFILES;
        } else if (event instanceof RoomMetadataChanged) {
            needed = ROOM_METADATA;
        } else if (!(event instanceof MessageSent)) {
            throw new IllegalStateException("unmapped event kind " + event.getClass().getName());
        }
        return Optional.ofNullable(needed);
    }
}
