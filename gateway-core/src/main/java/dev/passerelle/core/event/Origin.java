package dev.passerelle.core.event;

import dev.passerelle.core.address.Network;

/** Where an event came from: its network and the id that network gave it. */
public record Origin(Network network, NativeId nativeId) {

    public Origin {
        if (network == null || nativeId == null) {
            throw new IllegalArgumentException("origin needs a network and a native id");
        }
    }
}
