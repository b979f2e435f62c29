package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.passerelle.connector.xmpp.stanza.Extensions;
import dev.passerelle.connector.xmpp.translate.StanzaRefs;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;

/**
 * The inbound path of a stanza, fed arbitrary stream content after a valid stream header: the stream parser, then
 * {@link StanzaCodec#toSmack} (which may refuse a stanza only with an INVALID {@link GatewayException}, answered
 * with bad-request), then {@link XmppToCanonical} on every message and presence, which never throws for bad input:
 * it translates or answers {@code InboundResult.Ignored}. The sender's address is derived from the stanza's
 * {@code from} as the connector does, which may refuse it only with an {@link AddressException}.
 */
class XmppInboundFuzzTest {

    private static final byte[] HEADER = ("<stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='fuzz' from='gw.localhost'>")
            .getBytes(StandardCharsets.UTF_8);
    private static final Jid ROOM = Jid.parse("room@conference.example");

    static {
        Extensions.register();
    }

    private final StanzaCodec codec = new StanzaCodec("gw.localhost");
    private final XmppToCanonical translator = new XmppToCanonical(new GuessingRefs(),
            Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC),
            () -> new EventId(new UUID(1, 1)));

    @FuzzTest(maxDuration = "15s")
    void stanzasAreTranslatedOrRefusedWithTheDocumentedErrors(byte[] data) {
        StanzaParser parser = new StanzaParser(StanzaParserFuzzTest.MAX_STANZA_BYTES, StanzaParserFuzzTest.MAX_DEPTH);
        parser.feed(HEADER);
        for (StreamEvent event : parser.feed(data)) {
            if (event instanceof StreamEvent.Stanza stanza) {
                inbound(stanza.element());
            }
        }
    }

    private void inbound(XmlElement element) {
        Stanza stanza;
        try {
            stanza = codec.toSmack(element);
        } catch (GatewayException unreadable) {
            assertThat(unreadable.reason()).isEqualTo(GatewayException.Reason.INVALID);
            assertThat(codec.bounce(element, "bad-request", "modify", "unreadable")).isNotNull();
            return;
        }
        assertThat(stanza).isNotNull();
        if (stanza.getFrom() == null) {
            return;
        }
        Jid sender;
        try {
            sender = Jid.parse(stanza.getFrom().asBareJid().toString());
        } catch (AddressException notOurs) {
            return;
        }
        if (stanza instanceof Message message) {
            String id = Optional.ofNullable(message.getStanzaId()).filter(s -> !s.isEmpty()).orElse("fuzz-id");
            Address conversation = message.getType() == Message.Type.groupchat ? ROOM : sender;
            assertThat(translator.translate(message, conversation, sender, id)).isNotNull();
        } else if (stanza instanceof Presence presence) {
            assertThat(translator.presence(presence, sender)).isNotNull();
        }
    }

    /**
     * A message map that knows some ids and not others (ids of even length), so that corrections, retractions,
     * reactions and replies reach both their found and their unknown paths.
     */
    private static final class GuessingRefs implements StanzaRefs {
        @Override
        public Optional<EventId> canonical(Address conversation, String xmppId) {
            if (xmppId.length() % 2 != 0) {
                return Optional.empty();
            }
            return Optional.of(new EventId(UUID.nameUUIDFromBytes(xmppId.getBytes(StandardCharsets.UTF_8))));
        }

        @Override
        public Optional<String> xmppId(EventId id, Address conversation) {
            return Optional.of(id.toString());
        }

        @Override
        public Map<String, EventId> reactions(EventId target, Address user) {
            return Map.of("👍", new EventId(new UUID(2, 2)));
        }

        @Override
        public Optional<String> text(EventId id) {
            return Optional.of("an earlier message\nover two lines");
        }
    }
}
