package dev.passerelle.core.address;

/** Parses any address from its URI form. STUB: the address work completes it. */
public final class Addresses {
    private Addresses() {
    }

    /** Parses {@code xmpp:}, {@code matrix:} and {@code mimi://} URIs into the matching address type. */
    public static Address parse(String uri) {
        throw new UnsupportedOperationException("not yet");
    }
}
