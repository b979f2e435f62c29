package dev.passerelle.connector.xmpp.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.SafeHtml;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** XEP-0393 message styling, read into HTML and written from HTML, with round-trip properties. */
@Tag("feature:styling")
class StylingTest {
    /**
     * Letters, digits, punctuation, spaces and line breaks: everything but the span directives. A {@code >} may start
     * a line, which styling reads as a quote: the unstyled hint sent with plain text keeps it plain.
     */
    private static final String PLAIN = "abcXYZ019 .,;:!?'\"()[]{}<>&#@%+=/\\|-\n\téü€🎂";

    @Test
    @Tag("direction:xmpp-to-canonical")
    void spansFollowTheXepRules() {
        assertThat(StylingReader.toHtml("*strong* _em_ ~del~ `co*de*`")).contains(
                "<strong>strong</strong> <em>em</em> <del>del</del> <code>co*de*</code>");
        assertThat(StylingReader.toHtml("*_both_*")).contains("<strong><em>both</em></strong>");
        // Directives next to spaces, empty spans and spans across lines are plain text.
        assertThat(StylingReader.toHtml("2 * 3 * 4")).isEmpty();
        assertThat(StylingReader.toHtml("** and *a\nb*")).isEmpty();
        assertThat(StylingReader.toHtml("snake_case_name")).isEmpty();
    }

    @Test
    @Tag("direction:xmpp-to-canonical")
    void blocksAreQuotesAndPreformattedText() {
        assertThat(StylingReader.toHtml("> quoted *x*\n>> deeper\nafter")).contains(
                "<blockquote>quoted <strong>x</strong><blockquote>deeper</blockquote></blockquote>after");
        assertThat(StylingReader.toHtml("```java\nint *a* = 1;\n```\nend")).contains(
                "<pre><code>int *a* = 1;</code></pre>end");
        assertThat(StylingReader.toHtml("```\nnever closed")).contains("<pre><code>never closed</code></pre>");
    }

    @Test
    @Tag("direction:canonical-to-xmpp")
    void htmlIsWrittenAsStyling() {
        assertThat(write("<p>one</p><p><strong>two\nlines</strong></p>")).isEqualTo("one\n*two lines*");
        assertThat(write("<strong>a<br>b</strong>")).isEqualTo("*a*\n*b*");
        assertThat(write("<b> spaced </b>end")).isEqualTo("*spaced* end");
        assertThat(write("<blockquote><p>said</p><blockquote>before</blockquote></blockquote>reply"))
                .isEqualTo("> said\n> > before\nreply");
        assertThat(write("<pre><code>x = *y*\n</code></pre>")).isEqualTo("```\nx = *y*\n```");
        assertThat(write("<ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>three</li></ol>"))
                .isEqualTo("• one\n• two\n3. three");
        assertThat(write("see <a href=\"https://e.org/\">this</a> or <a href=\"https://e.org/\">https://e.org/</a>"))
                .isEqualTo("see this (https://e.org/) or https://e.org/");
        assertThat(write("<code>a &lt; b</code> &amp; <s>old</s>")).isEqualTo("`a < b` & ~old~");
    }

    private static String write(String html) {
        return StylingWriter.toStyledText(HtmlSanitizer.sanitize(html));
    }

    @Test
    void aLineOfUnclosedDirectivesIsPlainTextAndALaterCloseStillStyles() {
        String unclosed = "*a _b ~c `d ".repeat(5_000);
        assertThat(StylingReader.toHtml(unclosed)).isEmpty();
        // Each directive is searched for once per range: an unclosed one does not stop another from styling.
        assertThat(StylingReader.toHtml("*a " + "_b ".repeat(1_000) + "~gone~ <&>"))
                .hasValueSatisfying(html -> assertThat(html).endsWith("<del>gone</del> &lt;&amp;&gt;"));
    }

    @Test
    void plainTextWithoutStylingCharactersSurvivesBothDirections() {
        int[] alphabet = PLAIN.codePoints().toArray();
        Gen<String> plain = lists().of(integers().between(0, alphabet.length - 1)).ofSizeBetween(0, 60)
                .map(ix -> ix.stream().map(i -> Character.toString(alphabet[i])).collect(Collectors.joining()));
        FakeRefs refs = new FakeRefs();
        CanonicalToXmpp out = new CanonicalToXmpp(refs, a -> a.uri());
        XmppToCanonical in = new XmppToCanonical(refs, Clock.systemUTC());
        qt().withExamples(300).forAll(plain).checkAssert(text -> {
            if (text.isEmpty()) {
                return;
            }
            MessageSent event = new MessageSent(EventId.random(), new Origin(Network.MATRIX, new NativeId("$e")),
                    MatrixUserId.parse("@a:m.example"), MatrixRoomId.parse("!r:m.example"), Instant.EPOCH,
                    MessageContent.text(text));
            Stanza stanza = out.render(event, Jid.of("a", "gw.example"), Jid.of("r", "muc.example"),
                    Message.Type.groupchat, "id1").get(0);
            Message parsed = Stanzas.message(stanza.toXML().toString());
            assertThat(parsed.getBody()).isEqualTo(text);
            InboundResult result = in.translate(parsed, Jid.of("r", "muc.example"), Jid.of("a", "gw.example"), "s1");
            MessageSent back = (MessageSent) ((InboundResult.Translated) result).events().get(0);
            assertThat(back.content().text()).isEqualTo(text);
            assertThat(back.content().html()).isEmpty();
        });
    }

    @Test
    void boldAndItalicSurviveHtmlToStylingToHtml() {
        Gen<List<Integer>> words = lists().of(integers().between(0, 4 * 6 - 1)).ofSizeBetween(1, 12);
        String[] vocabulary = {"cake", "Tea", "x", "42", "naïve", "ok"};
        qt().withExamples(300).forAll(words).checkAssert(picks -> {
            String html = picks.stream().map(p -> {
                String w = vocabulary[p % vocabulary.length];
                switch (p / vocabulary.length) {
                    case 1:
                        return "<strong>" + w + "</strong>";
                    case 2:
                        return "<em>" + w + "</em>";
                    case 3:
                        return "<strong><em>" + w + "</em></strong>";
                    default:
                        return w;
                }
            }).collect(Collectors.joining(" "));
            SafeHtml original = HtmlSanitizer.sanitize(html);
            String styled = StylingWriter.toStyledText(original);
            Optional<SafeHtml> back = StylingReader.toHtml(styled).map(HtmlSanitizer::sanitize);
            if (html.contains("<")) {
                assertThat(back).as(styled).contains(original);
            } else {
                assertThat(back).as(styled).isEmpty();
            }
        });
    }
}
