package dev.passerelle.core.address;

/** A Matrix room alias {@code #localpart:server}; printed as {@code matrix:r/localpart:server}. */
public record MatrixRoomAlias(String localpart, String serverName) implements Address {

    public MatrixRoomAlias {
        MatrixGrammar.checkAlias(localpart, serverName);
    }

    /** Parses the sigil form {@code #localpart:server}. */
    public static MatrixRoomAlias parse(String text) {
        return MatrixGrammar.parseAlias(text);
    }

    @Override
    public Network network() {
        return Network.MATRIX;
    }

    @Override
    public String toUri() {
        return "matrix:r/" + MatrixGrammar.uriEncode(localpart + ":" + serverName);
    }

    /** The sigil form, {@code #localpart:server}. */
    @Override
    public String toString() {
        return "#" + localpart + ":" + serverName;
    }
}
