package dev.passerelle.core.address;

import java.util.Locale;

/** Parses any address from its URI form, dispatching on the scheme. */
public final class Addresses {
    private Addresses() {
    }

    /**
     * Parses {@code xmpp:} (RFC 5122), {@code matrix:} (the Matrix URI scheme) and {@code mimi://}
     * (draft-ietf-mimi-arch) URIs into the matching address type, normalised.
     *
     * @throws AddressException naming the part that is wrong: {@code scheme} for anything else
     */
    public static Address parse(String uri) {
        if (uri == null || uri.isEmpty()) {
            throw new AddressException("uri", "is missing");
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            throw new AddressException("scheme", "is missing in '" + uri + "' (expected xmpp:, matrix: or mimi://)");
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = uri.substring(colon + 1);
        switch (scheme) {
            case XmppUri.SCHEME:
                return XmppUri.parse(rest);
            case MatrixUri.SCHEME:
                return MatrixUri.parse(rest);
            case MimiUri.SCHEME:
                return MimiUri.parse(rest);
            default:
                throw new AddressException("scheme", "'" + scheme
                        + "' is not supported (expected xmpp:, matrix: or mimi://)");
        }
    }
}
