package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** The sender has read the conversation up to and including {@code upTo}. */
public record ReadMarker(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        EventId upTo) implements Event {
    public ReadMarker {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(upTo, "upTo");
    }
}
