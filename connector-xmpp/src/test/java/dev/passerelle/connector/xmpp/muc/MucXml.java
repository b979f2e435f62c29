package dev.passerelle.connector.xmpp.muc;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.xml.sax.SAXException;

import dev.passerelle.core.testing.Above;

/**
 * Validates stanzas, as Smack writes them (in {@code jabber:client}), against RFC 6120's client schema together with
 * the XEP-0045, XEP-0030 and XEP-0359 schemas (patched copies in the shared specs), and parses client stanzas.
 */
final class MucXml {

    private static final Schema SCHEMA = compile();

    private MucXml() {
    }

    private static Schema compile() {
        Path dir = Above.directory(Path.of("../shared/specs/xmpp/patched"), "the XMPP schemas");
        Path xeps = dir.resolve("xeps");
        Source[] sources = {
            new StreamSource(dir.resolve("rfc6120/jabber-client.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0045/muc.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0045/muc-user.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0045/muc-admin.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0045/muc-owner.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0030/disco-info.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0030/disco-items.xsd").toFile()),
            new StreamSource(xeps.resolve("xep-0359/sid.xsd").toFile()),
        };
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(sources);
        } catch (SAXException e) {
            throw new IllegalStateException("the XMPP schemas do not compile", e);
        }
    }

    /** Throws SAXException naming the first violation in {@code xml}. */
    static void validate(String xml) throws SAXException, IOException {
        SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
    }

    /** Validates a stanza's serialisation; an invalid one fails the test with the stanza in the message. */
    static void assertValid(Stanza stanza) {
        String xml = stanza.toXML().toString();
        try {
            validate(xml);
        } catch (SAXException | IOException e) {
            throw new AssertionError("invalid stanza: " + e.getMessage() + "\n" + xml, e);
        }
    }

    /** Parses a stanza as a client stream carries it (jabber:client), through Smack's registered providers. */
    static Stanza parse(String xml) {
        try {
            return PacketParserUtils.parseStanza(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("unparseable stanza: " + xml, e);
        }
    }
}
