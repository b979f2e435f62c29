package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.event.HtmlSanitizer;
import java.util.List;
import java.util.Optional;

/**
 * Renders a message body written with XEP-0393 message styling as HTML: {@code *strong*}, {@code _emphasis_},
 * {@code ~strikethrough~}, {@code `code`}, {@code ```} preformatted blocks and {@code >} quotations. The directives
 * themselves are dropped from the HTML (the plain body keeps them). Unstyled text gives no HTML at all, so that a
 * plain message stays plain on the other network.
 */
final class StylingReader {
    private static final String FENCE = "```";

    private final StringBuilder html = new StringBuilder();
    private boolean styled;

    private StylingReader() {}

    /** The HTML rendering of {@code body}, or empty if nothing in it is styled. Not yet sanitised. */
    static Optional<String> toHtml(String body) {
        StylingReader reader = new StylingReader();
        reader.blocks(List.of(body.split("\n", -1)));
        return reader.styled ? Optional.of(reader.html.toString()) : Optional.empty();
    }

    private void blocks(List<String> lines) {
        boolean previousPlain = false;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith(FENCE)) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).equals(FENCE)) {
                    end++;
                }
                styled = true;
                html.append("<pre><code>").append(escape(String.join("\n", lines.subList(i + 1, end))))
                        .append("</code></pre>");
                i = Math.min(end + 1, lines.size());
                previousPlain = false;
            } else if (line.startsWith(">")) {
                int end = i;
                while (end < lines.size() && lines.get(end).startsWith(">")) {
                    end++;
                }
                styled = true;
                html.append("<blockquote>");
                blocks(lines.subList(i, end).stream().map(StylingReader::unquote).toList());
                html.append("</blockquote>");
                i = end;
                previousPlain = false;
            } else {
                if (previousPlain) {
                    html.append("<br>");
                }
                spans(line, 0, line.length());
                previousPlain = true;
                i++;
            }
        }
    }

    private static String unquote(String line) {
        return line.startsWith("> ") ? line.substring(2) : line.substring(1);
    }

    /** Spans of {@code line[from, to)}; the start of the range counts as the start of a line (XEP-0393 §6.2). */
    private void spans(String line, int from, int to) {
        boolean mayOpen = true;
        // A directive with no closing one after it in this range has none after any later opening either: each is
        // searched for once, so a long line of unclosed directives costs one pass, not one per directive.
        String unclosed = "";
        int i = from;
        while (i < to) {
            char c = line.charAt(i);
            int close = isDirective(c) && mayOpen && unclosed.indexOf(c) < 0 ? closing(line, i, to) : -1;
            if (close == NO_CLOSING) {
                unclosed += c;
            }
            if (close > 0) {
                styled = true;
                String tag = tag(c);
                html.append('<').append(tag).append('>');
                if (c == '`') {
                    html.append(escape(line.substring(i + 1, close)));
                } else {
                    spans(line, i + 1, close);
                }
                html.append("</").append(tag).append('>');
                i = close + 1;
                mayOpen = false;
            } else {
                escapeTo(html, c);
                mayOpen = Character.isWhitespace(c);
                i++;
            }
        }
    }

    /** {@link #closing}: nothing closes this directive anywhere after it in the range. */
    private static final int NO_CLOSING = -2;

    /**
     * The index of the directive closing the span opened at {@code open}; -1 if this one cannot open a span,
     * {@link #NO_CLOSING} if no directive after it in the range could close it. The opening directive must be
     * followed by a non-space, the closing one preceded by one, and the span holds at least one character.
     */
    private static int closing(String line, int open, int to) {
        char c = line.charAt(open);
        if (open + 1 >= to || Character.isWhitespace(line.charAt(open + 1))) {
            return -1;
        }
        for (int j = open + 2; j < to; j++) {
            if (line.charAt(j) == c && !Character.isWhitespace(line.charAt(j - 1))) {
                return j;
            }
        }
        return NO_CLOSING;
    }

    static boolean isDirective(char c) {
        return c == '*' || c == '_' || c == '~' || c == '`';
    }

    private static String tag(char directive) {
        switch (directive) {
            case '*':
                return "strong";
            case '_':
                return "em";
            case '~':
                return "del";
            default:
                return "code";
        }
    }

    static String escape(String text) {
        return HtmlSanitizer.escapeText(text);
    }

    private static void escapeTo(StringBuilder out, char c) {
        HtmlSanitizer.appendEscaped(out, c);
    }
}
