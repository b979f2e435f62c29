package dev.passerelle.connector.dma.translate;

/** A plain-text fallback for HTML: drops tags, comments, scripts and styles, and decodes the common entities. */
final class PlainText {

    private PlainText() {
    }

    static String fromHtml(String html) {
        // Script and style bodies are code, not text: drop them with their tags.
        String s = html.replaceAll("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>", "")
                .replaceAll("(?s)<!--.*?-->", "")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|li|h[1-6]|blockquote|pre)\\s*>", "\n")
                .replaceAll("<[^>]*>?", "");
        // Leftover angle brackets are text; entity decoding runs once so "&amp;lt;" stays "&lt;".
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '&') {
                int semi = s.indexOf(';', i);
                if (semi > i && semi - i <= 10) {
                    String decoded = entity(s.substring(i + 1, semi));
                    if (decoded != null) {
                        out.append(decoded);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString().strip();
    }

    private static String entity(String name) {
        switch (name) {
            case "amp": return "&";
            case "lt": return "<";
            case "gt": return ">";
            case "quot": return "\"";
            case "apos": case "#39": return "'";
            case "nbsp": return " ";
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
