package dev.passerelle.core.address;

/** A Matrix user id {@code @localpart:server.name}; printed as {@code matrix:u/localpart:server.name}. */
public record MatrixUserId(String localpart, String serverName) implements Address {

    public MatrixUserId {
        MatrixGrammar.checkUser(localpart, serverName);
    }

    /** Parses the sigil form {@code @localpart:server}. */
    public static MatrixUserId parse(String text) {
        return MatrixGrammar.parseUser(text);
    }

    @Override
    public Network network() {
        return Network.MATRIX;
    }

    @Override
    public String toUri() {
        return "matrix:u/" + MatrixGrammar.uriEncode(localpart + ":" + serverName);
    }

    /** The sigil form, {@code @localpart:server}. */
    @Override
    public String toString() {
        return "@" + localpart + ":" + serverName;
    }
}
