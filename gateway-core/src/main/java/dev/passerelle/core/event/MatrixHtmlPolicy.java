package dev.passerelle.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * The allowlist of the Matrix client-server spec ("m.room.message msgtypes", HTML) as an OWASP policy.
 * Anything not named here is dropped; the text inside a dropped element is kept, except for scripts,
 * styles and similar raw-text elements (OWASP drops those whole) and {@code mx-reply} (see
 * {@link ReplyFallbackRemover}).
 */
final class MatrixHtmlPolicy {
    /**
     * Tags the spec (v1.10 on) suggests permitting, plus the deprecated {@code font} and {@code strike} that
     * older senders still use.
     */
    static final List<String> ELEMENTS = List.of(
            "font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup", "sub",
            "li", "b", "i", "u", "strong", "em", "s", "strike", "code", "hr", "br", "div", "table", "thead",
            "tbody", "tr", "th", "td", "caption", "pre", "span", "img", "details", "summary");

    /** The spec's value form for its colour attributes: {@code #} and six hex digits. */
    private static final Pattern HEX_COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}");
    /** Legacy {@code <font color>} also carries named colours. */
    private static final Pattern FONT_COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}|[A-Za-z]{1,20}");
    private static final Pattern SMALL_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern LINK_TARGET = Pattern.compile("_(?:blank|self|parent|top)");
    private static final Pattern LANGUAGE_CLASS = Pattern.compile("language-[A-Za-z0-9_+#.-]{1,40}");
    private static final Pattern WHITESPACE = Pattern.compile("[\\t\\n\\f\\r ]+");
    /** Link schemes the spec allows in {@code a href}, plus {@code matrix:} URIs. Relative links are refused. */
    private static final List<String> LINK_SCHEMES = List.of("https", "http", "ftp", "mailto", "magnet", "matrix");

    private MatrixHtmlPolicy() {
    }

    static PolicyFactory build() {
        return new HtmlPolicyBuilder()
                .allowElements(ELEMENTS.toArray(String[]::new))
                .allowElements(MatrixHtmlPolicy::requireImageSource, "img")
                // OWASP checks every URL attribute against this list first; the per-attribute policies below
                // then narrow it: only mxc: for images, never mxc: for links.
                .allowUrlProtocols("https", "http", "ftp", "mailto", "magnet", "matrix", "mxc")
                .allowAttributes("data-mx-bg-color", "data-mx-color").matching(HEX_COLOUR).onElements("font", "span")
                .allowAttributes("color").matching(FONT_COLOUR).onElements("font")
                .allowAttributes("data-mx-spoiler").matching(MatrixHtmlPolicy::spoilerReason).onElements("span")
                .allowAttributes("data-mx-maths").matching(MatrixHtmlPolicy::anyText).onElements("span", "div")
                .allowAttributes("name").matching(MatrixHtmlPolicy::anyText).onElements("a")
                .allowAttributes("target").matching(LINK_TARGET).onElements("a")
                .allowAttributes("href").matching(MatrixHtmlPolicy::linkHref).onElements("a")
                .allowAttributes("src").matching(MatrixHtmlPolicy::contentUri).onElements("img")
                .allowAttributes("width", "height").matching(SMALL_NUMBER).onElements("img")
                .allowAttributes("alt", "title").matching(MatrixHtmlPolicy::anyText).onElements("img")
                .allowAttributes("start").matching(SMALL_NUMBER).onElements("ol")
                .allowAttributes("class").matching(MatrixHtmlPolicy::languageClasses).onElements("code")
                .toFactory();
    }

    private static String anyText(String element, String attribute, String value) {
        return value;
    }

    /**
     * A spoiler's value is its optional reason. The lexer reports a bare {@code data-mx-spoiler} with its own
     * name as the value (the HTML boolean-attribute convention), which would show as a bogus reason.
     */
    private static String spoilerReason(String element, String attribute, String value) {
        return value.equals(attribute) ? "" : value;
    }

    private static String linkHref(String element, String attribute, String value) {
        String url = value.strip();
        int colon = url.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
        return LINK_SCHEMES.contains(scheme) ? url : null;
    }

    private static String contentUri(String element, String attribute, String value) {
        String url = value.strip();
        return url.regionMatches(true, 0, "mxc://", 0, 6) && url.length() > 6 ? url : null;
    }

    /** Keeps only the {@code language-*} classes (syntax highlighting hints); drops the attribute if none. */
    private static String languageClasses(String element, String attribute, String value) {
        List<String> kept = new ArrayList<>();
        for (String name : WHITESPACE.split(value.strip())) {
            if (LANGUAGE_CLASS.matcher(name).matches()) {
                kept.add(name);
            }
        }
        return kept.isEmpty() ? null : String.join(" ", kept);
    }

    /** An image without an acceptable source shows nothing useful, so it goes. */
    private static String requireImageSource(String element, List<String> attributes) {
        for (int i = 0; i < attributes.size(); i += 2) {
            if (attributes.get(i).equals("src")) {
                return element;
            }
        }
        return null;
    }
}
