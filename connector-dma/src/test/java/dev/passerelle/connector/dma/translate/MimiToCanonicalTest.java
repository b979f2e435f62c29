package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.content.Extensions;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.connector.dma.content.PartSemantics;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Received bodies: choose-one picking, hostile HTML, and refusals with their reasons. */
class MimiToCanonicalTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
    private static final String ALICE = "mimi://example.com/u/alice";
    private static final String ROOM = "mimi://example.com/r/team";

    private final MimiToCanonical translator = new MimiToCanonical(m -> Optional.empty(), e -> Optional.empty(),
            EventId::random);

    private InboundResult receive(Extensions ext, NestedPart body) {
        MimiContent c = new MimiContent(new byte[16], Optional.empty(), new byte[0], Optional.empty(),
                Optional.empty(), ext, body);
        return translator.translate(c.encode(), c, AT);
    }

    private MessageSent message(NestedPart body) {
        InboundResult r = receive(Extensions.of(ALICE, ROOM), body);
        assertThat(r).as(r.toString()).isInstanceOf(InboundResult.Translated.class);
        return (MessageSent) ((InboundResult.Translated) r).event();
    }

    private static NestedPart.SinglePart part(String type, String content) {
        return new NestedPart.SinglePart(NestedPart.RENDER, "", type, content.getBytes(StandardCharsets.UTF_8));
    }

    private static String refusal(InboundResult r) {
        assertThat(r).as(r.toString()).isInstanceOf(InboundResult.Refused.class);
        return ((InboundResult.Refused) r).reason();
    }

    @Test
    void hostileHtmlComesOutSanitisedWithASafeTextFallback() {
        MessageSent m = message(part("text/html;charset=utf-8",
                "<p onclick=\"steal()\">hi <script>alert(1)</script><a href=\"javascript:alert(2)\">there</a>"
                        + "<img src=x onerror=alert(3)> &lt;b&gt; &amp;amp;</p><style>p{}</style>"));
        String html = m.content().html().orElseThrow().html();
        assertThat(html).doesNotContainIgnoringCase("script").doesNotContainIgnoringCase("javascript")
                .doesNotContainIgnoringCase("onclick").doesNotContainIgnoringCase("onerror")
                .doesNotContainIgnoringCase("<style");
        assertThat(m.content().text()).isEqualTo("hi there <b> &amp;");
    }

    @Test
    void markdownWithRawHtmlIsEscapedNotRendered() {
        MessageSent m = message(part("text/markdown;variant=GFM-MIMI", "*hi* <script>alert(1)</script>"));
        assertThat(m.content().html().orElseThrow().html()).contains("<em>hi</em>").doesNotContain("<script");
        assertThat(m.content().text()).isEqualTo("hi <script>alert(1)</script>");
    }

    @Test
    void deeplyNestedMarkdownBecomesAMessage() {
        MessageSent m = message(part("text/markdown", ">".repeat(20_000) + " deep"));
        assertThat(m.content().text()).endsWith("deep");
        assertThat(m.content().html()).isPresent();
    }

    @Test
    void draftMultipartExamplesPickARenderableAlternative() {
        MessageSent welcome = (MessageSent) translate("multipart-1");
        assertThat(welcome.content().text()).isEqualTo("Welcome!");
        assertThat(welcome.content().html().orElseThrow().html()).contains("<h1>Welcome!</h1>");
        MessageSent rich = (MessageSent) translate("multipart-3");
        assertThat(rich.content().text()).startsWith("Welcome!");
        assertThat(rich.content().html().orElseThrow().html()).contains("Welcome!").doesNotContain("Bienvenue");
        MessageSent mention = (MessageSent) translate("mention-html");
        assertThat(mention.content().text()).isEqualTo("Kudos to @Alice Smith for making the release happen!");
    }

    private Event translate(String name) {
        InboundResult r = translator.translate(Examples.bytes(name), Examples.content(name), AT);
        assertThat(r).as(name + ": " + r).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) r).event();
    }

    @Test
    void plainAlternativeIsTheTextAndHtmlAlternativeTheHtml() {
        MessageSent m = message(new NestedPart.MultiPart(NestedPart.RENDER, "",
                PartSemantics.CHOOSE_ONE,
                List.of(part("text/html", "<i>plain</i> words"), part("text/plain", "plain words"))));
        assertThat(m.content().text()).isEqualTo("plain words");
        assertThat(m.content().html().orElseThrow().html()).isEqualTo("<i>plain</i> words");
    }

    @Test
    void missingOrWrongAddressesAreRefusedWithTheReason() {
        NestedPart body = part("text/plain", "x");
        assertThat(refusal(receive(Extensions.EMPTY, body))).contains("sender URI");
        assertThat(refusal(receive(new Extensions(List.of(Extensions.Extension.text(
                new Extensions.IntKey(Extensions.SENDER_URI), ALICE))), body))).contains("room URI");
        assertThat(refusal(receive(Extensions.of(ROOM, ROOM), body))).contains("not a MIMI user URI");
        assertThat(refusal(receive(Extensions.of(ALICE, ALICE), body))).contains("not a MIMI room URI");
        assertThat(refusal(receive(Extensions.of("xmpp:alice@example.com", ROOM), body)))
                .contains("not a MIMI user URI");
        assertThat(refusal(receive(Extensions.of("not a uri", ROOM), body))).contains("not a MIMI user URI");
    }

    @Test
    void bodiesWithNothingToShowAreRefused() {
        assertThat(refusal(receive(Extensions.of(ALICE, ROOM), new NestedPart.NullPart(NestedPart.RENDER, ""))))
                .contains("no text");
        assertThat(refusal(receive(Extensions.of(ALICE, ROOM), part("application/x-unknown", "??"))))
                .contains("no text");
    }

    @Test
    void externalPartsOutsideHttpAreNotFollowedButNotedWithoutTheirUrl() {
        List<NestedPart> parts = new ArrayList<>();
        parts.add(part("text/plain", "files"));
        for (String url : List.of("file:///etc/passwd", "javascript:alert(1)", "ftp://example.com/a", "not a url",
                "https://example.com/ok.png")) {
            parts.add(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "image/png", url, 0, 0, 0, new byte[0],
                    new byte[0], new byte[0], 0, new byte[0], "", ""));
        }
        MessageSent m = message(new NestedPart.MultiPart(NestedPart.RENDER, "", PartSemantics.PROCESS_ALL, parts));
        assertThat(m.content().attachments()).extracting(a -> a.uri().toString())
                .containsExactly("https://example.com/ok.png");
        assertThat(m.content().text()).isEqualTo("files\n" + "[file, image/png]\n".repeat(3) + "[file, image/png]");
    }

    @Test
    void aFileWhoseUrlCannotBeFollowedStillArrivesAsANoteNamingIt() {
        MessageSent m = message(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "image/png",
                "mxc://hs.example/AbC", 0, 0, 0, new byte[0], new byte[0], new byte[0], 0, new byte[0], "",
                "cat\n.png"));
        assertThat(m.content().attachments()).isEmpty();
        assertThat(m.content().text()).isEqualTo("[file: cat .png, image/png] mxc://hs.example/AbC");

        String longName = "\uD83D\uDC31".repeat(300);
        MessageSent named = message(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "", "file:///x", 0, 0, 0,
                new byte[0], new byte[0], new byte[0], 0, new byte[0], "", longName));
        assertThat(named.content().text())
                .isEqualTo("[file: " + "\uD83D\uDC31".repeat(255) + "..., application/octet-stream]");
    }

    @Test
    void anAlternativeThatCanBeCarriedBeatsTheNoteForOneThatCannot() {
        NestedPart mxc = new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "image/png", "mxc://hs.example/a",
                0, 0, 0, new byte[0], new byte[0], new byte[0], 0, new byte[0], "", "a.png");
        NestedPart https = new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", "image/png",
                "https://media.example/a.png", 0, 0, 0, new byte[0], new byte[0], new byte[0], 0, new byte[0], "",
                "a.png");
        MessageSent m = message(new NestedPart.MultiPart(NestedPart.ATTACHMENT, "", PartSemantics.CHOOSE_ONE,
                List.of(mxc, https)));
        assertThat(m.content().text()).isEmpty();
        assertThat(m.content().attachments()).extracting(a -> a.uri().toString())
                .containsExactly("https://media.example/a.png");
    }

    @Test
    void aMissingOrMalformedContentTypeStillGivesTheAttachment() {
        for (String type : List.of("", "png", "image/png x", "IMAGE/PNG;charset=x")) {
            MessageSent m = message(new NestedPart.ExternalPart(NestedPart.ATTACHMENT, "", type,
                    "https://media.example/f", 0, 0, 0, new byte[0], new byte[0], new byte[0], 0, new byte[0], "",
                    ""));
            assertThat(m.content().attachments()).as(type).extracting(a -> a.mediaType())
                    .containsExactly(type.startsWith("IMAGE") ? "image/png" : "application/octet-stream");
        }
    }

    @Test
    void aReactionHoldingSeveralReactionsIsRefused() {
        MimiToCanonical all = new MimiToCanonical(m -> Optional.of(EventId.random()), e -> Optional.empty(),
                EventId::random);
        // The draft's example has no inReplyTo; given one, its three reactions still make no single key.
        assertThat(refusal(all.translate(Examples.bytes("multipart-2"), Examples.content("multipart-2"), AT)))
                .contains("without inReplyTo");
        MimiContent ex = Examples.content("multipart-2");
        MimiContent c = new MimiContent(ex.salt(), Optional.empty(), new byte[0], Optional.empty(),
                Optional.of(Examples.id("original")), ex.extensions(), ex.body());
        assertThat(refusal(all.translate(c.encode(), c, AT))).contains("one text/plain part");
    }
}
