package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The draft's own examples become the right canonical events, with a message map built from their ids. */
class MimiToCanonicalExamplesTest {

    private static final Instant AT = Instant.parse("2022-02-08T22:13:57.728Z");
    private static final List<String> NAMED = List.of("original", "reply", "reaction", "edit", "delete",
            "attachment", "expiring", "unlike");

    private final Map<MessageId, EventId> map = new HashMap<>();
    private final Map<String, EventId> byName = new HashMap<>();
    private final Map<EventId, String> keys = new HashMap<>();
    private MimiToCanonical translator;

    @BeforeEach
    void mapExamples() {
        for (String name : NAMED) {
            EventId id = EventId.random();
            map.put(Examples.id(name), id);
            byName.put(name, id);
        }
        keys.put(byName.get("reaction"), "\u2764");
        translator = new MimiToCanonical(m -> Optional.ofNullable(map.get(m)), e -> Optional.ofNullable(keys.get(e)),
                EventId::random);
    }

    private Event translate(String name) {
        InboundResult r = translator.translate(Examples.bytes(name), Examples.content(name), AT);
        assertThat(r).as(name + ": " + r).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) r).event();
    }

    @Test
    void originalIsAMessageWithRenderedMarkdown() {
        MessageSent m = (MessageSent) translate("original");
        assertThat(m.content().text()).isEqualTo("Hi everyone, we just shipped release 2.0. Good  work!");
        assertThat(m.content().html())
                .hasValueSatisfying(h -> assertThat(h.html()).contains("<strong>Good  work</strong>"));
        assertThat(m.content().replyTo()).isEmpty();
        assertThat(m.sender()).isEqualTo(Addresses.parse("mimi://example.com/u/alice-smith"));
        assertThat(m.conversation()).isEqualTo(Addresses.parse("mimi://example.com/r/engineering_team"));
        assertThat(m.origin().network()).isEqualTo(Network.MIMI);
        assertThat(m.origin().nativeId().value()).isEqualTo(Examples.id("original").hex());
        assertThat(m.timestamp()).isEqualTo(AT);
    }

    @Test
    void replyPointsAtTheOriginal() {
        MessageSent m = (MessageSent) translate("reply");
        assertThat(m.content().replyTo()).contains(byName.get("original"));
        assertThat(m.content().text()).isEqualTo("Right on! Congratulations 'all!");
    }

    // The example's bytes are U+2764 (heavy black heart), though its comment names U+2665.
    @Test
    void reactionIsAHeartOnTheOriginal() {
        ReactionAdded r = (ReactionAdded) translate("reaction");
        assertThat(r.target()).isEqualTo(byName.get("original"));
        assertThat(r.key()).isEqualTo("\u2764");
    }

    @Test
    void editTargetsTheReply() {
        MessageEdited e = (MessageEdited) translate("edit");
        assertThat(e.target()).isEqualTo(byName.get("reply"));
        assertThat(e.newContent().text()).isEqualTo("Right on! Congratulations y'all!");
    }

    @Test
    void deleteRetractsTheReply() {
        MessageRetracted r = (MessageRetracted) translate("delete");
        assertThat(r.target()).isEqualTo(byName.get("reply"));
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void unlikeWithdrawsTheReaction() {
        ReactionRemoved r = (ReactionRemoved) translate("unlike");
        assertThat(r.target()).isEqualTo(byName.get("original"));
        assertThat(r.reaction()).isEqualTo(byName.get("reaction"));
        assertThat(r.key()).isEqualTo("\u2764");
    }

    @Test
    void unlikeOfAReactionWhoseKeyIsUnknownIsRefused() {
        keys.clear();
        InboundResult r = translator.translate(Examples.bytes("unlike"), Examples.content("unlike"), AT);
        assertThat(r).isInstanceOf(InboundResult.Refused.class);
        assertThat(((InboundResult.Refused) r).reason()).contains("key");
    }

    @Test
    void attachmentIsAnExternalFile() {
        MessageSent m = (MessageSent) translate("attachment");
        assertThat(m.content().text()).isEmpty();
        assertThat(m.content().attachments()).containsExactly(new Attachment(
                URI.create("https://example.com/storage/8ksB4bSrrRE.mp4"), "video/mp4", OptionalLong.of(708234961L),
                Optional.of("bigfile.mp4"), OptionalInt.empty(), OptionalInt.empty(),
                Optional.of("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163")));
    }

    @Test
    void theAttachmentsEncryptionTravelsBesideTheEvent() {
        InboundResult.Translated t = (InboundResult.Translated) translator.translate(Examples.bytes("attachment"),
                Examples.content("attachment"), AT);
        assertThat(t.encryptedParts()).hasSize(1);
        assertThat(t.encryptedParts().get(0).encAlg()).isEqualTo(1);
        assertThat(t.encryptedParts().get(0).key()).hasSize(16);
        assertThat(t.encryptedParts().get(0).url()).isEqualTo("https://example.com/storage/8ksB4bSrrRE.mp4");
        InboundResult.Translated plain = (InboundResult.Translated) translator.translate(Examples.bytes("original"),
                Examples.content("original"), AT);
        assertThat(plain.encryptedParts()).isEmpty();
    }

    @Test
    void expiringMessageIsAMessage() {
        MessageSent m = (MessageSent) translate("expiring");
        assertThat(m.content().text()).startsWith("VPN GOING DOWN I'm rebooting the VPN");
        assertThat(m.content().html()).hasValueSatisfying(h -> assertThat(h.html()).contains("<strong>"));
    }

    @Test
    void replyToAnUnknownMessageStaysAMessageWithoutReplyTo() {
        map.remove(Examples.id("original"));
        InboundResult r = translator.translate(Examples.bytes("reply"), Examples.content("reply"), AT);
        InboundResult.Translated t = (InboundResult.Translated) r;
        assertThat(t.unresolvedReply()).isTrue();
        assertThat(((MessageSent) t.event()).content().replyTo()).isEmpty();
    }

    @Test
    void editDeleteAndReactionOfUnknownTargetsAreRefused() {
        map.remove(Examples.id("original"));
        map.remove(Examples.id("reply"));
        for (String name : List.of("edit", "delete", "reaction")) {
            InboundResult r = translator.translate(Examples.bytes(name), Examples.content(name), AT);
            assertThat(r).as(name).isInstanceOf(InboundResult.Refused.class);
            assertThat(((InboundResult.Refused) r).reason()).as(name).contains("unknown");
        }
    }
}
