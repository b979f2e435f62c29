package dev.passerelle.connector.xmpp.identity;

import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.jivesoftware.smack.packet.Stanza;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Validates stanzas offline against the patched XMPP schemas of the shared specs: the stanza itself against RFC
 * 6120's jabber:client schema, which validates (laxly) every child whose namespace has a schema loaded here
 * (disco, XEP-0066, XEP-0153, XEP-0363), and vCard-temp children against XEP-0054's DTD, which has no XSD. XEP-0199 publishes
 * no schema; a ping and its result are plain IQs, covered by the jabber:client schema.
 */
public final class StanzaSchemas {

    private static final String[] SCHEMAS = {
        "rfc6120/jabber-client.xsd",
        "xeps/xep-0030/disco-info.xsd",
        "xeps/xep-0030/disco-items.xsd",
        "xeps/xep-0153/vcard-avatar.xsd",
        "xeps/xep-0363/http-upload.xsd",
        "xeps/xep-0066/x-oob.xsd",
    };

    private final Schema schema;
    private final Path vcardDtd;

    private StanzaSchemas(Schema schema, Path vcardDtd) {
        this.schema = schema;
        this.vcardDtd = vcardDtd;
    }

    public static StanzaSchemas load() throws SAXException {
        Path patched = Above.directory(Path.of("../shared/specs/xmpp/patched"), "the XMPP schemas");
        List<StreamSource> sources = new ArrayList<>();
        for (String s : SCHEMAS) {
            sources.add(new StreamSource(patched.resolve(s).toFile()));
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        // The DTD is only in the published folder: the patched copy changes no DTD.
        Path dtd = patched.resolveSibling("xeps").resolve("xep-0054").resolve("vcard-temp.dtd");
        return new StanzaSchemas(factory.newSchema(sources.toArray(new StreamSource[0])), dtd);
    }

    /** Throws SAXException naming the first violation in {@code stanza}'s serialisation. */
    public void validate(Stanza stanza) throws SAXException, IOException {
        validate(stanza.toXML().toString());
    }

    public void validate(String stanzaXml) throws SAXException, IOException {
        String xml = stanzaXml.substring(0, stanzaXml.indexOf('>')).contains("xmlns=")
                ? stanzaXml : stanzaXml.replaceFirst("^<(\\w+)", "<$1 xmlns='jabber:client'");
        schema.newValidator().validate(new StreamSource(new StringReader(xml)));
        Document doc = parse(xml, true);
        NodeList cards = doc.getElementsByTagNameNS("vcard-temp", "vCard");
        for (int i = 0; i < cards.getLength(); i++) {
            validateVCard((Element) cards.item(i));
        }
    }

    /**
     * XEP-0054's DTD predates namespaces and does not declare the {@code xmlns} attribute every vCard-temp
     * element carries: the internal subset declares it, fixed to the namespace, and nothing else is added.
     */
    private void validateVCard(Element card) throws SAXException, IOException {
        String body;
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            java.io.StringWriter out = new java.io.StringWriter();
            t.transform(new DOMSource(card), new StreamResult(out));
            body = out.toString();
        } catch (TransformerException e) {
            throw new IOException(e);
        }
        String doc = "<!DOCTYPE vCard SYSTEM '" + vcardDtd.toUri() + "' [<!ATTLIST vCard xmlns CDATA #FIXED 'vcard-temp'>]>"
                + body;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setValidating(true);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            b.parse(new InputSource(new StringReader(doc)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(String xml, boolean namespaces) throws SAXException, IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(namespaces);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
