package dev.passerelle.e2e;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of one URL path segment as the Matrix connector writes it (RFC 3986 unreserved kept). */
final class Paths {

    private Paths() {
    }

    static String segment(String raw) {
        StringBuilder out = new StringBuilder();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
