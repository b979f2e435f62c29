package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/** A room's name, topic or avatar changed; an empty field means unchanged. */
public record RoomMetadataChanged(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp,
        Optional<String> name, Optional<String> topic, Optional<URI> avatar) implements Event {
    public RoomMetadataChanged {
        Events.requireHeader(id, origin, sender, conversation, timestamp);
        Events.require(name, "name");
        Events.require(topic, "topic");
        Events.require(avatar, "avatar");
    }
}
