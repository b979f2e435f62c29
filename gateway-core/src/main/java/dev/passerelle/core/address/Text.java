package dev.passerelle.core.address;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Checks on code points and lengths that several address grammars share. */
final class Text {
    private Text() {
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Rejects null and empty text, naming the part. */
    static String required(String s, String part) {
        if (s == null) {
            throw new AddressException(part, "is missing");
        }
        if (s.isEmpty()) {
            throw new AddressException(part, "must not be empty");
        }
        return s;
    }

    static void maxBytes(String s, int max, String part) {
        int n = utf8Length(s);
        if (n > max) {
            throw new AddressException(part, "is " + n + " bytes of UTF-8, over the limit of " + max);
        }
    }

    /** True for a lone surrogate, which has no UTF-8 form and so could not survive printing. */
    static boolean isLoneSurrogate(int cp) {
        return cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE;
    }

    /** Rejects unpaired surrogates, which have no UTF-8 form and so could not survive printing. */
    static void checkSurrogates(String s, String part) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (isLoneSurrogate(cp)) {
                throw new AddressException(part, "contains an unpaired surrogate at index " + i);
            }
            i += Character.charCount(cp);
        }
    }

    /** {@code U+0041 'A'}: how messages show an offending code point. */
    static String describe(int cp) {
        String hex = String.format(Locale.ROOT, "U+%04X", cp);
        return cp > 0x20 && cp < 0x7f ? hex + " '" + (char) cp + "'" : hex;
    }

    /** A hostname label per RFC 1123: ASCII letters, digits and inner hyphens, at most 63 long. */
    static String checkAsciiLabel(String label, String part) {
        if (label.isEmpty()) {
            throw new AddressException(part, "has an empty label");
        }
        if (label.length() > 63) {
            throw new AddressException(part, "label '" + label + "' is longer than 63 characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-';
            if (!ok) {
                throw new AddressException(part, "label '" + label + "' contains " + describe(c)
                        + " (a hostname has letters, digits and '-')");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new AddressException(part, "label '" + label + "' starts or ends with '-'");
        }
        return label;
    }

    static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
