package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import java.util.List;
import java.util.Optional;

/** Ghosts Passerelle has registered. All methods block on the database: call them from a worker thread. */
public interface GhostStore {

    /** Inserts or updates (display name, avatar) the ghost for {@code ghost.real()} on the ghost's network. */
    void save(Ghost ghost);

    /** The ghost of a real user on the given network. */
    Optional<Ghost> find(Address real, Network on);

    /** The ghost with this ghost address. */
    Optional<Ghost> findByGhost(Address ghost);

    /** A page of ghosts ordered by creation. */
    List<Ghost> list(int offset, int limit);

    long count();
}
