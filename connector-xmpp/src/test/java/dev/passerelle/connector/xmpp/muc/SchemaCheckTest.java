package dev.passerelle.connector.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/** The schema check every recorded stanza passes through does reject what XEP-0045 and RFC 6120 forbid. */
@Tag("feature:muc-portal")
class SchemaCheckTest {

    @Test
    void aValidOccupantPresencePasses() {
        assertThatCode(() -> MucXml.validate("<presence xmlns='jabber:client' from='r@gw/n' to='a@b/c'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/>"
                + "<status code='110'/></x></presence>")).doesNotThrowAnyException();
    }

    @Test
    void anUnknownRoleIsRejected() {
        assertThatThrownBy(() -> MucXml.validate("<presence xmlns='jabber:client'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='king'/></x></presence>"))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void aStatusCodeOutOfRangeIsRejected() {
        assertThatThrownBy(() -> MucXml.validate("<presence xmlns='jabber:client'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='42'/></x></presence>"))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void aStanzaIdWithoutByIsRejected() {
        assertThatThrownBy(() -> MucXml.validate("<message xmlns='jabber:client'>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='x'/></message>"))
                .isInstanceOf(SAXException.class);
    }

    @Test
    void anErrorIqEchoingItsPayloadAfterTheErrorIsRejected() {
        assertThatThrownBy(() -> MucXml.validate("<iq xmlns='jabber:client' id='i' type='error'><error type='cancel'>"
                + "<not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'/></iq>"))
                .isInstanceOf(SAXException.class);
    }
}
