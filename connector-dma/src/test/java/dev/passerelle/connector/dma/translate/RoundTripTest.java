package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
import dev.passerelle.connector.dma.content.PartSemantics;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Canonical events sent as MIMI content and received back keep their meaning. */
class RoundTripTest {

    static final MimiRoomUri ROOM = (MimiRoomUri) Addresses.parse("mimi://example.com/r/engineering_team");
    static final MimiUserUri GHOST = (MimiUserUri) Addresses.parse("mimi://gateway.example/u/alice");
    static final Address MATRIX_ALICE = Addresses.parse("matrix:u/alice:matrix.example");
    static final Address MATRIX_ROOM = Addresses.parse("matrix:r/room:matrix.example");
    static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    /** Both directions over one shared message map, as the connector would use them. */
    static final class Gateway {
        final Map<EventId, MessageId> out = new HashMap<>();
        final Map<MessageId, EventId> in = new HashMap<>();
        final Map<EventId, String> keys = new HashMap<>();
        private int salt;
        final CanonicalToMimi toMimi = new CanonicalToMimi(e -> Optional.ofNullable(out.get(e)), () -> {
            byte[] s = new byte[MimiContent.SALT_LENGTH];
            s[0] = (byte) (salt >> 8);
            s[1] = (byte) salt++;
            return s;
        });
        final MimiToCanonical toCanonical = new MimiToCanonical(m -> Optional.ofNullable(in.get(m)),
                e -> Optional.ofNullable(keys.get(e)), EventId::random);

        /** Sends {@code event}, maps its MIMI id to it, and returns what a receiver makes of the bytes. */
        Event roundTrip(Event event) {
            Outbound o = toMimi.translate(event, ROOM, GHOST);
            out.put(event.id(), o.messageId());
            byte[] bytes = o.encoded();
            assertThat(MimiContent.messageIdOf(bytes)).isEqualTo(o.messageId());
            InboundResult r = toCanonical.translate(bytes, MimiContent.decode(bytes), AT);
            assertThat(r).as(r.toString()).isInstanceOf(InboundResult.Translated.class);
            Event back = ((InboundResult.Translated) r).event();
            assertThat(((InboundResult.Translated) r).encryptedParts()).isEmpty();
            in.put(o.messageId(), event.id());
            assertThat(back.origin()).isEqualTo(new Origin(Network.MIMI, new NativeId(o.messageId().hex())));
            assertThat(back.sender()).isEqualTo(GHOST);
            assertThat(back.conversation()).isEqualTo(ROOM);
            if (event instanceof ReactionAdded a) {
                keys.put(event.id(), a.key());
            }
            return back;
        }
    }

    static MessageSent sent(MessageContent c) {
        return new MessageSent(EventId.random(), new Origin(Network.MATRIX, new NativeId("$" + EventId.random())),
                MATRIX_ALICE, MATRIX_ROOM, AT, c);
    }

    private final Gateway gw = new Gateway();

    @Test
    void plainMessageKeepsItsText() {
        MessageSent m = sent(MessageContent.text("hello <world> & all"));
        MessageSent back = (MessageSent) gw.roundTrip(m);
        assertThat(back.content()).isEqualTo(m.content());
    }

    @Test
    void htmlMessageTravelsAsChooseOneAndKeepsTextAndSanitisedHtml() {
        MessageContent c = new MessageContent("bold move", Optional.of(HtmlSanitizer.sanitize("<b>bold</b> move")),
                List.of(), Optional.empty());
        Outbound o = gw.toMimi.translate(sent(c), ROOM, GHOST);
        NestedPart.MultiPart body = (NestedPart.MultiPart) o.content().orElseThrow().body();
        assertThat(body.semantics()).isEqualTo(PartSemantics.CHOOSE_ONE);
        MessageSent back = (MessageSent) gw.roundTrip(sent(c));
        assertThat(back.content().text()).isEqualTo("bold move");
        assertThat(back.content().html()).isEqualTo(c.html());
    }

    @Test
    void replyEditRetractionAndReactionKeepTheirTargets() {
        MessageSent original = sent(MessageContent.text("first"));
        gw.roundTrip(original);
        MessageSent reply = sent(new MessageContent("second", Optional.empty(), List.of(),
                Optional.of(original.id())));
        assertThat(((MessageSent) gw.roundTrip(reply)).content().replyTo()).contains(original.id());

        MessageEdited edit = new MessageEdited(EventId.random(), original.origin(), MATRIX_ALICE,
                original.conversation(), AT, original.id(), MessageContent.text("first, fixed"));
        MessageEdited editBack = (MessageEdited) gw.roundTrip(edit);
        assertThat(editBack.target()).isEqualTo(original.id());
        assertThat(editBack.newContent().text()).isEqualTo("first, fixed");

        ReactionAdded like = new ReactionAdded(EventId.random(), original.origin(), MATRIX_ALICE,
                original.conversation(), AT, original.id(), "\uD83D\uDC4D");
        ReactionAdded likeBack = (ReactionAdded) gw.roundTrip(like);
        assertThat(likeBack.target()).isEqualTo(original.id());
        assertThat(likeBack.key()).isEqualTo("\uD83D\uDC4D");

        ReactionRemoved unlike = new ReactionRemoved(EventId.random(), original.origin(), MATRIX_ALICE,
                original.conversation(), AT, original.id(), like.id(), "\uD83D\uDC4D");
        ReactionRemoved unlikeBack = (ReactionRemoved) gw.roundTrip(unlike);
        assertThat(unlikeBack.target()).isEqualTo(original.id());
        assertThat(unlikeBack.reaction()).isEqualTo(like.id());
        assertThat(unlikeBack.key()).isEqualTo("\uD83D\uDC4D");

        MessageRetracted retract = new MessageRetracted(EventId.random(), original.origin(), MATRIX_ALICE,
                original.conversation(), AT, reply.id(), Optional.empty());
        assertThat(((MessageRetracted) gw.roundTrip(retract)).target()).isEqualTo(reply.id());
    }

    @Test
    void attachmentsTravelAsExternalParts() {
        Attachment photo = new Attachment(URI.create("https://media.example/cat.jpg"), "image/jpeg",
                OptionalLong.of(1234), Optional.of("cat.jpg"), OptionalInt.empty(), OptionalInt.empty(),
                Optional.of("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
        Attachment doc = Attachment.of(URI.create("https://media.example/a.pdf"), "application/pdf");
        MessageContent c = new MessageContent("look", Optional.empty(), List.of(photo, doc), Optional.empty());
        MessageSent back = (MessageSent) gw.roundTrip(sent(c));
        assertThat(back.content()).isEqualTo(c);

        MessageContent only = new MessageContent("", Optional.empty(), List.of(doc), Optional.empty());
        assertThat(gw.toMimi.translate(sent(only), ROOM, GHOST).content().orElseThrow().body())
                .isInstanceOf(NestedPart.ExternalPart.class);
        assertThat(((MessageSent) gw.roundTrip(sent(only))).content()).isEqualTo(only);
    }

    @Test
    void eventsMimiCannotCarryAreUnsupported() {
        // Roles, like membership, belong to the MIMI room policy, not to content messages.
        RoleChanged role = new RoleChanged(EventId.random(), new Origin(Network.MATRIX, new NativeId("$p")),
                MATRIX_ALICE, MATRIX_ROOM, AT, MATRIX_ALICE, Role.MODERATOR);
        assertThatThrownBy(() -> gw.toMimi.translate(role, ROOM, GHOST))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
    }

    @Test
    void anEditOfAMessageWithoutMimiIdIsUnsupported() {
        MessageEdited edit = new MessageEdited(EventId.random(), new Origin(Network.MATRIX, new NativeId("$e")),
                MATRIX_ALICE, MATRIX_ROOM, AT, EventId.random(), MessageContent.text("x"));
        assertThatThrownBy(() -> gw.toMimi.translate(edit, ROOM, GHOST))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
    }
}
