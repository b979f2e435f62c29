package dev.passerelle.connector.matrix.appservice;

import dev.passerelle.core.address.MatrixUserId;
import java.util.Map;
import java.util.Objects;

/** A third-party user (an XMPP or MIMI user) and the ghost standing for them on Matrix. */
public record ThirdPartyUser(MatrixUserId userid, String protocol, Map<String, String> fields) {

    public ThirdPartyUser {
        Objects.requireNonNull(userid, "userid");
        ThirdPartyProtocol.requireId(protocol);
        fields = Map.copyOf(Objects.requireNonNull(fields, "fields"));
    }
}
