package dev.passerelle.connector.xmpp.identity;

import java.util.Optional;

/** A ghost's public profile: its display name and the XEP-0153 hash (SHA-1, hex) of its avatar, if it has one. */
public record GhostProfile(String displayName, Optional<String> avatarHash) {

    public GhostProfile {
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be blank");
        }
        avatarHash = PresenceInfo.requireHash(avatarHash);
    }
}
