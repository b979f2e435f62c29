package dev.passerelle.connector.xmpp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The validator every connector test relies on is not vacuous: it accepts the specs' shapes and refuses broken ones
 * in each namespace it covers (RFC 6120, the XEP schemas, XEP-0045 and XEP-0054's DTD).
 */
@Tag("feature:schemas")
class StanzaSchemasTest {
    private final StanzaSchemas schemas = StanzaSchemas.shared();

    @Test
    void acceptsAMessageWithExtensionsOfEveryCoveredNamespace() {
        assertThat(schemas.errors("<message xmlns='jabber:client' to='a@b' type='chat' id='x1'><body>hi</body>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>"
                + "<x xmlns='jabber:x:oob'><url>https://e.org/a.png</url></x>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='x1'/>"
                + "<replace xmlns='urn:xmpp:message-correct:0' id='x0'/>"
                + "<fallback xmlns='urn:xmpp:fallback:0' for='urn:xmpp:reply:0'><body start='0' end='2'/></fallback>"
                + "<reply xmlns='urn:xmpp:reply:0' id='x0'/></message>")).isEmpty();
        assertThat(schemas.errors("<presence xmlns='jabber:client'><show>away</show><status>out</status>"
                + "<x xmlns='vcard-temp:x:update'><photo>01b87fcd030b72895ff8e88db57ec525450f000d</photo></x>"
                + "</presence>")).isEmpty();
    }

    @Test
    void refusesBrokenElementsOfTheMessagingXeps() {
        assertThat(schemas.errors("<message xmlns='jabber:client'><reactions xmlns='urn:xmpp:reactions:0'/></message>"))
                .isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><displayed xmlns='urn:xmpp:chat-markers:0' id='a'>"
                + "<id>a</id></displayed></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><x xmlns='jabber:x:oob'/></message>")).isNotEmpty();
        assertThat(schemas.errors("<message><x xmlns='jabber:x:oob'><desc>no url</desc></x></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><origin-id xmlns='urn:xmpp:sid:0'/></message>"))
                .isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><composing xmlns='http://jabber.org/protocol/chatstates'>"
                + "now</composing></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client' type='chatty'/>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<body>late body</body></message>")).isNotEmpty();
        assertThat(schemas.errors("<presence xmlns='jabber:client'><show>busy</show></presence>")).isNotEmpty();
        assertThat(schemas.errors("<presence><x xmlns='vcard-temp:x:update'><photo>zz</photo></x></presence>"))
                .isNotEmpty();
    }

    @Test
    void checksMucAndStanzaIdsAgainstXep0045AndXep0359() {
        assertThat(schemas.errors("<presence xmlns='jabber:client' from='r@gw/n' to='a@b/c'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='member' role='participant'/>"
                + "<status code='110'/></x></presence>")).isEmpty();
        assertThat(schemas.errors("<presence xmlns='jabber:client'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='king'/></x></presence>")).isNotEmpty();
        assertThat(schemas.errors("<presence xmlns='jabber:client'>"
                + "<x xmlns='http://jabber.org/protocol/muc#user'><status code='42'/></x></presence>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='x'/></message>")).isNotEmpty();
    }

    @Test
    void checksIqsDiscoAndUploadRequests() {
        assertThat(schemas.errors("<iq xmlns='jabber:client' id='i' type='error'><error type='cancel'>"
                + "<not-allowed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'/></iq>")).isNotEmpty();
        assertThat(schemas.errors("<iq type='result' id='1'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'><identity type='text'/></query></iq>"))
                .isNotEmpty();
        assertThat(schemas.errors("<iq type='get' id='1'><request xmlns='urn:xmpp:http:upload:0'"
                + " filename='a' size='x'/></iq>")).isNotEmpty();
        assertThat(schemas.errors("<iq type='get' id='1' to='upload.localhost'><request"
                + " xmlns='urn:xmpp:http:upload:0' filename='a.png' size='10' content-type='image/png'/></iq>"))
                .isEmpty();
    }

    @Test
    void checksVCardsAgainstTheXep0054Dtd() {
        assertThat(schemas.errors("<iq type='result' id='1'><vCard xmlns='vcard-temp'>"
                + "<NICKNAME>x</NICKNAME></vCard></iq>")).isNotEmpty();
        assertThat(schemas.errors("<iq type='result' id='1'><vCard xmlns='vcard-temp'><VERSION>2.0</VERSION>"
                + "<FN>x</FN><N/><PHOTO><BINVAL>AA==</BINVAL></PHOTO></vCard></iq>")).isNotEmpty();
        assertThat(schemas.errors("<iq type='result' id='1'><vCard xmlns='vcard-temp'><VERSION>2.0</VERSION>"
                + "<FN>x</FN><N/><PHOTO><TYPE>image/png</TYPE><BINVAL>AA==</BINVAL></PHOTO></vCard></iq>")).isEmpty();
    }

    @Test
    void validateFailsWithTheProblemAndTheStanza() {
        assertThatThrownBy(() -> schemas.validate("<message xmlns='jabber:client' type='chatty'/>"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("chatty");
    }
}
