package dev.passerelle.connector.xmpp.identity;

import java.util.Locale;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;

/**
 * A ghost's presence as the remote network reported it: available or not, the show value and status text, and
 * the XEP-0153 avatar hash (empty = the ghost has no avatar).
 */
public record PresenceInfo(boolean available, Presence.Mode show, Optional<String> status, Optional<String> avatarHash) {

    /** Status texts longer than this are cut: presence goes to every subscriber and should stay small. */
    public static final int MAX_STATUS_LENGTH = 1024;

    public PresenceInfo {
        if (show == null) {
            throw new IllegalArgumentException("show must not be null (Presence.Mode.available for plain online)");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must not be null (use Optional.empty())");
        }
        status = status.filter(s -> !s.isBlank())
                .map(s -> s.length() > MAX_STATUS_LENGTH ? s.substring(0, MAX_STATUS_LENGTH) : s);
        avatarHash = requireHash(avatarHash);
    }

    /** Online, no status text. */
    public static PresenceInfo online(Optional<String> avatarHash) {
        return new PresenceInfo(true, Presence.Mode.available, Optional.empty(), avatarHash);
    }

    /** Offline. */
    public static PresenceInfo offline() {
        return new PresenceInfo(false, Presence.Mode.available, Optional.empty(), Optional.empty());
    }

    static Optional<String> requireHash(Optional<String> hash) {
        if (hash == null) {
            throw new IllegalArgumentException("avatarHash must not be null (use Optional.empty())");
        }
        return hash.map(h -> {
            String lower = h.toLowerCase(Locale.ROOT);
            if (!lower.matches("[0-9a-f]{40}")) {
                throw new IllegalArgumentException("avatarHash must be a SHA-1 hash in hex (40 digits), was " + h);
            }
            return lower;
        });
    }
}
