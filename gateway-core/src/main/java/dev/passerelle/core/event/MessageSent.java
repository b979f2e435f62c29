package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** A new message. */
public record MessageSent(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        MessageContent content) implements Event {
    public MessageSent {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(content, "content");
    }
}
