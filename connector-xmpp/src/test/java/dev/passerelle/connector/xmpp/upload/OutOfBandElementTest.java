package dev.passerelle.connector.xmpp.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.xmpp.identity.StanzaSchemas;
import java.net.URI;
import java.util.Optional;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.junit.jupiter.api.Test;

class OutOfBandElementTest {
    private final OutOfBandElementProvider provider = new OutOfBandElementProvider();

    private OutOfBandElement parse(String xml) throws Exception {
        return provider.parse(PacketParserUtils.getParserFor(xml));
    }

    @Test
    void roundTripsWithAndWithoutDescription() throws Exception {
        OutOfBandElement full = new OutOfBandElement(URI.create("https://media.example/f/a%20b.png?sig=x&e=1"),
                Optional.of("a <cat> & a dog"));
        OutOfBandElement bare = new OutOfBandElement(URI.create("http://127.0.0.1:8080/get"), Optional.empty());

        assertThat(parse(full.toXML().toString())).isEqualTo(full);
        assertThat(parse(bare.toXML().toString())).isEqualTo(bare);
        assertThat(bare.toXML().toString()).isEqualTo("<x xmlns='jabber:x:oob'><url>http://127.0.0.1:8080/get</url></x>");
    }

    @Test
    void parsesTheXepExampleAndValidatesInAMessage() throws Exception {
        OutOfBandElement example = parse("<x xmlns='jabber:x:oob'><url>http://www.jabber.org/images/psa-license.jpg</url>"
                + "<desc>A license to Jabber!</desc></x>");
        assertThat(example.description()).contains("A license to Jabber!");

        Message message = StanzaBuilder.buildMessage("m1").to("alice@localhost").from("bob@gw.localhost")
                .setBody(example.url().toString()).addExtension(example).build();
        StanzaSchemas schemas = StanzaSchemas.load();
        assertThatCode(() -> schemas.validate(message)).doesNotThrowAnyException();
    }

    @Test
    void refusesWhatAClientShouldNotFetch() {
        assertThatThrownBy(() -> new OutOfBandElement(URI.create("file:///etc/passwd"), Optional.empty()))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> new OutOfBandElement(URI.create("/relative"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("<x xmlns='jabber:x:oob'><desc>no url</desc></x>"))
                .isInstanceOf(SmackParsingException.class);
        assertThatThrownBy(() -> parse("<x xmlns='jabber:x:oob'><url>javascript:alert(1)</url></x>"))
                .isInstanceOf(SmackParsingException.class);
    }
}
