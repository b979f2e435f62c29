package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Markdown rendering of received bodies. */
class MarkdownTest {

    @Test
    void rendersEmphasisAndEscapesRawHtml() {
        assertThat(Markdown.toHtml("__strong__ <img src=x onerror=alert(1)>"))
                .contains("<strong>strong</strong>").doesNotContain("<img");
    }

    @Test
    void dropsJavascriptLinks() {
        assertThat(Markdown.toHtml("[x](javascript:alert(1))")).doesNotContain("javascript");
    }

    @Test
    void survivesDeepNesting() {
        assertThat(Markdown.toHtml(">".repeat(50_000) + " deep")).contains("deep");
        assertThat(Markdown.toHtml("*".repeat(50_000) + "x" + "*".repeat(50_000))).contains("x");
        assertThat(Markdown.toHtml("- ".repeat(20_000) + "x")).contains("x");
    }
}
