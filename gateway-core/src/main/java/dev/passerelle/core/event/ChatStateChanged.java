package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** Typing notifications and other chat states (XEP-0085 vocabulary). */
public record ChatStateChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        State state) implements Event {

    /** The chat states every network can approximate. */
    public enum State { ACTIVE, COMPOSING, PAUSED, INACTIVE, GONE }

    public ChatStateChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(state, "state");
    }
}
