package dev.passerelle.connector.xmpp.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stanzas from XMPP users, many of them the XEPs' own examples, become the right canonical events. */
@Tag("direction:xmpp-to-canonical")
class XmppToCanonicalTest {
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    static final Jid CHAT = Jid.of("juliet", "capulet.net");
    static final Jid ROMEO = Jid.of("romeo", "montague.net");

    private final FakeRefs refs = new FakeRefs();
    private final AtomicLong counter = new AtomicLong();
    private final XmppToCanonical translator = new XmppToCanonical(refs, Clock.fixed(NOW, ZoneOffset.UTC),
            () -> new EventId(new UUID(0, counter.incrementAndGet())));

    private InboundResult translate(String xml) {
        return translator.translate(Stanzas.message(xml), CHAT, ROMEO, "native-1");
    }

    /** A new canonical message the map knows as {@code xmppId} in {@link #CHAT}. */
    private EventId knownInChat(String xmppId) {
        EventId id = EventId.random();
        refs.known(CHAT, xmppId, id);
        return id;
    }

    private static List<Event> events(InboundResult result) {
        assertThat(result).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) result).events();
    }

    private static <E extends Event> E only(InboundResult result, Class<E> type) {
        List<Event> events = events(result);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).isInstanceOf(type);
        return type.cast(events.get(0));
    }

    private static InboundResult.Reason ignored(InboundResult result) {
        assertThat(result).isInstanceOf(InboundResult.Ignored.class);
        return ((InboundResult.Ignored) result).reason();
    }

    @Test
    @Tag("feature:body")
    void aBodyBecomesAMessageWithAQualifiedNativeId() {
        MessageSent sent = only(translate("<message type='chat' id='m1'><body>Hello, world</body></message>"),
                MessageSent.class);
        assertThat(sent.content().text()).isEqualTo("Hello, world");
        assertThat(sent.content().html()).isEmpty();
        assertThat(sent.sender()).isEqualTo(ROMEO);
        assertThat(sent.conversation()).isEqualTo(CHAT);
        assertThat(sent.timestamp()).isEqualTo(NOW);
        assertThat(sent.origin().nativeId()).isEqualTo(XmppIds.nativeId(CHAT, "native-1"));
        assertThat(sent.origin().nativeId().value()).isEqualTo("xmpp:juliet@capulet.net native-1");
    }

    @Test
    @Tag("feature:body")
    void aDelayedMessageKeepsItsOriginalTime() {
        MessageSent sent = only(translate("<message type='groupchat'><body>old</body>"
                + "<delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>"), MessageSent.class);
        assertThat(sent.timestamp()).isEqualTo(Instant.parse("2002-09-10T23:08:25Z"));
    }

    @Test
    @Tag("feature:styling")
    void aStyledBodyKeepsItsTextAndGainsSanitisedHtml() {
        MessageSent sent = only(translate("<message><body>*bold* and _it_ ~gone~ `x&lt;y`</body></message>"),
                MessageSent.class);
        assertThat(sent.content().text()).isEqualTo("*bold* and _it_ ~gone~ `x<y`");
        assertThat(sent.content().html()).hasValueSatisfying(html -> assertThat(html.html())
                .isEqualTo("<strong>bold</strong> and <em>it</em> <del>gone</del> <code>x&lt;y</code>"));
    }

    @Test
    @Tag("feature:styling")
    void anUnstyledHintKeepsTheTextPlain() {
        MessageSent sent = only(translate("<message><body>*not bold*</body>"
                + "<unstyled xmlns='urn:xmpp:styling:0'/></message>"), MessageSent.class);
        assertThat(sent.content().html()).isEmpty();
    }

    @Test
    @Tag("feature:xhtml-im")
    void xhtmlImIsReadAndSanitised() {
        MessageSent sent = only(translate("<message><body>hi there</body>"
                + "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
                + "<p>hi <strong>there</strong><script>alert(1)</script></p></body></html></message>"),
                MessageSent.class);
        assertThat(sent.content().text()).isEqualTo("hi there");
        assertThat(sent.content().html().orElseThrow().html()).isEqualTo("<p>hi <strong>there</strong></p>");
    }

    @Test
    @Tag("feature:correction")
    void theXep0308ExampleCorrectsTheOriginalMessage() {
        EventId original = knownInChat("bad1");
        MessageEdited edit = only(translate(Examples.byCaption("xep-0308", "User corrects the message and sends")),
                MessageEdited.class);
        assertThat(edit.target()).isEqualTo(original);
        assertThat(edit.newContent().text()).isEqualTo("But soft, what light through yonder window breaks?");
    }

    @Test
    @Tag("feature:correction")
    void aCorrectionOfAnUnknownMessageOrWithoutBodyIsIgnored() {
        assertThat(ignored(translate(Examples.byCaption("xep-0308", "User corrects the message and sends"))))
                .isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
        refs.known(CHAT, "bad1", EventId.random());
        assertThat(ignored(translate("<message><replace xmlns='urn:xmpp:message-correct:0' id='bad1'/></message>")))
                .isEqualTo(InboundResult.Reason.MALFORMED);
    }

    @Test
    @Tag("feature:correction")
    @Tag("feature:malformed")
    void aReplaceWithoutIdNeverBecomesAnEdit() {
        // Smack's reader refuses it outright (the stream layer then rejects the stanza) ...
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stanzas.message(
                "<message><body>x</body><replace xmlns='urn:xmpp:message-correct:0'/></message>"))
                .isInstanceOf(IllegalArgumentException.class);
        // ... and if it ever arrives unread, as a generic element, translation calls it malformed.
        org.jivesoftware.smack.packet.Message generic = org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("g2")
                .setBody("x")
                .addExtension(org.jivesoftware.smack.packet.StandardExtensionElement
                        .builder("replace", "urn:xmpp:message-correct:0").build())
                .build();
        assertThat(ignored(translator.translate(generic, CHAT, ROMEO, "g2"))).isEqualTo(InboundResult.Reason.MALFORMED);
    }

    @Test
    @Tag("feature:retraction")
    void theXep0424ExampleRetractsAndItsFallbackBodyIsNotAMessage() {
        EventId original = knownInChat("wrong-recipient-1");
        MessageRetracted retracted = only(translate(Examples.byCaption("xep-0424", "The client sends out a retraction")),
                MessageRetracted.class);
        assertThat(retracted.target()).isEqualTo(original);
        assertThat(retracted.reason()).isEmpty();
    }

    @Test
    @Tag("feature:reactions")
    void theXep0444ExamplesBecomeAdditionsAndRemovalsAgainstTheKnownSet() {
        EventId message = knownInChat("744f6e18-a57a-11e9-a656-4889e7820c76");

        List<Event> first = events(translate(Examples.byCaption("xep-0444", "Juliet sends a 👋 reaction to the message")));
        assertThat(first).singleElement().isInstanceOfSatisfying(ReactionAdded.class, a -> {
            assertThat(a.key()).isEqualTo("👋");
            assertThat(a.target()).isEqualTo(message);
        });
        refs.record(first);

        List<Event> second = events(translate(Examples.byCaption("xep-0444", "Juliet adds a 🐢 reaction to the message")));
        assertThat(second).singleElement().isInstanceOfSatisfying(ReactionAdded.class,
                a -> assertThat(a.key()).isEqualTo("🐢"));
        refs.record(second);

        List<Event> cleared = events(translate(Examples.byCaption("xep-0444", "Juliet removes all reactions from the message")));
        assertThat(cleared).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(ReactionRemoved.class));
        assertThat(cleared).extracting(e -> ((ReactionRemoved) e).key()).containsExactlyInAnyOrder("👋", "🐢");
        assertThat(cleared).extracting(e -> ((ReactionRemoved) e).reaction())
                .containsExactlyInAnyOrder(first.get(0).id(), second.get(0).id());
        assertThat(cleared).extracting(e -> e.origin().nativeId()).doesNotHaveDuplicates();
    }

    @Test
    @Tag("feature:reactions")
    void oneStanzaCanAddAndRemoveAtOnceWithDistinctNativeIds() {
        EventId message = knownInChat("m1");
        refs.record(events(translate("<message><reactions xmlns='urn:xmpp:reactions:0' id='m1'>"
                + "<reaction>👍</reaction><reaction>🎉</reaction></reactions></message>")));
        List<Event> swap = events(translate("<message><reactions xmlns='urn:xmpp:reactions:0' id='m1'>"
                + "<reaction>🎉</reaction><reaction>❤️</reaction></reactions></message>"));
        assertThat(swap).hasSize(2);
        assertThat(swap.get(0)).isInstanceOfSatisfying(ReactionAdded.class, a -> assertThat(a.key()).isEqualTo("❤️"));
        assertThat(swap.get(1)).isInstanceOfSatisfying(ReactionRemoved.class, r -> assertThat(r.key()).isEqualTo("👍"));
        assertThat(swap.get(0).origin().nativeId()).isNotEqualTo(swap.get(1).origin().nativeId());
    }

    @Test
    @Tag("feature:reactions")
    void anUnchangedSetAnUnknownTargetAndAnUnreadableElementAreIgnored() {
        assertThat(ignored(translate("<message><reactions xmlns='urn:xmpp:reactions:0' id='nope'>"
                + "<reaction>👍</reaction></reactions></message>"))).isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
        refs.known(CHAT, "m1", EventId.random());
        assertThat(ignored(translate("<message><reactions xmlns='urn:xmpp:reactions:0' id='m1'/></message>")))
                .isEqualTo(InboundResult.Reason.UNCHANGED);
        // Without the provider (or with a reader that gave up), the element is generic: malformed, not skipped.
        org.jivesoftware.smack.packet.Message generic = org.jivesoftware.smack.packet.StanzaBuilder.buildMessage("g1")
                .addExtension(org.jivesoftware.smack.packet.StandardExtensionElement
                        .builder("reactions", "urn:xmpp:reactions:0").build())
                .build();
        InboundResult result = translator.translate(generic, CHAT, ROMEO, "g1");
        assertThat(ignored(result)).isEqualTo(InboundResult.Reason.MALFORMED);
    }

    @Test
    @Tag("feature:reactions")
    void overlongReactionsAreRefused() {
        refs.known(CHAT, "m1", EventId.random());
        String longKey = "x".repeat(XmppToCanonical.MAX_REACTION_CHARS + 1);
        assertThat(ignored(translate("<message><reactions xmlns='urn:xmpp:reactions:0' id='m1'><reaction>" + longKey
                + "</reaction></reactions></message>"))).isEqualTo(InboundResult.Reason.TOO_LARGE);
    }

    @Test
    @Tag("feature:reply")
    void theXep0461ExampleLosesItsMarkedFallbackAndPointsAtTheMessage() {
        EventId original = knownInChat("message-id1");
        String xml = Examples.byCaption("xep-0461", "Anna replies to a message and includes a fallback");
        String body = Stanzas.message(xml).getBody();
        MessageSent sent = only(translate(xml), MessageSent.class);
        assertThat(sent.content().replyTo()).contains(original);
        assertThat(sent.content().text()).isEqualTo(body.substring(body.offsetByCodePoints(0, 38)));
    }

    @Test
    @Tag("feature:reply")
    void regionsCountCodePointsAndAnUnknownTargetKeepsTheText() {
        String quote = "> 🎂 cake?\n";
        int end = quote.codePointCount(0, quote.length());
        MessageSent sent = only(translate("<message><body>" + quote + "Yes!</body>"
                + "<reply xmlns='urn:xmpp:reply:0' id='gone'/>"
                + "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='" + end + "'/>"
                + "</fallback></message>"), MessageSent.class);
        assertThat(sent.content().text()).isEqualTo("Yes!");
        assertThat(sent.content().replyTo()).isEmpty();
        assertThat(sent.content().html()).isEmpty();
    }

    @Test
    @Tag("feature:attachments")
    void theXep0066ExampleBecomesAnAttachmentBesideTheText() {
        MessageSent sent = only(translate(Examples.byCaption("xep-0066", "Sender Communicates a URI")),
                MessageSent.class);
        assertThat(sent.content().text()).isEqualTo("Yeah, but do you have a license to Jabber?");
        Attachment a = sent.content().attachments().get(0);
        assertThat(a.uri()).isEqualTo(URI.create("http://www.jabber.org/images/psa-license.jpg"));
        assertThat(a.mediaType()).isEqualTo("image/jpeg");
        assertThat(a.name()).contains("psa-license.jpg");
    }

    @Test
    @Tag("feature:attachments")
    void aBodyThatIsTheUrlIsNotText() {
        String url = "https://upload.example/abc/My%20Notes.weird";
        MessageSent sent = only(translate("<message><body>" + url + "</body><x xmlns='jabber:x:oob'><url>" + url
                + "</url></x></message>"), MessageSent.class);
        assertThat(sent.content().text()).isEmpty();
        assertThat(sent.content().attachments()).singleElement().satisfies(a -> {
            assertThat(a.mediaType()).isEqualTo("application/octet-stream");
            assertThat(a.name()).contains("My Notes.weird");
        });
    }

    @Test
    @Tag("feature:chat-states")
    void theXep0085ExampleIsTyping() {
        ChatStateChanged state = only(translate(Examples.byCaption("xep-0085",
                "User Sends Standalone &lt;composing/&gt; Notification".replace("&lt;", "<").replace("&gt;", ">"))),
                ChatStateChanged.class);
        assertThat(state.state()).isEqualTo(ChatStateChanged.State.COMPOSING);
    }

    @Test
    @Tag("feature:markers")
    void theXep0333DisplayedMarkerIsAReadMarker() {
        EventId read = knownInChat("the-msg-1");
        ReadMarker marker = only(translate(Examples.byCaption("xep-0333",
                "Juliet lets both Romeo she has displayed the message")), ReadMarker.class);
        assertThat(marker.upTo()).isEqualTo(read);
    }

    @Test
    @Tag("feature:receipts")
    void theXep0184ReceiptIsAReadMarker() {
        EventId delivered = knownInChat("richard2-4.1.247");
        ReadMarker marker = only(translate(Examples.byCaption("xep-0184", "A message delivery receipt")),
                ReadMarker.class);
        assertThat(marker.upTo()).isEqualTo(delivered);
        assertThat(ignored(translate("<message><received xmlns='urn:xmpp:receipts' id='unknown'/></message>")))
                .isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
    }

    @Test
    @Tag("feature:malformed")
    void emptyErrorAndOversizedMessagesAreIgnoredWithAReason() {
        assertThat(ignored(translate("<message><thread>t1</thread></message>")))
                .isEqualTo(InboundResult.Reason.NOT_BRIDGED);
        assertThat(ignored(translate("<message type='error'><body>bounced</body></message>")))
                .isEqualTo(InboundResult.Reason.ERROR_STANZA);
        String huge = "a".repeat(InboundContent.MAX_BODY_CHARS + 1);
        assertThat(ignored(translate("<message><body>" + huge + "</body></message>")))
                .isEqualTo(InboundResult.Reason.TOO_LARGE);
        assertThat(ignored(translator.translate(null, CHAT, ROMEO, "x"))).isEqualTo(InboundResult.Reason.MALFORMED);
    }
}
