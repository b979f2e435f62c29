package dev.passerelle.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reading of the Matrix allowlist, used to check sanitiser output: it scans the output as
 * the well-formed HTML the sanitiser promises and reports every tag, attribute or URL outside the list.
 */
final class SanitizedHtmlChecker {
    private static final Set<String> TAGS = Set.of("font", "del", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "p", "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u", "strong", "em", "s", "strike",
            "code", "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td", "caption", "pre", "span", "img",
            "details", "summary");
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            "font", Set.of("data-mx-bg-color", "data-mx-color", "color"),
            "span", Set.of("data-mx-bg-color", "data-mx-color", "data-mx-spoiler", "data-mx-maths"),
            "div", Set.of("data-mx-maths"),
            "a", Set.of("name", "target", "href", "rel"),
            "img", Set.of("width", "height", "alt", "title", "src"),
            "ol", Set.of("start"),
            "code", Set.of("class"));
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z0-9]+)((?: [a-z-]+=\"[^\"<>]*\")*)( /)?>");
    private static final Pattern ATTRIBUTE = Pattern.compile(" ([a-z-]+)=\"([^\"]*)\"");
    private static final Pattern HREF = Pattern.compile("(?i)(https?|ftp|mailto|magnet|matrix):.*");

    private SanitizedHtmlChecker() {
    }

    /** Everything in {@code html} that the allowlist does not permit; empty when the output is acceptable. */
    private static final String TEMPLATE_BREAK = "<!-- -->";

    static List<String> violations(String html) {
        List<String> found = new ArrayList<>();
        int at = 0;
        while (at < html.length()) {
            int lt = html.indexOf('<', at);
            String text = html.substring(at, lt < 0 ? html.length() : lt);
            if (text.indexOf('>') >= 0) {
                found.add("raw '>' in text: " + text);
            }
            if (lt < 0) {
                break;
            }
            if (html.startsWith(TEMPLATE_BREAK, lt)) {
                // The sanitiser's own empty comment between two braces, so "{{" never reaches a client-side
                // template engine: the one comment it may emit.
                at = lt + TEMPLATE_BREAK.length();
                continue;
            }
            Matcher tag = TAG.matcher(html).region(lt, html.length());
            if (!tag.lookingAt()) {
                found.add("not a well-formed tag: " + html.substring(lt, Math.min(html.length(), lt + 40)));
                break;
            }
            checkTag(tag.group(2), tag.group(3), found);
            at = tag.end();
        }
        return found;
    }

    private static void checkTag(String name, String attributes, List<String> found) {
        if (!TAGS.contains(name)) {
            found.add("tag " + name);
            return;
        }
        Matcher attribute = ATTRIBUTE.matcher(attributes);
        while (attribute.find()) {
            String key = attribute.group(1);
            String value = decode(attribute.group(2));
            if (!ATTRIBUTES.getOrDefault(name, Set.of()).contains(key)) {
                found.add("attribute " + key + " on " + name);
            } else if (key.equals("href") && !HREF.matcher(value).matches()) {
                found.add("href " + value);
            } else if (key.equals("src") && !value.toLowerCase(Locale.ROOT).startsWith("mxc://")) {
                found.add("src " + value);
            } else if (key.startsWith("data-mx-") && key.endsWith("color") && !value.matches("#[0-9a-fA-F]{6}")) {
                found.add(key + " " + value);
            } else if (key.equals("class") && !value.matches("language-\\S+( language-\\S+)*")) {
                found.add("class " + value);
            }
        }
    }

    /** Enough entity decoding to see a URL's scheme: the sanitiser writes numeric references and a few names. */
    private static String decode(String value) {
        Matcher numeric = Pattern.compile("&#(\\d+);").matcher(value);
        StringBuilder sb = new StringBuilder();
        while (numeric.find()) {
            numeric.appendReplacement(sb, Matcher.quoteReplacement(
                    new String(Character.toChars(Integer.parseInt(numeric.group(1))))));
        }
        numeric.appendTail(sb);
        return sb.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&amp;", "&");
    }
}
