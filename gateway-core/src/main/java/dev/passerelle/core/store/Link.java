package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A bridged conversation: two or more rooms on different networks whose events are relayed to each
 * other. A room belongs to at most one link.
 */
public record Link(LinkId id, Kind kind, Set<Address> rooms, Instant created) {

    /** How the link came to be. */
    public enum Kind {
        /** A room created on demand on one network to stand for a room on another. */
        PORTAL,
        /** Existing rooms joined by an operator's command. */
        PLUMBED
    }

    public Link {
        if (id == null || kind == null || created == null) {
            throw new IllegalArgumentException("link needs an id, a kind and a creation time");
        }
        rooms = Set.copyOf(rooms);
        if (rooms.size() < 2) {
            throw new IllegalArgumentException("a link joins at least two rooms, got " + rooms.size());
        }
        long networks = rooms.stream().map(Address::network).distinct().count();
        if (networks != rooms.size()) {
            throw new IllegalArgumentException("a link joins at most one room per network: " + rooms);
        }
    }

    /** The linked room on the given network, if there is one. */
    public Optional<Address> roomOn(Network network) {
        return rooms.stream().filter(r -> r.network() == network).findFirst();
    }
}
