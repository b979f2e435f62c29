package dev.passerelle.connector.xmpp.plumb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.stanza.RetractElement;
import java.util.Optional;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.junit.jupiter.api.Test;

/** Both forms of a moderator's retraction (XEP-0425 0.3 and 0.2), as Smack hands them over. */
class ModerationTest {

    @Test
    void theCurrentFormNamesTheTargetTheModeratorAndTheReason() {
        Message m = StanzaBuilder.buildMessage().build();
        m.addExtension(StandardExtensionElement.builder("retract", RetractElement.NAMESPACE)
                .addAttribute("id", "sid-1")
                .addElement(StandardExtensionElement.builder("moderated", "urn:xmpp:message-moderate:1")
                        .addAttribute("by", "room@muc.example/mod").build())
                .addElement("reason", "off topic")
                .build());

        assertThat(Moderation.from(m)).contains(
                new Moderation("sid-1", Optional.of("room@muc.example/mod"), Optional.of("off topic")));
    }

    @Test
    void theCurrentFormParsedByTheStanzaPackageKeepsTheTargetOnly() {
        Message m = StanzaBuilder.buildMessage().build();
        m.addExtension(new RetractElement("sid-2"));

        assertThat(Moderation.from(m)).contains(new Moderation("sid-2", Optional.empty(), Optional.empty()));
    }

    @Test
    void aMessageWithoutModerationHasNone() {
        assertThat(Moderation.from(StanzaBuilder.buildMessage().setBody("hi").build())).isEmpty();
    }
}
