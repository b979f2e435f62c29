package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.testing.Above;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Example stanzas from the XEPs' own XML sources in the shared specs, found by their caption. */
final class Examples {

    private Examples() {}

    /** The stanza text of the example of {@code xep-NNNN.xml} whose caption is {@code caption}. */
    static String byCaption(String xep, String caption) {
        List<String> found = new ArrayList<>();
        try {
            Path file = Above.directory(Path.of("../shared/specs/xmpp/sources/xeps"), "the XEP sources")
                    .resolve(xep + ".xml");
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The sources name entity files that are not in the bundle: resolve them to nothing.
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            Document document = builder.parse(file.toFile());
            NodeList examples = document.getElementsByTagName("example");
            for (int i = 0; i < examples.getLength(); i++) {
                Element example = (Element) examples.item(i);
                if (example.getAttribute("caption").equals(caption)) {
                    found.add(example.getTextContent().strip());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the examples of " + xep, e);
        }
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " examples of " + xep + " are captioned '" + caption + "'");
        }
        return found.get(0);
    }
}
