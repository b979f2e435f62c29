package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The component stream parser ({@link StanzaParser#feed}), fed arbitrary bytes in arbitrary pieces, never throws:
 * every problem becomes a {@link StreamEvent.Violation} after which nothing more comes out, and each stanza it
 * reads, written back with {@link XmlElement#toXml}, reads again as the same element.
 *
 * <p>Input layout: the first byte picks the size of the pieces the rest is fed in (1 to 64 bytes), as a socket
 * would deliver it; the rest is the stream.
 */
class StanzaParserFuzzTest {

    static final long MAX_STANZA_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 32;
    private static final String HEADER = "<stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='http://etherx.jabber.org/streams' id='fuzz' from='gw.localhost'>";

    @FuzzTest(maxDuration = "15s")
    void parserReportsViolationsAndRoundTripsStanzas(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int piece = (data[0] & 0x3f) + 1;
        List<StreamEvent> events = feed(Arrays.copyOfRange(data, 1, data.length), piece);
        for (int i = 0; i < events.size(); i++) {
            StreamEvent event = events.get(i);
            assertThat(event).isNotNull();
            if (event instanceof StreamEvent.Violation || event instanceof StreamEvent.Closed) {
                assertThat(events.subList(i + 1, events.size())).as("events after the end of the stream").isEmpty();
            }
            if (event instanceof StreamEvent.Stanza stanza) {
                assertThat(stanza.bytes()).isPositive().isLessThanOrEqualTo(MAX_STANZA_BYTES);
                assertReadsBackTheSame(stanza.element());
            }
        }
    }

    /** Feeds {@code stream} to a fresh parser in pieces of {@code piece} bytes, then once more after it ended. */
    static List<StreamEvent> feed(byte[] stream, int piece) {
        StanzaParser parser = new StanzaParser(MAX_STANZA_BYTES, MAX_DEPTH);
        List<StreamEvent> events = new ArrayList<>();
        for (int at = 0; at < stream.length; at += piece) {
            events.addAll(parser.feed(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + piece))));
        }
        events.addAll(parser.feed(" ".getBytes(StandardCharsets.UTF_8)));
        assertThat(parser.bytesFed()).isLessThanOrEqualTo(stream.length + 1L);
        return events;
    }

    private static void assertReadsBackTheSame(XmlElement element) {
        String xml = element.toXml(StanzaParser.COMPONENT_NS);
        StanzaParser again = new StanzaParser(Long.MAX_VALUE / 2, Integer.MAX_VALUE);
        List<StreamEvent> events = new ArrayList<>(again.feed(HEADER.getBytes(StandardCharsets.UTF_8)));
        events.addAll(again.feed(xml.getBytes(StandardCharsets.UTF_8)));
        assertThat(events).as("the stanza written back: %s", xml).hasSize(2);
        assertThat(events.get(1)).as("the stanza written back: %s", xml).isInstanceOf(StreamEvent.Stanza.class);
        XmlElement read = ((StreamEvent.Stanza) events.get(1)).element();
        assertThat(withoutPrefixes(read)).as("the stanza written back: %s", xml).isEqualTo(withoutPrefixes(element));
    }

    /** The element with its attributes' prefixes dropped: toXml may choose other prefixes for the same names. */
    private static XmlElement withoutPrefixes(XmlElement e) {
        List<XmlElement.Attribute> attributes = new ArrayList<>();
        for (XmlElement.Attribute a : e.attributes()) {
            attributes.add(new XmlElement.Attribute("", a.namespace(), a.name(), a.value()));
        }
        List<XmlNode> children = new ArrayList<>();
        for (XmlNode n : e.children()) {
            children.add(n instanceof XmlElement c ? withoutPrefixes(c) : n);
        }
        return new XmlElement(e.name(), e.namespace(), attributes, children);
    }
}
