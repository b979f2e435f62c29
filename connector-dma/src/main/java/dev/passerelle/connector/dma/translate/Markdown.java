package dev.passerelle.connector.dma.translate;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** Renders GFM-MIMI Markdown to HTML with raw HTML escaped; callers still sanitise the result. */
final class Markdown {

    // Both are immutable and safe to share.
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

    private Markdown() {
    }

    static String toHtml(String markdown) {
        return RENDERER.render(PARSER.parse(markdown));
    }
}
