package dev.passerelle.core.ghost;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import java.util.Optional;

/**
 * The text a ghost name is made from: a one-letter network tag and the full source address.
 * <ul>
 *   <li>{@code x} + the JID as text: {@code xalice@example.org}, {@code xroom@muc.example.org/nick};</li>
 *   <li>{@code m} + the Matrix id with its sigil: {@code m@alice:example.org}, {@code m#room:example.org},
 *       {@code m!opaque:example.org}, {@code m!opaque};</li>
 *   <li>{@code i} + provider, kind and name: {@code iprovider.example/u/carol}, {@code iprovider.example/r/room}.</li>
 * </ul>
 * The tag keeps same-looking addresses of different networks apart; the rest reads back into the address.
 */
final class SourceKey {
    static final char XMPP = 'x';
    static final char MATRIX = 'm';
    static final char MIMI = 'i';

    private SourceKey() {
    }

    static String of(Address address) {
        if (address instanceof Jid) {
            return XMPP + address.toString();
        }
        if (address instanceof MatrixUserId || address instanceof MatrixRoomAlias || address instanceof MatrixRoomId) {
            return MATRIX + address.toString();
        }
        if (address instanceof MimiUserUri) {
            MimiUserUri u = (MimiUserUri) address;
            return MIMI + u.provider() + "/u/" + u.user();
        }
        MimiRoomUri r = (MimiRoomUri) address;
        return MIMI + r.provider() + "/r/" + r.room();
    }

    /** The address a key was made from; empty if the text is not a key of a valid address. */
    static Optional<Address> parse(String key) {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String rest = key.substring(1);
        try {
            switch (key.charAt(0)) {
                case XMPP:
                    return Optional.of(Jid.parse(rest));
                case MATRIX:
                    return parseMatrix(rest);
                case MIMI:
                    return parseMimi(rest);
                default:
                    return Optional.empty();
            }
        } catch (AddressException notAnAddress) {
            return Optional.empty();
        }
    }

    private static Optional<Address> parseMatrix(String id) {
        if (id.startsWith("@")) {
            return Optional.of(MatrixUserId.parse(id));
        }
        if (id.startsWith("#")) {
            return Optional.of(MatrixRoomAlias.parse(id));
        }
        if (id.startsWith("!")) {
            return Optional.of(MatrixRoomId.parse(id));
        }
        return Optional.empty();
    }

    private static Optional<Address> parseMimi(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || text.length() < slash + 3 || text.charAt(slash + 2) != '/') {
            return Optional.empty();
        }
        String provider = text.substring(0, slash);
        String name = text.substring(slash + 3);
        char kind = text.charAt(slash + 1);
        if (kind == 'u') {
            return Optional.of(new MimiUserUri(provider, name));
        }
        return kind == 'r' ? Optional.of(new MimiRoomUri(provider, name)) : Optional.empty();
    }
}
