package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** A user's display name or avatar changed; an empty field means unchanged, not cleared. */
public record ProfileChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        Optional<String> displayName, Optional<URI> avatar) implements Event {
    public ProfileChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(displayName, "displayName");
        Events.require(avatar, "avatar");
    }
}
