package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** A reaction (usually one emoji) to a message. */
public record ReactionAdded(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        EventId target, String key) implements Event {
    public ReactionAdded {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(target, "target");
        Events.requireText(key, "key");
    }
}
