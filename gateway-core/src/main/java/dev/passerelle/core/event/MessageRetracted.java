package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;
import java.util.Optional;

/** A message withdrawn by its sender or removed by a moderator. */
public record MessageRetracted(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        EventId target, Optional<String> reason) implements Event {
    public MessageRetracted {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(target, "target");
        Events.require(reason, "reason");
    }
}
