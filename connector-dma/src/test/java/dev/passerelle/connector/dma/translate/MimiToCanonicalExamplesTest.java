package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.content.EncryptedPartUri;
import dev.passerelle.connector.dma.content.Expiration;
import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.content.NestedPart;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
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
    @Tag("feature:attachment")
    @Tag("direction:mimi-to-xmpp")
    void anEncryptedAttachmentPointsAtItsMimiEncReference() {
        MessageSent m = (MessageSent) translate("attachment");
        assertThat(m.content().text()).isEmpty();
        Attachment a = m.content().attachments().get(0);
        assertThat(m.content().attachments()).hasSize(1);
        assertThat(a.uri().getScheme()).isEqualTo("mimi-enc");
        // The part's size and hash are the ciphertext's: the file the other network gets has neither.
        assertThat(a).isEqualTo(new Attachment(a.uri(), "video/mp4", OptionalLong.empty(), Optional.of("bigfile.mp4"),
                OptionalInt.empty(), OptionalInt.empty(), Optional.empty()));
        EncryptedPartUri ref = EncryptedPartUri.parse(a.uri());
        assertThat(ref.url()).isEqualTo("https://example.com/storage/8ksB4bSrrRE.mp4");
        assertThat(ref.mediaType()).isEqualTo("video/mp4");
        assertThat(HexFormat.of().formatHex(ref.key())).isEqualTo("21399320958a6f4c745dde670d95e0d8");
        assertThat(HexFormat.of().formatHex(ref.nonce())).isEqualTo("c86cf2c33f21527d1dd76f5b");
        assertThat(HexFormat.of().formatHex(ref.sha256()))
                .isEqualTo("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163");
        assertThat(ref.size()).isEqualTo(708234961L);
    }

    @Test
    @Tag("feature:attachment")
    void anEncryptedAttachmentWithAnotherAlgorithmKeepsItsUrl() {
        MimiContent c = Examples.content("attachment");
        NestedPart.ExternalPart e = (NestedPart.ExternalPart) c.body();
        NestedPart.ExternalPart other = new NestedPart.ExternalPart(e.disposition(), e.language(), e.contentType(),
                e.url(), 0, e.size(), 3, new byte[32], e.nonce(), e.aad(), e.hashAlg(), e.contentHash(), "", "");
        MimiContent changed = new MimiContent(c.salt(), c.replaces(), c.topicId(), c.expires(), c.inReplyTo(),
                c.extensions(), other);
        InboundResult.Translated t = (InboundResult.Translated) translator.translate(changed.encode(), changed, AT);
        assertThat(((MessageSent) t.event()).content().attachments().get(0).uri())
                .isEqualTo(URI.create("https://example.com/storage/8ksB4bSrrRE.mp4"));
        assertThat(t.encryptedParts()).containsExactly(other);
    }

    @Test
    void theAttachmentsEncryptionTravelsBesideTheEvent() {
        InboundResult.Translated t = (InboundResult.Translated) translator.translate(Examples.bytes("attachment"),
                Examples.content("attachment"), AT);
        assertThat(t.encryptedParts()).hasSize(1);
        assertThat(t.encryptedParts().get(0).encAlg()).isEqualTo(1);
        assertThat(t.encryptedParts().get(0).key()).hasSize(16);
        assertThat(t.encryptedParts().get(0).url()).isEqualTo("https://example.com/storage/8ksB4bSrrRE.mp4");
        assertThat(((MessageSent) t.event()).content().attachments().get(0).uri())
                .isEqualTo(EncryptedPartUri.of(t.encryptedParts().get(0)).orElseThrow().toUri());
        InboundResult.Translated plain = (InboundResult.Translated) translator.translate(Examples.bytes("original"),
                Examples.content("original"), AT);
        assertThat(plain.encryptedParts()).isEmpty();
    }

    @Test
    @Tag("feature:mimi-expiring")
    @Tag("direction:mimi-to-xmpp")
    void anExpiringMessageIsRelayedWithAVisibleNote() {
        MessageSent m = (MessageSent) translate("expiring");
        String note = "(expiring message: the sender asked for it to disappear at 2022-02-09 07:00:04 UTC;"
                + " it will not disappear here)";
        assertThat(m.content().text()).startsWith("VPN GOING DOWN I'm rebooting the VPN").endsWith("\n" + note);
        assertThat(m.content().html()).hasValueSatisfying(h -> assertThat(h.html()).contains("<strong>")
                .endsWith("<br /><em>" + note + "</em>"));
    }

    @Test
    @Tag("feature:mimi-expiring")
    @Tag("direction:mimi-to-xmpp")
    void anExpiringMessageThatExpiredBeforeItArrivedIsNotRelayed() {
        InboundResult r = translator.translate(Examples.bytes("expiring"), Examples.content("expiring"),
                Instant.ofEpochSecond(1644390004L));
        assertThat(r).isInstanceOfSatisfying(InboundResult.Refused.class, refused -> assertThat(refused.reason())
                .isEqualTo("the message expired at 2022-02-09 07:00:04 UTC, before it arrived"));
        assertThat(translator.translate(Examples.bytes("expiring"), Examples.content("expiring"),
                Instant.ofEpochSecond(1644390003L))).isInstanceOf(InboundResult.Translated.class);
    }

    @Test
    @Tag("feature:mimi-expiring")
    @Tag("direction:mimi-to-xmpp")
    void aRelativeExpiryIsRelayedWithItsDelayAndAnEditKeepsTheNote() {
        MimiContent c = Examples.content("original");
        MimiContent relative = new MimiContent(c.salt(), c.replaces(), c.topicId(),
                Optional.of(new Expiration(true, 30)), c.inReplyTo(), c.extensions(),
                new NestedPart.SinglePart(NestedPart.RENDER, "", "text/plain", "<secret>".getBytes()));
        MessageSent m = (MessageSent) ((InboundResult.Translated) translator.translate(relative.encode(), relative,
                AT)).event();
        assertThat(m.content().text()).isEqualTo("<secret>\n(expiring message: the sender asked for it to disappear"
                + " 30 seconds after it is read; it will not disappear here)");
        assertThat(m.content().html()).isEmpty();
        MimiContent edit = new MimiContent(c.salt(), Optional.of(Examples.id("original")), c.topicId(),
                Optional.of(new Expiration(true, 30)), c.inReplyTo(), c.extensions(), relative.body());
        MessageEdited e = (MessageEdited) ((InboundResult.Translated) translator.translate(edit.encode(), edit, AT))
                .event();
        assertThat(e.newContent().text()).endsWith("30 seconds after it is read; it will not disappear here)");
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
