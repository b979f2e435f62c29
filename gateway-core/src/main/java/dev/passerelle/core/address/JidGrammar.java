package dev.passerelle.core.address;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 7622 rules for the three parts of a JID, with their normalisation.
 *
 * <p>Java has no PRECIS implementation, so the profiles are approximated:
 * <ul>
 *   <li>localpart (UsernameCaseMapped): NFKC, then {@code toLowerCase(Locale.ROOT)}, repeated until stable
 *       (lower-casing can yield text NFKC changes again); afterwards the characters RFC 7622 forbids
 *       ({@code "&'/:<>@}), spaces, controls, format, private-use, unassigned and unpaired surrogate code
 *       points are rejected. PRECIS would also reject symbols and non-ASCII punctuation; this accepts them,
 *       as the stringprep-era servers still in use do;</li>
 *   <li>resourcepart (OpaqueString): NFC; controls, unassigned and unpaired surrogates are rejected;</li>
 *   <li>domainpart: ASCII hostnames and IP literals are checked and lower-cased. A non-ASCII (IDN) domain is
 *       only NFC-normalised and lower-cased, with letters, digits, marks and '-' allowed in its labels: it is
 *       not converted to A-labels, so {@code bücher.example} and {@code xn--bcher-kva.example} differ.</li>
 * </ul>
 * Each part is at most 1023 bytes of UTF-8.
 */
final class JidGrammar {
    static final int MAX_PART_BYTES = 1023;
    private static final String LOCAL_FORBIDDEN = "\"&'/:<>@";
    /** Normalisation reaches a fixed point in one or two rounds; the bound only guards against a loop. */
    private static final int MAX_FOLD_ROUNDS = 4;

    private JidGrammar() {
    }

    /** The normalised localpart, or an exception saying why it is not one. */
    static String localpart(String raw) {
        Text.required(raw, "localpart");
        String folded = fold(raw, Normalizer.Form.NFKC, "localpart");
        Text.maxBytes(folded, MAX_PART_BYTES, "localpart");
        folded.codePoints().forEach(cp -> {
            if (LOCAL_FORBIDDEN.indexOf(cp) >= 0) {
                throw new AddressException("localpart", "must not contain " + Text.describe(cp));
            }
            if (Character.isSpaceChar(cp) || Character.isWhitespace(cp)) {
                throw new AddressException("localpart", "must not contain spaces (" + Text.describe(cp) + ")");
            }
            if (notACharacter(cp) || isFormatOrPrivate(cp)) {
                throw new AddressException("localpart", "must not contain control, format, private-use or"
                        + " unassigned characters (" + Text.describe(cp) + ")");
            }
        });
        return folded;
    }

    /** The normalised resourcepart. */
    static String resourcepart(String raw) {
        Text.required(raw, "resourcepart");
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        Text.maxBytes(nfc, MAX_PART_BYTES, "resourcepart");
        nfc.codePoints().forEach(cp -> {
            if (notACharacter(cp)) {
                throw new AddressException("resourcepart", "must not contain control or unassigned characters ("
                        + Text.describe(cp) + ")");
            }
        });
        return nfc;
    }

    /** The normalised domainpart: an IP literal, or a hostname without its trailing dot, lower-cased. */
    static String domainpart(String raw) {
        Text.required(raw, "domainpart");
        if (raw.startsWith("[")) {
            return ipv6Literal(raw);
        }
        // RFC 7622 section 3.2: the ideographic full stops also separate labels, and a final dot is dropped.
        String dotted = raw.replace('\u3002', '.').replace('\uff0e', '.').replace('\uff61', '.');
        if (dotted.endsWith(".")) {
            dotted = dotted.substring(0, dotted.length() - 1);
        }
        Text.required(dotted, "domainpart");
        String domain = Text.isAscii(dotted) ? dotted.toLowerCase(Locale.ROOT)
                : fold(dotted, Normalizer.Form.NFC, "domainpart");
        Text.maxBytes(domain, MAX_PART_BYTES, "domainpart");
        for (String label : domain.split("\\.", -1)) {
            if (Text.isAscii(label)) {
                Text.checkAsciiLabel(label, "domainpart");
            } else {
                checkUnicodeLabel(label);
            }
        }
        return domain;
    }

    private static String ipv6Literal(String raw) {
        String inner = raw.endsWith("]") && raw.length() > 2 ? raw.substring(1, raw.length() - 1) : "";
        boolean ok = inner.indexOf(':') >= 0 && inner.length() <= 45;
        for (int i = 0; ok && i < inner.length(); i++) {
            char c = inner.charAt(i);
            ok = Character.digit(c, 16) >= 0 && c < 0x80 || c == ':' || c == '.';
        }
        if (!ok) {
            throw new AddressException("domainpart", "'" + raw + "' is not an IPv6 literal like [2001:db8::1]");
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    private static void checkUnicodeLabel(String label) {
        if (label.codePointCount(0, label.length()) > 63) {
            throw new AddressException("domainpart", "label '" + label + "' is longer than 63 characters");
        }
        label.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            boolean ok = Character.isLetterOrDigit(cp) || cp == '-'
                    || type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
            if (!ok) {
                throw new AddressException("domainpart", "label '" + label + "' contains " + Text.describe(cp)
                        + " (a domain label has letters, digits, marks and '-')");
            }
        });
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new AddressException("domainpart", "label '" + label + "' starts or ends with '-'");
        }
    }

    /** Case-folds and normalises until nothing changes, so that folding an already folded value is a no-op. */
    private static String fold(String s, Normalizer.Form form, String part) {
        String current = Normalizer.normalize(s, form);
        for (int round = 0; round < MAX_FOLD_ROUNDS; round++) {
            String next = Normalizer.normalize(current.toLowerCase(Locale.ROOT), form);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        throw new AddressException(part, "does not reach a stable normal form");
    }

    private static boolean notACharacter(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.UNASSIGNED || type == Character.SURROGATE;
    }

    private static boolean isFormatOrPrivate(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.PRIVATE_USE;
    }

    /** RFC 7622 section 3.1: the resource is everything after the first '/', the local part ends at the first '@'. */
    static Jid parse(String text) {
        if (text == null) {
            throw new AddressException("domainpart", "is missing");
        }
        int slash = text.indexOf('/');
        String resource = slash < 0 ? null : text.substring(slash + 1);
        String rest = slash < 0 ? text : text.substring(0, slash);
        int at = rest.indexOf('@');
        String local = at < 0 ? null : rest.substring(0, at);
        String domain = at < 0 ? rest : rest.substring(at + 1);
        return new Jid(Optional.ofNullable(local), domain, Optional.ofNullable(resource));
    }
}
