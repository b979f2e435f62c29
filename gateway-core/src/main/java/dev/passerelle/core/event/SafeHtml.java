package dev.passerelle.core.event;

/**
 * HTML that has been through {@link HtmlSanitizer}: only the tags and attributes Matrix clients accept.
 * The only way to get one from untrusted input is {@link HtmlSanitizer#sanitize(String)}.
 */
public record SafeHtml(String html) {

    public SafeHtml {
        if (html == null) {
            throw new IllegalArgumentException("html must not be null");
        }
    }
}
