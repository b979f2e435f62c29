package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;
import java.util.Optional;

/** A user's availability; {@code conversation} is the user's own address for one-to-one presence. */
public record PresenceChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        Availability availability, Optional<String> status) implements Event {

    /** Availability levels common to XMPP show values and Matrix presence. */
    public enum Availability { ONLINE, AWAY, EXTENDED_AWAY, DO_NOT_DISTURB, OFFLINE }

    public PresenceChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(availability, "availability");
        Events.require(status, "status");
    }
}
