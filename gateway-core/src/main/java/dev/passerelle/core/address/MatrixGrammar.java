package dev.passerelle.core.address;

import java.util.Optional;

/**
 * The Matrix identifier grammar (spec appendix "Identifier Grammar"). Matrix identifiers are case-sensitive
 * and compared exactly, so nothing here folds case; server names are kept as written too.
 */
final class MatrixGrammar {
    /** The spec's limit on a whole identifier, sigil and server name included. */
    static final int MAX_ID_BYTES = 255;

    private MatrixGrammar() {
    }

    /**
     * {@code server_name = hostname [ ":" port ]}, hostname = IPv4 / "[" IPv6 "]" / dns-name, where dns-name
     * is 1 to 255 of {@code A-Z a-z 0-9 - .} and port 1 to 5 digits. An IPv4 address is a dns-name too.
     */
    static String serverName(String server) {
        Text.required(server, "server name");
        String port;
        if (server.startsWith("[")) {
            int close = server.indexOf(']');
            String ipv6 = close < 0 ? "" : server.substring(1, close);
            if (ipv6.length() < 2 || ipv6.length() > 45 || !ipv6.chars().allMatch(MatrixGrammar::ipv6Char)) {
                throw new AddressException("server name", "'" + server + "' has no valid [IPv6] literal");
            }
            port = server.substring(close + 1);
        } else {
            int colon = server.indexOf(':');
            String host = colon < 0 ? server : server.substring(0, colon);
            if (host.isEmpty() || host.length() > 255) {
                throw new AddressException("server name", "host must be 1 to 255 characters long");
            }
            host.chars().filter(c -> !dnsChar(c)).findFirst().ifPresent(c -> {
                throw new AddressException("server name", "'" + server + "' contains " + Text.describe(c)
                        + " (a host name has letters, digits, '-' and '.')");
            });
            port = colon < 0 ? "" : server.substring(colon);
        }
        if (!port.isEmpty() && !port.matches(":[0-9]{1,5}")) {
            throw new AddressException("server name", "'" + server + "' has an invalid port (1 to 5 digits)");
        }
        return server;
    }

    /**
     * A user localpart: the current grammar allows {@code a-z 0-9 . _ = - / +}; historical ids, which
     * servers must still accept, may use any printable ASCII but ':'.
     */
    static String userLocalpart(String local) {
        Text.required(local, "localpart");
        local.chars().filter(c -> c < 0x21 || c > 0x7e || c == ':').findFirst().ifPresent(c -> {
            throw new AddressException("localpart", "a user id localpart is printable ASCII other than ':',"
                    + " found " + Text.describe(c));
        });
        return local;
    }

    static boolean isHistorical(String local) {
        return !local.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "._=-/+".indexOf(c) >= 0);
    }

    /** An alias localpart: any Unicode but ':' and NUL. */
    static String aliasLocalpart(String local) {
        Text.required(local, "localpart");
        local.chars().filter(c -> c == ':' || c == 0).findFirst().ifPresent(c -> {
            throw new AddressException("localpart", "a room alias localpart must not contain " + Text.describe(c));
        });
        Text.checkSurrogates(local, "localpart");
        return local;
    }

    /**
     * The opaque part of a room id. The spec leaves it open (v12 makes it 43 characters of unpadded URL-safe
     * base64); here it must be non-empty and free of ':' and control characters.
     */
    static String opaqueId(String opaque) {
        Text.required(opaque, "opaque id");
        opaque.chars().filter(c -> c == ':' || Character.isISOControl(c)).findFirst().ifPresent(c -> {
            throw new AddressException("opaque id", "must not contain " + Text.describe(c));
        });
        Text.checkSurrogates(opaque, "opaque id");
        return opaque;
    }

    static void checkTotal(String sigilForm, String what) {
        int n = Text.utf8Length(sigilForm);
        if (n > MAX_ID_BYTES) {
            throw new AddressException(what, "is " + n + " bytes, over the limit of " + MAX_ID_BYTES);
        }
    }

    static MatrixUserId parseUser(String text) {
        String[] parts = split(text, '@', "user id", true);
        return new MatrixUserId(parts[0], parts[1]);
    }

    static MatrixRoomAlias parseAlias(String text) {
        String[] parts = split(text, '#', "room alias", true);
        return new MatrixRoomAlias(parts[0], parts[1]);
    }

    static MatrixRoomId parseRoomId(String text) {
        String[] parts = split(text, '!', "room id", false);
        return new MatrixRoomId(parts[0], Optional.ofNullable(parts[1]));
    }

    /** Splits {@code <sigil>local:server} at the first ':' (server names may contain more, e.g. IPv6). */
    private static String[] split(String text, char sigil, String what, boolean serverRequired) {
        if (text == null || text.isEmpty() || text.charAt(0) != sigil) {
            throw new AddressException("sigil", "a " + what + " starts with '" + sigil + "'");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            if (serverRequired) {
                throw new AddressException("server name", "is missing: a " + what + " is " + sigil
                        + "localpart:server");
            }
            return new String[] {text.substring(1), null};
        }
        return new String[] {text.substring(1, colon), text.substring(colon + 1)};
    }

    private static boolean dnsChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.';
    }

    private static boolean ipv6Char(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':' || c == '.';
    }
}
