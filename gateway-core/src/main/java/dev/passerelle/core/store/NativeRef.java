package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.NativeId;

/** One place a canonical event exists natively: the room it is in and the id it has there. */
public record NativeRef(Network network, Address room, NativeId nativeId) {
    public NativeRef {
        if (network == null || room == null || nativeId == null) {
            throw new IllegalArgumentException("native ref needs a network, a room and an id");
        }
        if (room.network() != network) {
            throw new IllegalArgumentException("room " + room.toUri() + " is not on " + network.id());
        }
    }
}
