package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.event.SafeHtml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.owasp.html.HtmlSanitizer;

/**
 * Writes sanitised HTML as a plain body with XEP-0393 message styling: strong and b as {@code *x*}, em and i as
 * {@code _x_}, del, s and strike as {@code ~x~}, code as {@code `x`}, pre as a {@code ```} block, blockquote as
 * {@code > } lines, links as their text followed by the URL, list items as bullets. Every other element keeps only
 * its text. Styling spans cannot cross lines, so a span is closed and reopened on each line it covers.
 */
final class StylingWriter {
    private static final Set<String> BLOCKS = Set.of("p", "div", "pre", "blockquote", "ul", "ol", "li", "h1", "h2",
            "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "caption", "details", "summary");

    private StylingWriter() {}

    /** The styled plain text of {@code html}. */
    static String toStyledText(SafeHtml html) {
        Node root = parse(html.html());
        return render(root).strip();
    }

    /** An element: its lower-case name, attributes and children (nodes or text). */
    private record Node(String tag, Map<String, String> attributes, List<Object> children) {}

    private static Node parse(String html) {
        Node root = new Node("", Map.of(), new ArrayList<>());
        List<Node> open = new ArrayList<>();
        open.add(root);
        // The input is already sanitised and balanced; this pass only turns it into a tree.
        HtmlSanitizer.sanitize(html, new HtmlSanitizer.Policy() {
            @Override
            public void openDocument() {}

            @Override
            public void closeDocument() {}

            @Override
            public void openTag(String element, List<String> attrs) {
                Map<String, String> map = new HashMap<>();
                for (int i = 0; i + 1 < attrs.size(); i += 2) {
                    map.put(attrs.get(i).toLowerCase(Locale.ROOT), attrs.get(i + 1));
                }
                Node node = new Node(element.toLowerCase(Locale.ROOT), map, new ArrayList<>());
                open.get(open.size() - 1).children().add(node);
                if (!node.tag().equals("br") && !node.tag().equals("hr") && !node.tag().equals("img")) {
                    open.add(node);
                }
            }

            @Override
            public void closeTag(String element) {
                String tag = element.toLowerCase(Locale.ROOT);
                for (int i = open.size() - 1; i > 0; i--) {
                    if (open.get(i).tag().equals(tag)) {
                        open.subList(i, open.size()).clear();
                        return;
                    }
                }
            }

            @Override
            public void text(String text) {
                open.get(open.size() - 1).children().add(text);
            }
        });
        return root;
    }

    private static String render(Node node) {
        StringBuilder out = new StringBuilder();
        boolean breakBefore = false;
        int item = node.tag().equals("ol") ? startOf(node) : 1;
        for (Object child : node.children()) {
            if (child instanceof String text) {
                String collapsed = text.replaceAll("[\\t\\n\\f\\r ]+", " ");
                if (out.length() == 0 || out.charAt(out.length() - 1) == '\n' || breakBefore) {
                    collapsed = collapsed.stripLeading();
                }
                if (!collapsed.isEmpty()) {
                    if (breakBefore) {
                        out.append('\n');
                        breakBefore = false;
                    }
                    out.append(collapsed);
                }
                continue;
            }
            Node element = (Node) child;
            String rendered;
            if (element.tag().equals("li")) {
                rendered = (node.tag().equals("ol") ? (item++) + ". " : "• ") + render(element).strip();
            } else {
                rendered = element(element);
            }
            if (BLOCKS.contains(element.tag())) {
                stripTrailingSpaces(out);
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                out.append(rendered);
                breakBefore = out.length() > 0;
            } else {
                if (breakBefore && !rendered.isEmpty()) {
                    out.append('\n');
                    breakBefore = false;
                }
                out.append(rendered);
            }
        }
        return out.toString();
    }

    private static String element(Node node) {
        switch (node.tag()) {
            case "strong":
            case "b":
            case "h1":
            case "h2":
            case "h3":
            case "h4":
            case "h5":
            case "h6":
                return span("*", render(node));
            case "em":
            case "i":
                return span("_", render(node));
            case "del":
            case "s":
            case "strike":
                return span("~", render(node));
            case "code":
                return span("`", text(node));
            case "pre":
                return "```\n" + stripFinalNewline(text(node)) + "\n```";
            case "blockquote":
                return quote(render(node).strip());
            case "br":
                return "\n";
            case "hr":
                return "----";
            case "img":
                return node.attributes().getOrDefault("alt", "");
            case "a":
                return link(node);
            case "td":
            case "th":
                return render(node).strip() + " ";
            default:
                return render(node);
        }
    }

    private static String link(Node node) {
        String label = render(node);
        String href = node.attributes().get("href");
        if (href == null || href.isBlank()) {
            return label;
        }
        String shown = label.strip();
        if (shown.isEmpty()) {
            return href;
        }
        if (shown.equals(href) || ("mailto:" + shown).equals(href)) {
            return label;
        }
        return label + " (" + href + ")";
    }

    /** Wraps each line's non-blank middle in {@code directive}; spans must start and end next to a non-space. */
    private static String span(String directive, String inner) {
        String[] lines = inner.split("\n", -1);
        StringBuilder out = new StringBuilder(inner.length() + 4);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            String core = line.strip();
            if (core.isEmpty()) {
                out.append(line);
                continue;
            }
            int start = line.indexOf(core);
            out.append(line, 0, start).append(directive).append(core).append(directive)
                    .append(line.substring(start + core.length()));
        }
        return out.toString();
    }

    private static String quote(String inner) {
        StringBuilder out = new StringBuilder();
        for (String line : inner.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.isEmpty() ? ">" : "> " + line);
        }
        return out.toString();
    }

    /** The raw text of an element and its descendants, line breaks included. */
    private static String text(Node node) {
        StringBuilder out = new StringBuilder();
        for (Object child : node.children()) {
            if (child instanceof String s) {
                out.append(s);
            } else if (((Node) child).tag().equals("br")) {
                out.append('\n');
            } else {
                out.append(text((Node) child));
            }
        }
        return out.toString();
    }

    private static int startOf(Node ol) {
        try {
            return Integer.parseInt(ol.attributes().getOrDefault("start", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String stripFinalNewline(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static void stripTrailingSpaces(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }
}
