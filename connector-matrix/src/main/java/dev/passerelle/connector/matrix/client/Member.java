package dev.passerelle.connector.matrix.client;

import java.net.URI;
import java.util.Optional;

/** A joined member of a room as {@code /joined_members} reports it: the room-specific name and avatar. */
public record Member(Optional<String> displayName, Optional<URI> avatarUrl) {

    public Member {
        if (displayName == null || avatarUrl == null) {
            throw new IllegalArgumentException("displayName and avatarUrl must not be null (use Optional.empty())");
        }
    }
}
