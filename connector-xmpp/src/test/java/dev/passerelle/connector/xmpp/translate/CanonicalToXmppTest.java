package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.xmpp.stanza.FallbackElement;
import dev.passerelle.connector.xmpp.stanza.OobElement;
import dev.passerelle.connector.xmpp.stanza.ReactionsElement;
import dev.passerelle.connector.xmpp.stanza.ReplyElement;
import dev.passerelle.connector.xmpp.stanza.RetractElement;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Canonical events from another network become schema-valid stanzas from a ghost; each one is parsed back with
 * Smack and, where the feature is symmetric, translated back to the same meaning.
 */
@Tag("direction:canonical-to-xmpp")
class CanonicalToXmppTest {
    static final MatrixUserId ALICE = MatrixUserId.parse("@alice:matrix.example");
    static final MatrixRoomId MATRIX_ROOM = MatrixRoomId.parse("!room:matrix.example");
    static final Jid GHOST = Jid.of("alice", "gw.localhost");
    static final Jid ROOM = Jid.of("coven", "conference.localhost");
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final FakeRefs refs = new FakeRefs();
    private final CanonicalToXmpp renderer = new CanonicalToXmpp(refs,
            a -> URI.create("https://media.gw.example/m/" + a.name().orElse("file") + "?sig=abc"));
    private final XmppToCanonical reader = new XmppToCanonical(refs, Clock.fixed(AT, ZoneOffset.UTC));

    private static Origin origin() {
        return new Origin(Network.MATRIX, new NativeId("$" + EventId.random()));
    }

    private static MessageSent sent(MessageContent content) {
        return new MessageSent(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, content);
    }

    /** Renders into the room, validates every stanza against the schemas and parses it back as Smack would. */
    private List<Message> render(Event event) {
        List<Stanza> stanzas = renderer.render(event, GHOST, ROOM, Message.Type.groupchat, "d-1");
        return stanzas.stream().map(s -> {
            StanzaSchemas.shared().validate(s);
            return Stanzas.message(s.toXML().toString());
        }).toList();
    }

    private Message one(Event event) {
        List<Message> messages = render(event);
        assertThat(messages).hasSize(1);
        Message m = messages.get(0);
        assertThat(m.getStanzaId()).isEqualTo("d-1");
        assertThat(m.getType()).isEqualTo(Message.Type.groupchat);
        assertThat(OriginIdElement.getOriginId(m).getId()).isEqualTo("d-1");
        return m;
    }

    private MessageSent readBack(Message m) {
        InboundResult result = reader.translate(m, ROOM, GHOST, "x-" + m.getStanzaId());
        assertThat(result).isInstanceOf(InboundResult.Translated.class);
        return (MessageSent) ((InboundResult.Translated) result).events().get(0);
    }

    @Test
    @Tag("feature:body")
    void plainTextIsTheBodyWithOriginIdAndAnUnstyledHintOnlyWhenNeeded() {
        Message m = one(sent(MessageContent.text("Hello there")));
        assertThat(m.getBody()).isEqualTo("Hello there");
        assertThat(m.hasExtension("unstyled", InboundContent.STYLING_NAMESPACE)).isFalse();
        assertThat(m.getFrom().toString()).isEqualTo("alice@gw.localhost");
        assertThat(m.getTo().toString()).isEqualTo("coven@conference.localhost");

        Message literal = one(sent(MessageContent.text("2*3*4 is not *bold*")));
        assertThat(literal.getBody()).isEqualTo("2*3*4 is not *bold*");
        assertThat(literal.hasExtension("unstyled", InboundContent.STYLING_NAMESPACE)).isTrue();
        assertThat(readBack(literal).content().html()).isEmpty();
    }

    @Test
    @Tag("feature:styling")
    void formattedTextIsWrittenAsStylingAndReadsBackAsTheSameFormatting() {
        MessageContent content = new MessageContent("bold and it",
                Optional.of(HtmlSanitizer.sanitize("<strong>bold</strong> and <em>it</em> <del>no</del>"
                        + " <a href='https://e.org/x'>link</a>")), List.of(), Optional.empty());
        Message m = one(sent(content));
        assertThat(m.getBody()).isEqualTo("*bold* and _it_ ~no~ link (https://e.org/x)");
        assertThat(m.hasExtension("html", "http://jabber.org/protocol/xhtml-im")).isFalse();
        assertThat(readBack(m).content().html().orElseThrow().html())
                .isEqualTo("<strong>bold</strong> and <em>it</em> <del>no</del> link (https://e.org/x)");
    }

    @Test
    @Tag("feature:reply")
    void aReplyCarriesTheReferenceAndAMarkedQuoteThatReadsBackAway() {
        EventId original = EventId.random();
        refs.known(ROOM, "room-sid-7", original).text(original, "We should bake a 🎂\nsoon");
        Message m = one(sent(new MessageContent("Great idea!", Optional.empty(), List.of(), Optional.of(original))));
        assertThat(m.getBody()).isEqualTo("> We should bake a 🎂\n> soon\nGreat idea!");
        ReplyElement reply = m.getExtension(ReplyElement.class);
        assertThat(reply.id()).isEqualTo("room-sid-7");
        FallbackElement fallback = m.getExtension(FallbackElement.class);
        assertThat(fallback.forNamespace()).contains(ReplyElement.NAMESPACE);
        String quote = "> We should bake a 🎂\n> soon\n";
        assertThat(fallback.bodies()).containsExactly(FallbackElement.Region.of(0, quote.codePointCount(0,
                quote.length())));
        MessageSent back = readBack(m);
        assertThat(back.content().text()).isEqualTo("Great idea!");
        assertThat(back.content().replyTo()).contains(original);
    }

    @Test
    @Tag("feature:reply")
    void aReplyToAMessageXmppNeverSawGoesOutAsAPlainMessage() {
        Message m = one(sent(new MessageContent("hm", Optional.empty(), List.of(), Optional.of(EventId.random()))));
        assertThat(m.getBody()).isEqualTo("hm");
        assertThat(m.getExtension(ReplyElement.class)).isNull();
    }

    @Test
    @Tag("feature:correction")
    void anEditReplacesTheOriginalAndReadsBackAsAnEdit() {
        EventId original = EventId.random();
        refs.known(ROOM, "room-sid-1", original);
        Message m = one(new MessageEdited(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, original,
                MessageContent.text("fixed")));
        assertThat(m.getBody()).isEqualTo("fixed");
        assertThat(MessageCorrectExtension.from(m).getIdInitialMessage()).isEqualTo("room-sid-1");
        InboundResult back = reader.translate(m, ROOM, GHOST, "x");
        assertThat(((InboundResult.Translated) back).events().get(0))
                .isInstanceOfSatisfying(MessageEdited.class, e -> assertThat(e.target()).isEqualTo(original));
    }

    @Test
    @Tag("feature:correction")
    void inARoomAnEditQuotesTheOriginalsOwnIdWhileARetractionQuotesItsStanzaId() {
        EventId original = EventId.random();
        EventId decoy = EventId.random();
        refs.known(ROOM, "room-sid-2", original).messageId(ROOM, "own-id-2", original);
        // Another message whose stanza-id equals the first one's own id: a correction must not land on it.
        refs.known(ROOM, "own-id-2", decoy);

        Message edit = one(new MessageEdited(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, original,
                MessageContent.text("fixed")));
        Message retraction = one(new MessageRetracted(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, original,
                Optional.empty()));

        assertThat(MessageCorrectExtension.from(edit).getIdInitialMessage()).isEqualTo("own-id-2");
        assertThat(retraction.getExtension(RetractElement.class).id()).isEqualTo("room-sid-2");
        InboundResult back = reader.translate(edit, ROOM, GHOST, "x");
        assertThat(((InboundResult.Translated) back).events().get(0))
                .isInstanceOfSatisfying(MessageEdited.class, e -> assertThat(e.target()).isEqualTo(original));
    }

    @Test
    @Tag("feature:retraction")
    void aRetractionHasItsFallbackBodyMarkedAndAStoreHint() {
        EventId original = EventId.random();
        refs.known(ROOM, "room-sid-2", original);
        Message m = one(new MessageRetracted(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, original,
                Optional.of("spam")));
        assertThat(m.getExtension(RetractElement.class).id()).isEqualTo("room-sid-2");
        assertThat(m.getBody()).isEqualTo(CanonicalToXmpp.RETRACTION_FALLBACK);
        assertThat(m.getExtension(FallbackElement.class).forNamespace()).contains(RetractElement.NAMESPACE);
        assertThat(m.hasExtension("store", "urn:xmpp:hints")).isTrue();
        InboundResult back = reader.translate(m, ROOM, GHOST, "x");
        assertThat(((InboundResult.Translated) back).events()).singleElement()
                .isInstanceOfSatisfying(MessageRetracted.class, r -> assertThat(r.target()).isEqualTo(original));
    }

    @Test
    @Tag("feature:reactions")
    void reactionsSendTheUsersWholeSetWithoutBody() {
        EventId target = EventId.random();
        refs.known(ROOM, "room-sid-3", target);
        ReactionAdded thumbs = new ReactionAdded(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, target, "👍");
        Message first = one(thumbs);
        assertThat(first.getBody()).isNull();
        assertThat(first.getExtension(ReactionsElement.class)).isEqualTo(new ReactionsElement("room-sid-3",
                List.of("👍")));
        refs.record(List.of(thumbs));

        ReactionAdded party = new ReactionAdded(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, target, "🎉");
        assertThat(one(party).getExtension(ReactionsElement.class).reactions()).containsExactly("🎉", "👍");
        refs.record(List.of(party));
        // Rendering again after the store recorded the event (a retry) gives the same set.
        assertThat(one(party).getExtension(ReactionsElement.class).reactions()).containsExactly("🎉", "👍");

        ReactionRemoved undo = new ReactionRemoved(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, target,
                thumbs.id(), "👍");
        assertThat(one(undo).getExtension(ReactionsElement.class).reactions()).containsExactly("🎉");
    }

    @Test
    @Tag("feature:attachments")
    void attachmentsGoOneByOneAsOobWithTheUrlAsBody() {
        Attachment cat = new Attachment(URI.create("mxc://matrix.example/cat"), "image/png",
                java.util.OptionalLong.of(10), Optional.of("cat.png"), java.util.OptionalInt.empty(),
                java.util.OptionalInt.empty(), Optional.empty());
        Attachment dog = Attachment.of(URI.create("mxc://matrix.example/dog"), "image/png");
        List<Message> messages = render(sent(new MessageContent("look", Optional.empty(), List.of(cat, dog),
                Optional.empty())));
        assertThat(messages).hasSize(3);
        assertThat(messages).extracting(Stanza::getStanzaId).containsExactly("d-1", "d-1-1", "d-1-2");
        assertThat(messages.get(0).getBody()).isEqualTo("look");
        Message second = messages.get(1);
        assertThat(second.getBody()).isEqualTo("https://media.gw.example/m/cat.png?sig=abc");
        assertThat(second.getExtension(OobElement.class).url()).isEqualTo(second.getBody());
        MessageSent back = readBack(second);
        assertThat(back.content().text()).isEmpty();
        assertThat(back.content().attachments()).singleElement()
                .satisfies(a -> assertThat(a.uri().toString()).isEqualTo(second.getBody()));

        List<Message> alone = render(sent(new MessageContent("", Optional.empty(), List.of(dog), Optional.empty())));
        assertThat(alone).extracting(Stanza::getStanzaId).containsExactly("d-1");
    }

    @Test
    @Tag("feature:chat-states")
    void typingIsAChatStateWithoutBodyOrStorage() {
        Message m = one(new ChatStateChanged(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT,
                ChatStateChanged.State.COMPOSING));
        assertThat(m.getBody()).isNull();
        assertThat(m.getExtension(ChatStateExtension.NAMESPACE)).isInstanceOfSatisfying(ChatStateExtension.class,
                c -> assertThat(c.getChatState()).isEqualTo(ChatState.composing));
        assertThat(m.hasExtension("no-store", "urn:xmpp:hints")).isTrue();
    }

    @Test
    @Tag("feature:markers")
    void aReadMarkerIsADisplayedMarkerOfTheMessagesXmppId() {
        EventId read = EventId.random();
        refs.known(ROOM, "room-sid-4", read);
        Message m = one(new ReadMarker(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT, read));
        assertThat(ChatMarkersElements.DisplayedExtension.from(m).getId()).isEqualTo("room-sid-4");
        InboundResult back = reader.translate(m, ROOM, GHOST, "x");
        assertThat(((InboundResult.Translated) back).events()).singleElement()
                .isInstanceOfSatisfying(ReadMarker.class, r -> assertThat(r.upTo()).isEqualTo(read));
    }

    @Test
    @Tag("feature:malformed")
    void referencesToMessagesXmppNeverSawAreNotFoundAndRoomEventsUnsupported() {
        EventId unknown = EventId.random();
        assertThatThrownBy(() -> renderer.render(new MessageEdited(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT,
                unknown, MessageContent.text("x")), GHOST, ROOM, Message.Type.groupchat, "d-1"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> renderer.render(new ReactionAdded(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT,
                unknown, "👍"), GHOST, ROOM, Message.Type.groupchat, "d-1"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.NOT_FOUND));
        assertThatThrownBy(() -> renderer.render(new MembershipChanged(EventId.random(), origin(), ALICE,
                MATRIX_ROOM, AT, ALICE, MembershipChanged.Membership.JOIN, Optional.empty()), GHOST, ROOM,
                Message.Type.groupchat, "d-1"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
        // Roles reach XMPP only through the rooms the connector hosts, which apply them as affiliations.
        assertThatThrownBy(() -> renderer.render(new RoleChanged(EventId.random(), origin(), ALICE, MATRIX_ROOM, AT,
                ALICE, Role.MODERATOR), GHOST, ROOM, Message.Type.groupchat, "d-1"))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
        assertThatThrownBy(() -> renderer.render(sent(MessageContent.text("x")), GHOST, ROOM, Message.Type.groupchat,
                "not a token")).isInstanceOf(IllegalArgumentException.class);
    }
}
