package dev.passerelle.core.address;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Parses any address from its URI form. STUB: the address work completes it. */
public final class Addresses {
    private Addresses() {
    }

    /** Parses {@code xmpp:}, {@code matrix:} and {@code mimi://} URIs into the matching address type. */
    public static Address parse(String uri) {
        if (uri.startsWith("xmpp:")) {
            return Jid.parse(URLDecoder.decode(uri.substring(5), StandardCharsets.UTF_8));
        }
        if (uri.startsWith("matrix:u/")) {
            return MatrixUserId.parse("@" + URLDecoder.decode(uri.substring(9), StandardCharsets.UTF_8));
        }
        if (uri.startsWith("matrix:r/")) {
            return MatrixRoomAlias.parse("#" + URLDecoder.decode(uri.substring(9), StandardCharsets.UTF_8));
        }
        if (uri.startsWith("matrix:roomid/")) {
            return MatrixRoomId.parse("!" + URLDecoder.decode(uri.substring(14), StandardCharsets.UTF_8));
        }
        if (uri.startsWith("mimi://")) {
            String rest = uri.substring(7);
            int slash = rest.indexOf('/');
            String provider = rest.substring(0, slash);
            String kind = rest.substring(slash + 1, slash + 3);
            String name = URLDecoder.decode(rest.substring(slash + 3), StandardCharsets.UTF_8);
            return kind.equals("u/") ? new MimiUserUri(provider, name) : new MimiRoomUri(provider, name);
        }
        throw new AddressException("scheme", "expected xmpp:, matrix: or mimi://, got " + uri);
    }

    static Optional<String> unused() {
        return Optional.empty();
    }
}
