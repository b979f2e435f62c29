package dev.passerelle.connector.xmpp.stream;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;

/**
 * Turns the bytes of one inbound component stream into {@link StreamEvent}s without blocking: bytes are fed
 * as they arrive and every complete top-level element comes out as an {@link XmlElement}. One instance per
 * stream; not thread-safe (it lives on the connection's event loop).
 *
 * <p>Limits, checked while bytes arrive rather than once an element is complete: at most {@code maxStanzaBytes}
 * bytes for a top-level element (counted from the end of the previous one, so a never-ending start tag is
 * caught too) and at most {@code maxDepth} nested elements inside it. DOCTYPEs, comments and processing
 * instructions are refused with {@code restricted-xml} (RFC 6120 section 11.1), so neither entity expansion nor
 * external entities can happen. Bytes that are not UTF-8 (RFC 3629: overlong forms and surrogates included) are
 * {@code unsupported-encoding} (RFC 6120 section 4.9.3.22).
 */
final class StanzaParser {
    static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    static final String COMPONENT_NS = "jabber:component:accept";
    private static final int PROLOG_KEPT = 1024;

    private final AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;
    private final long maxStanzaBytes;
    private final int maxDepth;
    private final Deque<Open> open = new ArrayDeque<>();
    private final Utf8Check utf8 = new Utf8Check();
    /** The bytes that ended the previous reads, not yet given to aalto (see {@link #feed}). */
    private byte[] held = new byte[0];
    private boolean inStream;
    private long fed;
    private long baseline;
    private boolean dead;
    /** The bytes before the stream header, kept (bounded) to name a refused DOCTYPE precisely. */
    private final StringBuilder prolog = new StringBuilder();

    /** An element being built: its name, attributes and the children read so far. */
    private record Open(String name, String namespace, List<XmlElement.Attribute> attributes, List<XmlNode> children,
            StringBuilder text) {
    }

    StanzaParser(long maxStanzaBytes, int maxDepth) {
        this.maxStanzaBytes = maxStanzaBytes;
        this.maxDepth = maxDepth;
        AsyncXMLInputFactory factory = new InputFactoryImpl();
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Left unreplaced, an entity reference surfaces as an event and is refused below instead of expanded.
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        this.reader = factory.createAsyncForByteArray();
    }

    /** Feeds the next bytes of the stream; returns what they completed. After a violation, returns nothing. */
    List<StreamEvent> feed(byte[] bytes) {
        List<StreamEvent> out = new ArrayList<>();
        if (dead || bytes.length == 0) {
            return out;
        }
        try {
            if (!inStream && prolog.length() < PROLOG_KEPT) {
                prolog.append(new String(bytes, 0, Math.min(bytes.length, PROLOG_KEPT), StandardCharsets.ISO_8859_1));
            }
            // What precedes a byte that is not UTF-8 is parsed first, so that complete stanzas before it count.
            int invalid = utf8.firstInvalid(bytes, 0, bytes.length);
            int usable = invalid < 0 ? bytes.length : invalid;
            fed += usable;
            // aalto corrupts a long CDATA section (a character moved, a NUL inserted) when a read ends just after
            // a ']' or a CR, or inside a multi-byte character, and the text then crosses its buffer's boundary.
            // So those trailing bytes wait for the next read: a complete element ends with '>' and never has to
            // wait; the stanza size limit bounds the wait. Before an invalid byte nothing waits: the stream ends.
            byte[] unfed = concat(held, usable == bytes.length ? bytes : Arrays.copyOf(bytes, usable));
            int end = unfed.length;
            if (invalid < 0) {
                end -= utf8.incompleteTail();
                while (end > 0 && (unfed[end - 1] == ']' || unfed[end - 1] == '\r')) {
                    end--;
                }
            }
            held = Arrays.copyOfRange(unfed, end, unfed.length);
            if (held.length > maxStanzaBytes) {
                violation(out, StreamCondition.POLICY_VIOLATION,
                        "a stanza is larger than the limit of " + maxStanzaBytes + " bytes");
                return out;
            }
            if (end > 0) {
                reader.getInputFeeder().feedInput(unfed, 0, end);
            }
            int event;
            while (!dead && (event = reader.next()) != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                handle(event, out);
            }
            if (!dead && invalid >= 0) {
                violation(out, StreamCondition.UNSUPPORTED_ENCODING, String.format("byte 0x%02X at offset %d is not "
                        + "UTF-8 (RFC 3629)", bytes[invalid] & 0xFF, fed));
                return out;
            }
            if (!dead && inStream && fed - baseline > maxStanzaBytes) {
                violation(out, StreamCondition.POLICY_VIOLATION,
                        "a stanza is larger than the limit of " + maxStanzaBytes + " bytes");
            }
        } catch (XMLStreamException | RuntimeException e) {
            // aalto reports malformed input as exceptions; the stream cannot go on.
            if (!inStream && prolog.indexOf("<!DOCTYPE") >= 0) {
                // aalto fails on an internal subset instead of reporting a DTD event: either way it is a DOCTYPE.
                violation(out, StreamCondition.RESTRICTED_XML, "a DOCTYPE is not allowed");
            } else {
                violation(out, StreamCondition.NOT_WELL_FORMED, "malformed XML: " + e.getMessage());
            }
        }
        return out;
    }

    /** Bytes fed so far (for metrics). */
    long bytesFed() {
        return fed;
    }

    private void handle(int event, List<StreamEvent> out) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> start(out);
            case XMLStreamConstants.END_ELEMENT -> end(out);
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text(out);
            case XMLStreamConstants.DTD -> violation(out, StreamCondition.RESTRICTED_XML, "a DOCTYPE is not allowed");
            case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
                    violation(out, StreamCondition.RESTRICTED_XML, "entity references are not allowed");
            case XMLStreamConstants.COMMENT -> violation(out, StreamCondition.RESTRICTED_XML, "comments are not allowed");
            case XMLStreamConstants.PROCESSING_INSTRUCTION ->
                    violation(out, StreamCondition.RESTRICTED_XML, "processing instructions are not allowed");
            case XMLStreamConstants.START_DOCUMENT, XMLStreamConstants.END_DOCUMENT -> {
                // The XML declaration is allowed; the document end follows the stream close.
            }
            default -> violation(out, StreamCondition.RESTRICTED_XML, "unexpected XML construct (event " + event + ")");
        }
    }

    private void start(List<StreamEvent> out) throws XMLStreamException {
        String name = reader.getLocalName();
        String ns = nonNull(reader.getNamespaceURI());
        if (!inStream) {
            if (!name.equals("stream") || !ns.equals(STREAMS_NS)) {
                violation(out, StreamCondition.INVALID_NAMESPACE, "expected a stream header, got {" + ns + "}" + name);
                return;
            }
            String content = nonNull(reader.getNamespaceContext().getNamespaceURI(XMLConstants.DEFAULT_NS_PREFIX));
            if (!content.equals(COMPONENT_NS)) {
                violation(out, StreamCondition.INVALID_NAMESPACE, "the stream's content namespace is '" + content
                        + "', expected " + COMPONENT_NS);
                return;
            }
            inStream = true;
            prolog.setLength(0);
            markBetweenElements();
            out.add(new StreamEvent.Opened(nonNull(reader.getAttributeValue(null, "id")),
                    nonNull(reader.getAttributeValue(null, "from")), nonNull(reader.getAttributeValue(null, "to"))));
            return;
        }
        if (open.size() >= maxDepth) {
            violation(out, StreamCondition.POLICY_VIOLATION, "a stanza nests deeper than " + maxDepth + " elements");
            return;
        }
        List<XmlElement.Attribute> attributes = new ArrayList<>(reader.getAttributeCount());
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            attributes.add(new XmlElement.Attribute(reader.getAttributePrefix(i), reader.getAttributeNamespace(i),
                    reader.getAttributeLocalName(i), reader.getAttributeValue(i)));
        }
        flushText();
        open.push(new Open(name, ns, attributes, new ArrayList<>(), new StringBuilder()));
    }

    private void end(List<StreamEvent> out) throws XMLStreamException {
        if (open.isEmpty()) {
            inStream = false;
            dead = true;
            out.add(new StreamEvent.Closed());
            return;
        }
        flushText();
        Open o = open.pop();
        XmlElement element = new XmlElement(o.name, o.namespace, o.attributes, o.children);
        if (!open.isEmpty()) {
            open.peek().children.add(element);
            return;
        }
        long size = reader.getLocationInfo().getEndingByteOffset() - baseline;
        markBetweenElements();
        if (size > maxStanzaBytes) {
            // The whole element arrived in one read, before the check between reads could see it.
            violation(out, StreamCondition.POLICY_VIOLATION,
                    "a stanza of " + size + " bytes is larger than the limit of " + maxStanzaBytes + " bytes");
            return;
        }
        topLevel(element, size, out);
    }

    private void topLevel(XmlElement e, long size, List<StreamEvent> out) {
        String ns = e.namespace();
        String name = e.name();
        if (ns.equals(COMPONENT_NS)) {
            if (name.equals("message") || name.equals("presence") || name.equals("iq")) {
                out.add(new StreamEvent.Stanza(e, size));
                return;
            }
            if (name.equals("handshake")) {
                out.add(new StreamEvent.Handshake(e.text()));
                return;
            }
        } else if (ns.equals(STREAMS_NS) && name.equals("error")) {
            String wire = "undefined-condition";
            String text = "";
            for (XmlNode n : e.children()) {
                if (n instanceof XmlElement c && c.namespace().equals(StreamCondition.NAMESPACE)) {
                    if (c.name().equals("text")) {
                        text = c.text();
                    } else {
                        wire = c.name();
                    }
                }
            }
            out.add(new StreamEvent.ErrorReceived(StreamCondition.fromWire(wire), wire, text));
            return;
        } else if (ns.equals(STREAMS_NS) && name.equals("features")) {
            // Servers do not send features to components, but one that does has nothing for us to act on.
            return;
        }
        violation(out, StreamCondition.UNSUPPORTED_STANZA_TYPE,
                "unsupported top-level element {" + ns + "}" + name);
    }

    private void text(List<StreamEvent> out) throws XMLStreamException {
        if (open.isEmpty()) {
            if (!reader.isWhiteSpace()) {
                violation(out, StreamCondition.BAD_FORMAT, "text between stanzas");
                return;
            }
            // Whitespace keepalives do not count towards the next stanza's size.
            markBetweenElements();
            return;
        }
        open.peek().text.append(reader.getText());
    }

    private void flushText() {
        Open o = open.peek();
        if (o != null && o.text.length() > 0) {
            o.children.add(new XmlNode.Text(o.text.toString()));
            o.text.setLength(0);
        }
    }

    private void markBetweenElements() throws XMLStreamException {
        baseline = reader.getLocationInfo().getEndingByteOffset();
    }

    private void violation(List<StreamEvent> out, StreamCondition condition, String detail) {
        dead = true;
        open.clear();
        out.add(new StreamEvent.Violation(condition, detail));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        if (first.length == 0) {
            return second;
        }
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
