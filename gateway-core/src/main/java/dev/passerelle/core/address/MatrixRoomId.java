package dev.passerelle.core.address;

import java.util.Optional;

/**
 * A Matrix room id, {@code !opaque:server} or, from room version 12 on, {@code !opaque} with no server
 * part. Room ids are case-sensitive and compared exactly.
 */
public record MatrixRoomId(String opaque, Optional<String> serverName) implements Address {

    public MatrixRoomId {
        MatrixGrammar.checkRoomId(opaque, serverName);
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
        return "matrix:roomid/" + MatrixGrammar.uriEncode(toString().substring(1));
    }

    /** The sigil form, {@code !opaque[:server]}. */
    @Override
    public String toString() {
        return "!" + opaque + serverName.map(s -> ":" + s).orElse("");
    }
}
