package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** A reaction withdrawn; {@code reaction} is the event that added it. */
public record ReactionRemoved(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        EventId target, EventId reaction, String key) implements Event {
    public ReactionRemoved {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(target, "target");
        Events.require(reaction, "reaction");
        Events.requireText(key, "key");
    }
}
