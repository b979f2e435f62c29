package dev.passerelle.core.ghost;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import java.util.Optional;

/** Ghost and portal addresses across networks. STUB: the ghost naming work completes it. */
public final class GhostNaming {
    private final GhostSpaces spaces;

    public GhostNaming(GhostSpaces spaces) {
        this.spaces = spaces;
    }

    public GhostSpaces spaces() {
        return spaces;
    }

    /** The address on {@code target} that stands for {@code real} (a user or a room of another network). */
    public Address ghostFor(Address real, Network target) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The real address a ghost or portal address stands for, if it is one of ours. */
    public Optional<Address> realFor(Address ghost) {
        return Optional.empty();
    }

    /** True if the address is one of the gateway's own ghosts or portals. */
    public boolean isGhost(Address address) {
        return realFor(address).isPresent();
    }
}
