package dev.passerelle.connector.xmpp.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The validator is not vacuous: it accepts the XEPs' shapes and refuses broken ones in each covered namespace. */
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
    void refusesBrokenElementsOfTheCoveredNamespaces() {
        assertThat(schemas.errors("<message xmlns='jabber:client'><reactions xmlns='urn:xmpp:reactions:0'/></message>"))
                .isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><displayed xmlns='urn:xmpp:chat-markers:0' id='a'>"
                + "<id>a</id></displayed></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><x xmlns='jabber:x:oob'/></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><origin-id xmlns='urn:xmpp:sid:0'/></message>"))
                .isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><composing xmlns='http://jabber.org/protocol/chatstates'>"
                + "now</composing></message>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client' type='chatty'/>")).isNotEmpty();
        assertThat(schemas.errors("<message xmlns='jabber:client'><active xmlns='http://jabber.org/protocol/chatstates'/>"
                + "<body>late body</body></message>")).isNotEmpty();
        assertThat(schemas.errors("<presence xmlns='jabber:client'><show>busy</show></presence>")).isNotEmpty();
    }
}
