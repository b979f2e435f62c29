package dev.passerelle.connector.xmpp.stream;

/**
 * Checks that a byte stream is UTF-8 as RFC 3629 defines it, chunk by chunk (a sequence may be split across
 * chunks): no stray continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF. The XML parser is
 * more lenient (it decodes overlong forms), and RFC 6120 section 4.9.3.22 wants {@code unsupported-encoding} for a
 * stream that breaks these rules, so the bytes are checked before the parser sees them. One instance per stream.
 */
final class Utf8Check {
    /** Continuation bytes still expected in the current sequence. */
    private int pending;
    /** The range the next continuation byte must fall in (narrower after E0, ED, F0 and F4). */
    private int low = 0x80;
    private int high = 0xBF;
    /** Bytes of the current, unfinished sequence seen so far (0 between characters). */
    private int seen;

    /** The offset of the first byte of {@code bytes} that breaks UTF-8, or -1 if there is none. */
    int firstInvalid(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (pending > 0) {
                if (b < low || b > high) {
                    return i;
                }
                pending--;
                seen = pending == 0 ? 0 : seen + 1;
                low = 0x80;
                high = 0xBF;
            } else if (b >= 0x80) {
                if (!lead(b)) {
                    return i;
                }
                seen = 1;
            }
        }
        return -1;
    }

    /** How many bytes at the end of what was checked so far begin a character not yet complete (0 to 3). */
    int incompleteTail() {
        return pending == 0 ? 0 : seen;
    }

    private boolean lead(int b) {
        if (b >= 0xC2 && b <= 0xDF) {
            pending = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            pending = 2;
            low = b == 0xE0 ? 0xA0 : 0x80;
            high = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            pending = 3;
            low = b == 0xF0 ? 0x90 : 0x80;
            high = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        return true;
    }
}
