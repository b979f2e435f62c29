package dev.passerelle.connector.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import javax.xml.validation.Schema;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.junit.jupiter.api.Test;

/** XEP-0066 out-of-band data: round trip, schema, the XEP's example, and refusal of a missing URL. */
class OobElementTest {

    @Test
    void roundTripsWithAndWithoutDescriptionEscapingText() throws Exception {
        OobElement full = new OobElement("https://e.org/a.png?x=1&y=2", Optional.of("a <picture>"));
        assertThat(Xml.roundTrip(full, new OobElementProvider())).isEqualTo(full);
        OobElement bare = OobElement.of("https://e.org/b");
        assertThat(Xml.roundTrip(bare, new OobElementProvider())).isEqualTo(bare);
    }

    @Test
    void matchesTheXep0066Schema() throws Exception {
        Schema schema = Xml.schema("xep-0066", "x-oob.xsd");
        assertThatCode(() -> Xml.validate(new OobElement("https://e.org/a", Optional.of("d")), schema))
                .doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(OobElement.of("https://e.org/a"), schema)).doesNotThrowAnyException();
    }

    @Test
    void theXepExampleParsesThroughTheRegisteredProvider() throws Exception {
        Extensions.register();
        Message message = Xml.message(XepExamples.containing("xep-0066", "jabber:x:oob").get(0).messages().get(0));
        assertThat(message.getExtension(OobElement.class))
                .isEqualTo(OobElement.of("http://www.jabber.org/images/psa-license.jpg"));
    }

    @Test
    void aMissingOrBlankUrlIsAParseError() {
        assertThatThrownBy(() -> Xml.parse("<x xmlns='jabber:x:oob'><desc>d</desc></x>", new OobElementProvider()))
                .isInstanceOf(SmackParsingException.class);
        assertThatThrownBy(() -> Xml.parse("<x xmlns='jabber:x:oob'><url> </url></x>", new OobElementProvider()))
                .isInstanceOf(SmackParsingException.class);
    }
}
