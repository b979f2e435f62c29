package dev.passerelle.core.address;

import java.util.Locale;

/**
 * MIMI identifiers (draft-ietf-mimi-arch): a provider is an ASCII DNS name, compared lower-cased; the user or
 * room name under it is opaque, case-sensitive text.
 */
final class MimiGrammar {
    private MimiGrammar() {
    }

    /** The lower-cased provider domain; non-ASCII domains must be given in their A-label (xn--) form. */
    static String provider(String provider) {
        Text.required(provider, "provider");
        if (!Text.isAscii(provider)) {
            throw new AddressException("provider", "'" + provider
                    + "' is not an ASCII DNS name (write internationalised names as xn-- A-labels)");
        }
        String lower = provider.toLowerCase(Locale.ROOT);
        if (lower.length() > 253) {
            throw new AddressException("provider", "is longer than 253 characters");
        }
        for (String label : lower.split("\\.", -1)) {
            Text.checkAsciiLabel(label, "provider");
        }
        return lower;
    }

    /** A user or room name: any non-empty Unicode text; the URI form percent-encodes what needs it. */
    static String name(String name, String part) {
        Text.required(name, part);
        Text.checkSurrogates(name, part);
        return name;
    }
}
