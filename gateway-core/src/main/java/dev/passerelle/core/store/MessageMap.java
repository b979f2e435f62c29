package dev.passerelle.core.store;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import java.util.List;
import java.util.Optional;

/**
 * Canonical event id to native ids on every network, with a unique native id per network. Edits,
 * replies, reactions and retractions find their targets here, also after a restart. Blocking.
 */
public interface MessageMap {

    /**
     * Records that {@code event} exists as {@code ref}. Recording the same pair twice is a no-op; a native
     * id already mapped to another event fails with {@link StoreException.Conflict}.
     */
    void put(EventId event, NativeRef ref);

    /** The canonical event a native id belongs to. */
    Optional<EventId> find(Network network, NativeId nativeId);

    /** Every native form of the event. */
    List<NativeRef> refs(EventId event);

    /** The native form of the event on one network. */
    default Optional<NativeRef> ref(EventId event, Network network) {
        return refs(event).stream().filter(r -> r.network() == network).findFirst();
    }
}
