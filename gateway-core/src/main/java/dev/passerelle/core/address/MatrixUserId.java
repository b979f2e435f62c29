package dev.passerelle.core.address;

/**
 * A Matrix user id {@code @localpart:server.name}; printed as {@code matrix:u/localpart:server.name}.
 * Compared exactly: historical ids may hold upper-case letters and other printable ASCII.
 */
public record MatrixUserId(String localpart, String serverName) implements Address {

    public MatrixUserId {
        MatrixGrammar.userLocalpart(localpart);
        MatrixGrammar.serverName(serverName);
        MatrixGrammar.checkTotal("@" + localpart + ":" + serverName, "user id");
    }

    /** Parses the sigil form {@code @localpart:server}. */
    public static MatrixUserId parse(String text) {
        return MatrixGrammar.parseUser(text);
    }

    /**
     * True if the localpart uses characters outside the current grammar ({@code a-z 0-9 . _ = - / +}):
     * such ids are still valid, but a server no longer issues them.
     */
    public boolean hasHistoricalLocalpart() {
        return MatrixGrammar.isHistorical(localpart);
    }

    @Override
    public Network network() {
        return Network.MATRIX;
    }

    @Override
    public String toUri() {
        return MatrixUri.print("u", localpart, serverName);
    }

    /** The sigil form, {@code @localpart:server}. */
    @Override
    public String toString() {
        return "@" + localpart + ":" + serverName;
    }
}
