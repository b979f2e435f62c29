package dev.passerelle.connector.dma.provider;

import dev.passerelle.core.spi.GatewayException;

/** A room we were asked to create is hosted already: the admin API answers 409 Conflict. */
public final class RoomExists extends GatewayException {
    private static final long serialVersionUID = 1L;

    public RoomExists(String roomUri) {
        super(Reason.INVALID, "the room " + roomUri + " exists already");
    }
}
