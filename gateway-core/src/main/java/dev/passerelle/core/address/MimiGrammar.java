package dev.passerelle.core.address;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** MIMI URI rules. STUB: the address work completes it. */
final class MimiGrammar {
    private MimiGrammar() {
    }

    static void check(String provider, String name, String what) {
        if (provider == null || provider.isEmpty()) {
            throw new AddressException("provider", "must not be empty");
        }
        if (name == null || name.isEmpty()) {
            throw new AddressException(what, "must not be empty");
        }
    }

    static String encodeSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
