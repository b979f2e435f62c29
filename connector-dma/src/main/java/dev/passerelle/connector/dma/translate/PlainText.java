package dev.passerelle.connector.dma.translate;

import java.util.Locale;
import java.util.Set;

/**
 * A plain-text fallback for HTML: drops tags, comments, scripts and styles, and decodes the common entities. One
 * linear pass, so hostile input (thousands of unclosed comments or scripts) costs no more than its length.
 */
final class PlainText {

    private static final Set<String> BREAKS = Set.of("br", "/p", "/div", "/li", "/h1", "/h2", "/h3", "/h4", "/h5",
            "/h6", "/blockquote", "/pre", "/tr");

    private PlainText() {
    }

    static String fromHtml(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(html.length());
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = skipMarkup(html, lower, i, out);
                if (end < 0) {
                    break; // unclosed markup runs to the end: nothing after it is text
                }
                i = end;
            } else if (c == '&') {
                i = entity(html, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().strip();
    }

    // Returns the index after the markup starting at i, or -1 if it is never closed.
    private static int skipMarkup(String html, String lower, int i, StringBuilder out) {
        if (lower.startsWith("<!--", i)) {
            int close = lower.indexOf("-->", i + 4);
            return close < 0 ? -1 : close + 3;
        }
        int gt = lower.indexOf('>', i);
        if (gt < 0) {
            return -1;
        }
        String name = tagName(lower, i + 1, gt);
        if (name.equals("script") || name.equals("style")) {
            // Their bodies are code, not text: skip to the end of the closing tag.
            int close = lower.indexOf("</" + name, gt);
            if (close < 0) {
                return -1;
            }
            int closeGt = lower.indexOf('>', close);
            return closeGt < 0 ? -1 : closeGt + 1;
        }
        if (BREAKS.contains(name)) {
            out.append('\n');
        }
        return gt + 1;
    }

    private static String tagName(String lower, int from, int to) {
        int k = from;
        if (k < to && lower.charAt(k) == '/') {
            k++;
        }
        while (k < to && Character.isLetterOrDigit(lower.charAt(k))) {
            k++;
        }
        return lower.substring(from, k);
    }

    // Decodes one entity at i if it is known (decoding runs once, so "&amp;lt;" stays "&lt;"); returns the next index.
    private static int entity(String s, int i, StringBuilder out) {
        int semi = s.indexOf(';', i);
        if (semi > i && semi - i <= 10) {
            String decoded = decode(s.substring(i + 1, semi));
            if (decoded != null) {
                out.append(decoded);
                return semi + 1;
            }
        }
        out.append('&');
        return i + 1;
    }

    private static String decode(String name) {
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": return "'";
            case "nbsp": return "\u00a0";
            default:
                break;
        }
        try {
            int cp;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                cp = Integer.parseInt(name.substring(2), 16);
            } else if (name.startsWith("#")) {
                cp = Integer.parseInt(name.substring(1));
            } else {
                return null;
            }
            return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
