package dev.passerelle.connector.xmpp.translate;

/** The quote that stands in for a reply's reference (XEP-0461 fallback) in clients without reply support. */
final class Quotes {

    private Quotes() {}

    /** {@code text} as {@code > } lines with a final newline, cut after {@link CanonicalToXmpp#MAX_QUOTE_CHARS}. */
    static String quote(String text) {
        String cut = text.strip();
        if (cut.codePointCount(0, cut.length()) > CanonicalToXmpp.MAX_QUOTE_CHARS) {
            cut = cut.substring(0, cut.offsetByCodePoints(0, CanonicalToXmpp.MAX_QUOTE_CHARS)) + "…";
        }
        StringBuilder out = new StringBuilder();
        for (String line : cut.split("\n", -1)) {
            out.append(line.isEmpty() ? ">" : "> " + line).append('\n');
        }
        return out.toString();
    }
}
