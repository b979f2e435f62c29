package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

class StanzaCodecTest {
    private final StanzaCodec codec = new StanzaCodec("gw.localhost");

    private static Jid jid(String s) {
        try {
            return JidCreate.from(s);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Parses wire XML the way the server would see it: inside a component stream. */
    private static XmlElement onTheWire(String xml) {
        List<StreamEvent> events = new StanzaParser(1 << 20, 32).feed((StanzaParserTest.HEADER + xml)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(events).hasSize(2);
        return ((StreamEvent.Stanza) events.get(1)).element();
    }

    @Test
    void messageGoesOutInTheComponentNamespaceAndReadsBack() {
        Message m = StanzaBuilder.buildMessage("m1").from(jid("ghost@gw.localhost/r")).to(jid("alice@localhost"))
                .ofType(Message.Type.groupchat).setBody("a < b").addExtension(new OriginIdElement("o1")).build();
        String xml = codec.toWire(m);
        assertThat(xml).startsWith("<message ").doesNotContain("jabber:client");
        XmlElement wire = onTheWire(xml);
        assertThat(wire.namespace()).isEqualTo(StanzaParser.COMPONENT_NS);
        assertThat(wire.child("body", StanzaParser.COMPONENT_NS).orElseThrow().text()).isEqualTo("a < b");

        Message back = (Message) codec.toSmack(wire);
        assertThat(back.getBody()).isEqualTo("a < b");
        assertThat(back.getType()).isEqualTo(Message.Type.groupchat);
        assertThat(back.getStanzaId()).isEqualTo("m1");
        assertThat(back.getExtension(OriginIdElement.class).getId()).isEqualTo("o1");
    }

    @Test
    void iqPayloadKeepsItsOwnNamespace() {
        Ping ping = new Ping(jid("localhost"));
        ping.setFrom(jid("gw.localhost"));
        XmlElement wire = onTheWire(codec.toWire(ping));
        assertThat(wire.namespace()).isEqualTo(StanzaParser.COMPONENT_NS);
        assertThat(wire.child("ping", "urn:xmpp:ping")).isPresent();
        Stanza back = codec.toSmack(wire);
        assertThat(back).isInstanceOf(Ping.class);
        assertThat(((IQ) back).getType()).isEqualTo(IQ.Type.get);
    }

    @Test
    void presenceWithLanguageAndStatusReadsIntoSmack() {
        XmlElement wire = onTheWire("<presence from='a@localhost/x' to='g@gw.localhost' xml:lang='fr'>"
                + "<show>away</show><status>parti</status><priority>5</priority></presence>");
        Presence p = (Presence) codec.toSmack(wire);
        assertThat(p.getMode()).isEqualTo(Presence.Mode.away);
        assertThat(p.getStatus()).isEqualTo("parti");
        assertThat(p.getPriority()).isEqualTo(5);
        assertThat(p.getLanguage()).isEqualTo("fr");
    }

    @Test
    void senderMustBeOnTheComponentDomain() {
        Message forged = StanzaBuilder.buildMessage("x").from(jid("mallory@localhost")).to(jid("a@localhost")).build();
        assertThatThrownBy(() -> codec.toWire(forged)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("outside the component domain")
                .matches(e -> ((GatewayException) e).reason() == GatewayException.Reason.INVALID);
        Message none = StanzaBuilder.buildMessage("y").to(jid("a@localhost")).build();
        assertThatThrownBy(() -> codec.toWire(none)).isInstanceOf(GatewayException.class)
                .hasMessageContaining("no from");
        assertThat(codec.ownDomain("GW.localhost")).isTrue();
        assertThat(codec.ownDomain("conference.gw.localhost")).isTrue();
        assertThat(codec.ownDomain("evilgw.localhost")).isFalse();
        assertThat(codec.ownDomain("localhost")).isFalse();
    }

    @Test
    void unreadableStanzaIsInvalid() {
        XmlElement bogus = onTheWire("<message type='bogus' from='a@localhost' to='b@gw.localhost'/>");
        assertThatThrownBy(() -> codec.toSmack(bogus)).isInstanceOf(GatewayException.class)
                .matches(e -> ((GatewayException) e).reason() == GatewayException.Reason.INVALID);
    }

    @Test
    void iqBounceKeepsThePayloadAndSwapsAddresses() {
        XmlElement iq = onTheWire("<iq type='set' id='q1' from='a@localhost/x' to='room@conf.gw.localhost'>"
                + "<query xmlns='urn:x'/></iq>");
        XmlElement bounce = onTheWire(codec.bounce(iq, "bad-request", "modify", "nope").orElseThrow());
        assertThat(bounce.attribute("type")).contains("error");
        assertThat(bounce.attribute("from")).contains("room@conf.gw.localhost");
        assertThat(bounce.attribute("to")).contains("a@localhost/x");
        assertThat(bounce.child("query", "urn:x")).isPresent();
        XmlElement error = bounce.child("error", StanzaParser.COMPONENT_NS).orElseThrow();
        assertThat(error.child("text", StanzaCodec.STANZAS_NS).orElseThrow().text()).isEqualTo("nope");
    }

    @Test
    void bounceIsFromTheDomainWhenTheTargetIsElsewhere() {
        XmlElement odd = onTheWire("<message id='q' from='a@localhost/x' to='b@elsewhere'/>");
        assertThat(onTheWire(codec.bounce(odd, "bad-request", "modify", null).orElseThrow()).attribute("from"))
                .contains("gw.localhost");
    }

    @Test
    void errorsAndAnonymousStanzasAreNeverAnswered() {
        assertThat(codec.bounce(onTheWire("<message type='error' from='a@localhost' to='b@gw.localhost'/>"),
                "bad-request", "modify", null)).isEmpty();
        assertThat(codec.bounce(onTheWire("<message to='b@gw.localhost'/>"), "bad-request", "modify", null)).isEmpty();
    }

    @Test
    void pingToTheDomainIsRecognisedAndAnswered() {
        XmlElement ping = onTheWire("<iq type='get' id='p1' from='localhost' to='gw.localhost'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(StanzaCodec.isPingRequest(ping, "gw.localhost")).isTrue();
        assertThat(StanzaCodec.isPingRequest(onTheWire("<iq type='get' id='p2' from='localhost' "
                + "to='ghost@gw.localhost'><ping xmlns='urn:xmpp:ping'/></iq>"), "gw.localhost")).isFalse();
        XmlElement result = onTheWire(codec.pingResult(ping));
        assertThat(result.attributes()).extracting(XmlElement.Attribute::name, XmlElement.Attribute::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("type", "result"),
                        org.assertj.core.groups.Tuple.tuple("id", "p1"),
                        org.assertj.core.groups.Tuple.tuple("from", "gw.localhost"),
                        org.assertj.core.groups.Tuple.tuple("to", "localhost"));
    }

    @Test
    void handshakeIsTheHexSha1OfIdAndSecret() {
        // Computed independently: printf '3BF96D32s3cret' | sha1sum
        assertThat(ComponentConnection.handshake("3BF96D32", "s3cret"))
                .isEqualTo("a984b871214a298f0f743fcd25f99b10838ba12b");
    }
}
