package dev.passerelle.connector.xmpp.testing;

import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one offline validator for every stanza the connector emits, in all its tests: RFC 6120's jabber:client schema
 * with every XEP schema in the shared specs' patched copy (chat states, receipts, markers, out-of-band data, stanza
 * ids, correction, retraction, reactions, fallback, vCard avatars, MUC with its #user, #admin and #owner forms,
 * disco, HTTP upload, ...), and XEP-0054's DTD for vCard-temp, which has no schema. The client namespace's open
 * content is lax, so each extension element whose namespace has a schema is checked against it; namespaces without
 * one (replies, hints, nick, styling, ping) pass. A stanza written without a namespace is read as jabber:client,
 * as a client stream carries it. Use {@link #shared()}; the compiled schema is immutable and thread-safe.
 */
public final class StanzaSchemas {
    /** Not loaded: it breaks Unique Particle Attribution (see PATCHES.md) and stanzas do not need it. */
    private static final String STREAMS = "streams.xsd";

    private static final String VCARD_NS = "vcard-temp";

    private final Schema schema;
    private final Path vcardDtd;

    private StanzaSchemas(Schema schema, Path vcardDtd) {
        this.schema = schema;
        this.vcardDtd = vcardDtd;
    }

    /** The schemas of the patched directory, compiled once per test JVM. */
    public static StanzaSchemas shared() {
        return Holder.INSTANCE;
    }

    /** Compiles every schema under {@code patched} (with imports resolved inside it, never over the network). */
    public static StanzaSchemas load(Path patched) {
        Path root = patched.toAbsolutePath().normalize();
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".xsd"))
                    .filter(p -> !p.getFileName().toString().equals(STREAMS))
                    .filter(p -> !p.getFileName().toString().equals("xml-namespace-stub.xsd"))
                    .sorted()
                    .forEach(p -> sources.add(new StreamSource(p.toUri().toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try {
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setResourceResolver(new InsideDirectory(root));
            factory.setErrorHandler(new Strict());
            // The DTD is in the published folder beside the patched one: the patches change no DTD.
            Path dtd = root.resolveSibling("xeps").resolve("xep-0054").resolve("vcard-temp.dtd");
            if (!Files.isRegularFile(dtd)) {
                throw new IllegalStateException("XEP-0054's DTD is missing: " + dtd);
            }
            return new StanzaSchemas(factory.newSchema(sources.toArray(Source[]::new)), dtd);
        } catch (SAXException e) {
            throw new IllegalStateException("the XMPP schemas in " + root + " do not compile: " + e.getMessage(), e);
        }
    }

    /** Throws an AssertionError naming the first problem and showing the XML, unless {@code xml} is valid. */
    public void validate(CharSequence xml) {
        List<String> errors = errors(xml);
        if (!errors.isEmpty()) {
            throw new AssertionError("invalid stanza: " + String.join("; ", errors) + "\n" + xml);
        }
    }

    /** Validates a Smack stanza in the jabber:client form Smack writes. */
    public void validate(Stanza stanza) {
        validate(stanza.toXML().toString());
    }

    /** Every schema violation in {@code xml}, empty when it is valid. */
    public List<String> errors(CharSequence stanza) {
        String xml = inClientNamespace(stanza.toString());
        List<String> errors = schemaErrors(xml);
        if (errors.isEmpty()) {
            errors.addAll(vcardErrors(xml));
        }
        return errors;
    }

    /** Parses a stanza as a client stream carries it (jabber:client), through Smack's registered providers. */
    public static Stanza parse(String xml) {
        try {
            return PacketParserUtils.parseStanza(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("unparseable stanza: " + xml, e);
        }
    }

    private static String inClientNamespace(String xml) {
        int end = xml.indexOf('>');
        return end < 0 || xml.substring(0, end).contains("xmlns=") ? xml
                : xml.replaceFirst("^<(\\w+)", "<$1 xmlns='jabber:client'");
    }

    /**
     * Each vCard-temp element against XEP-0054's DTD. The DTD predates namespaces and does not declare the
     * {@code xmlns} attribute every vCard-temp element carries: an internal subset declares it, fixed to the
     * namespace, and nothing else is added.
     */
    private List<String> vcardErrors(String xml) {
        List<String> errors = new ArrayList<>();
        if (!xml.contains(VCARD_NS)) {
            return errors;
        }
        try {
            DocumentBuilderFactory nsAware = DocumentBuilderFactory.newInstance();
            nsAware.setNamespaceAware(true);
            nsAware.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = nsAware.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            NodeList cards = doc.getElementsByTagNameNS(VCARD_NS, "vCard");
            for (int i = 0; i < cards.getLength(); i++) {
                Transformer t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter out = new StringWriter();
                t.transform(new DOMSource(cards.item(i)), new StreamResult(out));
                String card = "<!DOCTYPE vCard SYSTEM '" + vcardDtd.toUri()
                        + "' [<!ATTLIST vCard xmlns CDATA #FIXED 'vcard-temp'>]>" + out;
                DocumentBuilderFactory validating = DocumentBuilderFactory.newInstance();
                validating.setValidating(true);
                validating.setNamespaceAware(false);
                DocumentBuilder b = validating.newDocumentBuilder();
                b.setErrorHandler(collecting(errors));
                b.parse(new InputSource(new StringReader(card)));
            }
        } catch (SAXException e) {
            if (errors.isEmpty()) {
                errors.add(e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException(e);
        }
        return errors;
    }

    private static ErrorHandler collecting(List<String> errors) {
        return new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) {
                errors.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                errors.add(e.getMessage());
            }
        };
    }

    private List<String> schemaErrors(String xml) {
        List<String> errors = new ArrayList<>();
        Validator validator = schema.newValidator();
        try {
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setErrorHandler(collecting(errors));
            validator.validate(new StreamSource(new StringReader(xml)));
        } catch (SAXException e) {
            if (errors.isEmpty()) {
                errors.add(e.getMessage());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return errors;
    }

    private static final class Holder {
        static final StanzaSchemas INSTANCE =
                load(Above.directory(Path.of("../shared/specs/xmpp/patched"), "the XMPP schemas"));
    }

    /** Schema compilation problems are fatal: a schema that half-loads would make validation vacuous. */
    private static final class Strict implements ErrorHandler {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Resolves imports to files inside the patched directory only; anything else is an error, not a download. */
    private static final class InsideDirectory implements LSResourceResolver {
        private final Path root;

        InsideDirectory(Path root) {
            this.root = root;
        }

        @Override
        public LSInput resolveResource(String type, String namespace, String publicId, String systemId,
                String baseUri) {
            if (systemId == null) {
                return null;
            }
            URI resolved = baseUri == null ? URI.create(systemId) : URI.create(baseUri).resolve(systemId);
            if (!"file".equals(resolved.getScheme())) {
                throw new IllegalStateException("schema import outside the patched directory: " + resolved);
            }
            Path file = Path.of(resolved).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                throw new IllegalStateException("schema import outside the patched directory: " + file);
            }
            return new FileInput(publicId, file.toUri().toString(), baseUri);
        }
    }

    /** The few LSInput fields Xerces reads: a system id it can open itself. */
    private record FileInput(String publicId, String systemId, String baseUri) implements LSInput {
        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {}

        @Override
        public InputStream getByteStream() {
            return null;
        }

        @Override
        public void setByteStream(InputStream byteStream) {}

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public void setStringData(String stringData) {}

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public void setSystemId(String systemId) {}

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public void setPublicId(String publicId) {}

        @Override
        public String getBaseURI() {
            return baseUri;
        }

        @Override
        public void setBaseURI(String baseURI) {}

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public void setEncoding(String encoding) {}

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {}
    }
}
