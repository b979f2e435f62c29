package dev.passerelle.connector.matrix.appservice;

import dev.passerelle.core.address.MatrixRoomAlias;
import java.util.Map;
import java.util.Objects;

/** A third-party location (an XMPP room, a MIMI room) and the portal alias leading to it. */
public record ThirdPartyLocation(MatrixRoomAlias alias, String protocol, Map<String, String> fields) {

    public ThirdPartyLocation {
        Objects.requireNonNull(alias, "alias");
        ThirdPartyProtocol.requireId(protocol);
        fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
    }
}
