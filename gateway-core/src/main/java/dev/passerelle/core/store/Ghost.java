package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * How a user of one network appears on another: {@code real} is the user's own address, {@code ghost}
 * the address Passerelle registered for them on the ghost's network.
 */
public record Ghost(Address real, Address ghost, Optional<String> displayName, Optional<URI> avatar, Instant created) {
    public Ghost {
        if (real == null || ghost == null || created == null) {
            throw new IllegalArgumentException("ghost needs real and ghost addresses and a creation time");
        }
        if (real.network() == ghost.network()) {
            throw new IllegalArgumentException("a ghost lives on another network than its user: " + real.toUri());
        }
    }
}
