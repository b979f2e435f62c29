package dev.passerelle.connector.xmpp.stanza;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.InputSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import dev.passerelle.core.testing.Above;

/** The example blocks of a XEP's XML source (/work/shared/specs/xmpp/sources/xeps), as the XEP prints them. */
final class XepExamples {

    private XepExamples() {
    }

    /** The text of every {@code <example/>} of {@code xep-NNNN.xml} that contains {@code marker}, in order. */
    static List<Example> containing(String xep, String marker) throws Exception {
        Path file = Above.directory(Path.of("../shared/specs/xmpp/sources/xeps"), "the XEP sources")
                .resolve(xep + ".xml");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The XEP sources reference entity files that are not in the bundle: keep them unresolved.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        Document document = builder.parse(file.toFile());
        NodeList examples = document.getElementsByTagName("example");
        List<Example> found = new ArrayList<>();
        for (int i = 0; i < examples.getLength(); i++) {
            org.w3c.dom.Element example = (org.w3c.dom.Element) examples.item(i);
            String text = example.getTextContent();
            if (text.contains(marker)) {
                found.add(new Example(example.getAttribute("caption"), text.strip()));
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("no example in " + file + " contains " + marker);
        }
        return found;
    }

    /** One example: its caption and its stanzas (one or more, as XML text). */
    record Example(String caption, String xml) {

        /** The example's top-level {@code <message/>} stanzas (nested ones stay inside), each as its own text. */
        List<String> messages() {
            List<String> messages = new ArrayList<>();
            int depth = 0;
            int start = -1;
            int at = 0;
            while (true) {
                int open = xml.indexOf("<message", at);
                int close = xml.indexOf("</message>", at);
                if (close < 0) {
                    if (depth != 0) {
                        throw new IllegalStateException("unterminated <message> in example '" + caption + "'");
                    }
                    return messages;
                }
                if (open >= 0 && open < close) {
                    if (depth++ == 0) {
                        start = open;
                    }
                    at = open + 1;
                } else {
                    at = close + "</message>".length();
                    if (--depth == 0) {
                        messages.add(xml.substring(start, at));
                    }
                }
            }
        }

        @Override
        public String toString() {
            return caption;
        }
    }
}
