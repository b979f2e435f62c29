package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import java.util.List;
import java.util.Optional;

/** Rooms and links. All methods block on the database: call them from a worker thread. */
public interface LinkStore {

    /**
     * Stores a new link. Fails with {@link StoreException.Conflict} if one of its rooms already belongs
     * to another link.
     */
    void create(Link link);

    Optional<Link> find(LinkId id);

    /** The link a room belongs to. This is on every inbound event's path, so implementations cache it. */
    Optional<Link> findByRoom(Address room);

    List<Link> list();

    /** Deletes a link; returns false if there was none. Pending deliveries of the link stay in the journal. */
    boolean delete(LinkId id);
}
