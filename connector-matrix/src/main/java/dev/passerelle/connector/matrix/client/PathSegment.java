package dev.passerelle.connector.matrix.client;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of one URL path segment: everything but RFC 3986's unreserved characters is escaped, so
 * Matrix ids ({@code !room:server}, {@code $event}, {@code @user:server}, base64 with {@code /} and {@code +})
 * travel as one segment whatever they hold.
 */
final class PathSegment {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    static String encode(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("a path segment must not be null");
        }
        // OkHttp resolves "." and ".." (even escaped) as dot segments; no Matrix id is one of them.
        if (raw.equals(".") || raw.equals("..")) {
            throw new IllegalArgumentException("a path segment cannot be '" + raw + "'");
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }
}
