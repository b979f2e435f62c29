package dev.passerelle.connector.xmpp.identity;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/** The validation the other tests rely on does reject what the specs forbid, so passing it means something. */
class StanzaSchemasTest {

    @Test
    void rejectsWhatTheSchemasAndTheDtdForbid() throws Exception {
        StanzaSchemas schemas = StanzaSchemas.load();
        assertThatThrownBy(() -> schemas.validate("<presence><x xmlns='vcard-temp:x:update'><photo>zz</photo></x></presence>"))
                .isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> schemas.validate("<iq type='result' id='1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'><identity type='text'/></query></iq>"))
                .isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> schemas.validate("<iq type='result' id='1'><vCard xmlns='vcard-temp'>"
                + "<NICKNAME>x</NICKNAME></vCard></iq>")).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> schemas.validate("<iq type='result' id='1'><vCard xmlns='vcard-temp'><VERSION>2.0</VERSION>"
                + "<FN>x</FN><N/><PHOTO><BINVAL>AA==</BINVAL></PHOTO></vCard></iq>")).isInstanceOf(SAXException.class);
        assertThatCode(() -> schemas.validate("<iq type='result' id='1'><vCard xmlns='vcard-temp'><VERSION>2.0</VERSION>"
                + "<FN>x</FN><N/><PHOTO><TYPE>image/png</TYPE><BINVAL>AA==</BINVAL></PHOTO></vCard></iq>"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> schemas.validate("<message><x xmlns='jabber:x:oob'><desc>no url</desc></x></message>"))
                .isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> schemas.validate("<iq type='get' id='1'><request xmlns='urn:xmpp:http:upload:0'"
                + " filename='a' size='x'/></iq>")).isInstanceOf(SAXException.class);
        assertThatThrownBy(() -> schemas.validate("<iq type='error' id='1'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>")).isInstanceOf(SAXException.class);
    }
}
