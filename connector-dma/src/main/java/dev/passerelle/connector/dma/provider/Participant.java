package dev.passerelle.connector.dma.provider;

import java.util.Objects;

/**
 * One entry of a room's participant list (protocol-06 section 7.5, UserRolePair): a user URI and its role index in
 * the room policy. Role 0 is reserved by the room policy draft for users not in the list.
 */
public record Participant(String user, long roleIndex) {

    /** Checks the user is a MIMI URI with a domain and the role is a non-zero uint32. */
    public Participant {
        Objects.requireNonNull(user, "user");
        MimiUris.domainOf(user);
        if (roleIndex <= 0 || roleIndex > 0xffff_ffffL) {
            throw new IllegalArgumentException("role index must be a non-zero uint32, got " + roleIndex);
        }
    }

    /** The provider domain of the user. */
    public String domain() {
        return MimiUris.domainOf(user);
    }
}
