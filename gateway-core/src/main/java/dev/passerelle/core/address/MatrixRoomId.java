package dev.passerelle.core.address;

import java.util.Optional;

/**
 * A Matrix room id, {@code !opaque:server} or, from room version 12 on, {@code !opaque} with no server
 * part. Room ids are case-sensitive and compared exactly; printed as {@code matrix:roomid/opaque[:server]}.
 */
public record MatrixRoomId(String opaque, Optional<String> serverName) implements Address {

    public MatrixRoomId {
        if (serverName == null) {
            throw new AddressException("server name", "must be an Optional, not null");
        }
        MatrixGrammar.opaqueId(opaque);
        serverName.ifPresent(MatrixGrammar::serverName);
        MatrixGrammar.checkTotal("!" + opaque + serverName.map(s -> ":" + s).orElse(""), "room id");
    }

    /** Parses the sigil form {@code !opaque[:server]}. */
    public static MatrixRoomId parse(String text) {
        return MatrixGrammar.parseRoomId(text);
    }

    @Override
    public Network network() {
        return Network.MATRIX;
    }

    @Override
    public String toUri() {
        return MatrixUri.print("roomid", opaque, serverName.orElse(null));
    }

    /** The sigil form, {@code !opaque[:server]}. */
    @Override
    public String toString() {
        return "!" + opaque + serverName.map(s -> ":" + s).orElse("");
    }
}
