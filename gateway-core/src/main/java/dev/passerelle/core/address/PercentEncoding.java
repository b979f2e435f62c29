package dev.passerelle.core.address;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * RFC 3986 percent-encoding of UTF-8 text. Each URI scheme passes the set of ASCII characters it may leave
 * as they are; decoding is strict, so a malformed escape or invalid UTF-8 is an error naming the part.
 */
final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {
    }

    /** RFC 3986 "unreserved": the characters no URI component ever needs to escape. */
    static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** Encodes every UTF-8 byte of {@code text} except the ASCII characters {@code keep} accepts. */
    static String encode(String text, IntPredicate keep) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if (v < 0x80 && keep.test(v)) {
                out.append((char) v);
            } else {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} escapes; other characters stand for their own UTF-8 bytes (which admits the
     * IRI form, e.g. {@code xmpp:jiři@čechy.example}).
     */
    static String decode(String text, String part) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new AddressException(part, "malformed percent-escape at \""
                            + text.substring(i, Math.min(text.length(), i + 3)) + "\"");
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                int cp = text.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AddressException(part, "percent-escapes do not decode to valid UTF-8");
        }
    }
}
