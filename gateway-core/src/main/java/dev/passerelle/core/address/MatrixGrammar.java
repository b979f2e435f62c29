package dev.passerelle.core.address;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The Matrix identifier grammar (spec appendix "Identifier Grammar"). STUB: the address work completes it. */
final class MatrixGrammar {
    private MatrixGrammar() {
    }

    static void checkUser(String localpart, String server) {
        if (localpart == null || localpart.isEmpty()) {
            throw new AddressException("localpart", "must not be empty");
        }
        if (server == null || server.isEmpty()) {
            throw new AddressException("server name", "must not be empty");
        }
    }

    static void checkAlias(String localpart, String server) {
        checkUser(localpart, server);
    }

    static void checkRoomId(String opaque, Optional<String> server) {
        if (opaque == null || opaque.isEmpty()) {
            throw new AddressException("opaque id", "must not be empty");
        }
    }

    static MatrixUserId parseUser(String text) {
        int colon = text.indexOf(':');
        return new MatrixUserId(text.substring(1, colon), text.substring(colon + 1));
    }

    static MatrixRoomAlias parseAlias(String text) {
        int colon = text.indexOf(':');
        return new MatrixRoomAlias(text.substring(1, colon), text.substring(colon + 1));
    }

    static MatrixRoomId parseRoomId(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? new MatrixRoomId(text.substring(1), Optional.empty())
                : new MatrixRoomId(text.substring(1, colon), Optional.of(text.substring(colon + 1)));
    }

    static String uriEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%3A", ":");
    }
}
