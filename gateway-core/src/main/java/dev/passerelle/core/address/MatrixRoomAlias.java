package dev.passerelle.core.address;

/**
 * A Matrix room alias {@code #localpart:server}; printed as {@code matrix:r/localpart:server}. The localpart
 * is any Unicode text without ':' or NUL, compared exactly.
 */
public record MatrixRoomAlias(String localpart, String serverName) implements Address {

    public MatrixRoomAlias {
        MatrixGrammar.aliasLocalpart(localpart);
        MatrixGrammar.serverName(serverName);
        MatrixGrammar.checkTotal("#" + localpart + ":" + serverName, "room alias");
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
        return MatrixUri.print("r", localpart, serverName);
    }

    /** The sigil form, {@code #localpart:server}. */
    @Override
    public String toString() {
        return "#" + localpart + ":" + serverName;
    }
}
