package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** A new version of an earlier message; {@code target} is the original message, never a previous edit. */
public record MessageEdited(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        EventId target, MessageContent newContent) implements Event {
    public MessageEdited {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(target, "target");
        Events.require(newContent, "newContent");
    }
}
