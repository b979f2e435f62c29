package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plain-text fallback of HTML. */
class PlainTextTest {

    @Test
    void dropsTagsScriptsStylesAndComments() {
        assertThat(PlainText.fromHtml("<p>a<SCRIPT type=x>b()</script >c<!-- d --><style>e{}</style>f</p>"))
                .isEqualTo("acf");
    }

    @Test
    void breaksBecomeNewlinesAndEntitiesDecodeOnce() {
        assertThat(PlainText.fromHtml("<p>one</p><p>two<br/>three &amp;lt; &#x1F600; &#65; &bogus; &</p>"))
                .isEqualTo("one\ntwo\nthree &lt; \uD83D\uDE00 A &bogus; &");
    }

    @Test
    void unclosedMarkupDropsTheRest() {
        assertThat(PlainText.fromHtml("kept <!-- never closed")).isEqualTo("kept");
        assertThat(PlainText.fromHtml("kept <script>alert(1)")).isEqualTo("kept");
        assertThat(PlainText.fromHtml("kept <b")).isEqualTo("kept");
    }

    @Test
    void hostileRepetitionStaysLinear() {
        String comments = "<!--".repeat(200_000);
        String scripts = "<script>".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(PlainText.fromHtml(comments)).isEmpty();
            assertThat(PlainText.fromHtml(scripts)).isEmpty();
        });
    }
}
