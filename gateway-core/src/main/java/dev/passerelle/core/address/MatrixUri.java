package dev.passerelle.core.address;

/**
 * The Matrix URI scheme (spec appendix "Matrix URI scheme"): {@code matrix:u/alice:example.org},
 * {@code matrix:r/alias:example.org}, {@code matrix:roomid/opaque:example.org}. The identifier loses its
 * sigil and is percent-encoded, leaving only unreserved characters and ':' as they are. A query
 * ({@code ?via=}, {@code ?action=}) and a fragment are hints for clients, not part of the address, and are
 * ignored; event URIs ({@code .../e/event}) name an event, not a user or room, and are refused.
 */
final class MatrixUri {
    static final String SCHEME = "matrix";

    private MatrixUri() {
    }

    static String print(String type, String local, String serverOrNull) {
        String id = encode(local) + (serverOrNull == null ? "" : ":" + encode(serverOrNull));
        return "matrix:" + type + "/" + id;
    }

    private static String encode(String s) {
        return PercentEncoding.encode(s, c -> PercentEncoding.unreserved(c) || c == ':');
    }

    /** Parses the text after {@code matrix:}. */
    static Address parse(String afterScheme) {
        int hash = afterScheme.indexOf('#');
        String path = hash < 0 ? afterScheme : afterScheme.substring(0, hash);
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (path.startsWith("/")) {
            throw new AddressException("uri", "a matrix: URI has neither an authority nor a leading '/'");
        }
        String[] segments = path.split("/", -1);
        if (segments.length == 4 && segments[2].equals("e")) {
            throw new AddressException("uri", "matrix:" + path + " names an event, not a user or room");
        }
        if (segments.length != 2) {
            throw new AddressException("uri", "expected matrix:u/..., matrix:r/... or matrix:roomid/..., got matrix:"
                    + path);
        }
        String id = PercentEncoding.decode(segments[1], "uri");
        switch (segments[0]) {
            case "u":
                return MatrixUserId.parse("@" + id);
            case "r":
                return MatrixRoomAlias.parse("#" + id);
            case "roomid":
                return MatrixRoomId.parse("!" + id);
            default:
                throw new AddressException("uri", "unknown matrix: type '" + segments[0]
                        + "' (expected u, r or roomid)");
        }
    }
}
