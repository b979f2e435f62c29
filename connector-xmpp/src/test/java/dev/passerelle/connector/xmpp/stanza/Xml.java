package dev.passerelle.connector.xmpp.stanza;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.xml.sax.SAXException;

import dev.passerelle.core.testing.Above;

/** Parsing and validating helpers for this package's tests. */
final class Xml {

    private Xml() {
    }

    /** Parses one element (the whole of {@code xml}) with {@code provider}. */
    static <E extends ExtensionElement> E parse(String xml, ExtensionElementProvider<E> provider)
            throws XmlPullParserException, IOException, SmackParsingException {
        return provider.parse(PacketParserUtils.getParserFor(xml));
    }

    /** Serialises {@code element} standalone (with its xmlns) and parses it back. */
    static <E extends ExtensionElement> E roundTrip(E element, ExtensionElementProvider<E> provider)
            throws XmlPullParserException, IOException, SmackParsingException {
        return parse(element.toXML().toString(), provider);
    }

    /**
     * Parses a message stanza through Smack's own stanza parser (and so through the registered providers). A stanza
     * printed without its namespace, as the XEPs print them, gets the one its client stream would give it.
     */
    static Message message(String xml) throws XmlPullParserException, IOException, SmackParsingException {
        String startTag = xml.substring(0, xml.indexOf('>'));
        String inStream = startTag.contains("xmlns=") ? xml : xml.replaceFirst("^<message", "<message xmlns='jabber:client'");
        return PacketParserUtils.parseStanza(inStream);
    }

    /** The patched XSD {@code xeps/<xep>/<file>} from the shared specs, compiled offline. */
    static Schema schema(String xep, String file) throws SAXException {
        Path dir = Above.directory(Path.of("../shared/specs/xmpp/patched"), "the XMPP schemas");
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return factory.newSchema(dir.resolve("xeps").resolve(xep).resolve(file).toFile());
    }

    /** Validates {@code element}'s serialisation; throws SAXException describing the first violation. */
    static void validate(ExtensionElement element, Schema schema) throws SAXException, IOException {
        schema.newValidator().validate(new StreamSource(new StringReader(element.toXML().toString())));
    }
}
