package dev.passerelle.core.ghost;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A reversible escaping of any text into the lower-case ASCII a localpart grammar accepts. The two targets
 * share one shape, taken from the Matrix spec's "Mapping from other character sets":
 * <ol>
 *   <li>an upper-case ASCII letter becomes {@code _} and its lower-case form, and {@code _} becomes {@code __},
 *       so that case survives a target that folds it (JID localparts) or forbids upper case (Matrix);</li>
 *   <li>characters in the target's literal set stand for themselves;</li>
 *   <li>every other UTF-8 byte becomes an escape character and two lower-case hex digits.</li>
 * </ol>
 * For JIDs the escape character is {@code \}, which makes the escapes of XEP-0106 ({@code \20 \22 \26 \27 \2f
 * \3a \3c \3e \40 \5c}) a special case; this codec also uses it for non-ASCII bytes and controls, which the JID
 * normalisation (NFKC, lower-casing) would otherwise change. For Matrix it is {@code =}, as in the spec.
 *
 * <p>Every string has exactly one escaped form, and {@link #unescape(String)} accepts only that form, so two
 * different texts never share an escaped form and a hand-made alias of one is not taken for it.
 */
final class LocalpartCodec {
    /** JID localparts: printable ASCII but upper case, {@code _}, {@code \} and the RFC 7622 exclusions. */
    static final LocalpartCodec JID = new LocalpartCodec('\\',
            c -> c > 0x20 && c < 0x7f && !(c >= 'A' && c <= 'Z') && "\"&'/:<>@\\_".indexOf(c) < 0);
    /** Matrix localparts: lower-case letters, digits, '.' and '-'; '=', '/' and '+' are escaped too. */
    static final LocalpartCodec MATRIX = new LocalpartCodec('=',
            c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-');

    private static final char CASE = '_';
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final char escape;
    private final IntPredicate literal;

    private LocalpartCodec(char escape, IntPredicate literal) {
        this.escape = escape;
        this.literal = literal;
    }

    String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            if (v >= 'A' && v <= 'Z') {
                out.append(CASE).append((char) (v + ('a' - 'A')));
            } else if (v == CASE) {
                out.append(CASE).append(CASE);
            } else if (v < 0x80 && literal.test(v)) {
                out.append((char) v);
            } else {
                out.append(escape).append(HEX[v >> 4]).append(HEX[v & 0xf]);
            }
        }
        return out.toString();
    }

    /** The text whose escaped form is exactly {@code escaped}, or empty if there is none. */
    Optional<String> unescape(String escaped) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(escaped.length());
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            if (c == CASE) {
                char next = i + 1 < escaped.length() ? escaped.charAt(i + 1) : 0;
                if (next == CASE) {
                    bytes.write(CASE);
                } else if (next >= 'a' && next <= 'z') {
                    bytes.write(next - ('a' - 'A'));
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else if (c == escape) {
                int hi = i + 2 < escaped.length() ? hex(escaped.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? hex(escaped.charAt(i + 2)) : -1;
                if (lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else if (c < 0x80 && literal.test(c)) {
                bytes.write(c);
                i++;
            } else {
                return Optional.empty();
            }
        }
        return utf8(bytes.toByteArray()).filter(text -> escape(text).equals(escaped));
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    }

    private static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException notUtf8) {
            return Optional.empty();
        }
    }
}
