package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class StanzaParserTest {
    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' "
            + "xmlns:stream='http://etherx.jabber.org/streams' from='gw.localhost' id='s1'>";
    static final String MESSAGE = "<message from='alice@localhost/phone' to='bob@gw.localhost' type='chat' id='m1'>"
            + "<body xml:lang='fr'>caf\u00e9 &amp; &lt;tea&gt; &#x1F600;</body>"
            + "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/><x xmlns='urn:x' xmlns:p='urn:p' p:a='1'><![CDATA[<raw>]]></x>"
            + "</message>";

    private final StanzaParser parser = new StanzaParser(4096, 8);

    private List<StreamEvent> feed(String s) {
        return parser.feed(s.getBytes(StandardCharsets.UTF_8));
    }

    private StreamEvent.Violation violationOf(List<StreamEvent> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Violation.class);
        return (StreamEvent.Violation) events.get(events.size() - 1);
    }

    @Test
    void readsHeaderStanzasHandshakeAndClose() {
        List<StreamEvent> events = feed(HEADER + "<handshake/>\n " + MESSAGE + "</stream:stream>");
        assertThat(events).hasSize(4);
        assertThat(events.get(0)).isEqualTo(new StreamEvent.Opened("s1", "gw.localhost", ""));
        assertThat(events.get(1)).isEqualTo(new StreamEvent.Handshake(""));
        XmlElement m = ((StreamEvent.Stanza) events.get(2)).element();
        assertThat(m.name()).isEqualTo("message");
        assertThat(m.namespace()).isEqualTo("jabber:component:accept");
        assertThat(m.attribute("to")).contains("bob@gw.localhost");
        XmlElement body = m.child("body", "jabber:component:accept").orElseThrow();
        assertThat(body.text()).isEqualTo("caf\u00e9 & <tea> \uD83D\uDE00");
        assertThat(body.attributes()).containsExactly(
                new XmlElement.Attribute("xml", XmlElement.XML_NS, "lang", "fr"));
        assertThat(m.child("x", "urn:x").orElseThrow().text()).isEqualTo("<raw>");
        assertThat(((StreamEvent.Stanza) events.get(2)).bytes())
                .isEqualTo(MESSAGE.getBytes(StandardCharsets.UTF_8).length);
        assertThat(events.get(3)).isInstanceOf(StreamEvent.Closed.class);
    }

    @Test
    void serialisedElementParsesBackToTheSameTree() {
        XmlElement m = ((StreamEvent.Stanza) feed(HEADER + MESSAGE).get(1)).element();
        StanzaParser again = new StanzaParser(4096, 8);
        List<StreamEvent> events = again.feed((HEADER + m.toXml(StanzaParser.COMPONENT_NS))
                .getBytes(StandardCharsets.UTF_8));
        assertThat(((StreamEvent.Stanza) events.get(1)).element()).isEqualTo(m);
    }

    @Test
    void streamErrorIsReported() {
        List<StreamEvent> events = feed(HEADER + "<stream:error><not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Invalid handshake</text></stream:error>");
        assertThat(events.get(1)).isEqualTo(new StreamEvent.ErrorReceived(StreamCondition.NOT_AUTHORIZED,
                "not-authorized", "Invalid handshake"));
    }

    @Test
    void doctypeWithBillionLaughsIsRestrictedXml() {
        String lol = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<stream:stream xmlns='jabber:component:accept' xmlns:stream='http://etherx.jabber.org/streams' id='x'>"
                + "<message to='a@b'><body>&lol3;</body></message>";
        assertThat(violationOf(feed(lol)).condition()).isEqualTo(StreamCondition.RESTRICTED_XML);
    }

    @Test
    void externalEntityIsRefusedBeforeAnythingIsRead() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" + HEADER
                .substring("<?xml version='1.0'?>".length()) + "<message to='a@b'><body>&xxe;</body></message>";
        List<StreamEvent> events = feed(xxe);
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.RESTRICTED_XML);
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Stanza);
    }

    @Test
    void externalDtdWithoutSubsetIsRestrictedXml() {
        String dtd = "<?xml version='1.0'?><!DOCTYPE stream SYSTEM 'file:///etc/passwd'>" + HEADER
                .substring("<?xml version='1.0'?>".length());
        assertThat(violationOf(feed(dtd)).condition()).isEqualTo(StreamCondition.RESTRICTED_XML);
    }

    @Test
    void undeclaredEntityInsideTheStreamIsRefused() {
        List<StreamEvent> events = feed(HEADER + "<message to='a@b'><body>&xxe;</body></message>");
        assertThat(violationOf(events).condition()).isIn(StreamCondition.RESTRICTED_XML, StreamCondition.NOT_WELL_FORMED);
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Stanza);
    }

    @Test
    void commentsAndProcessingInstructionsAreRestrictedXml() {
        assertThat(violationOf(feed(HEADER + "<!-- hi -->")).condition()).isEqualTo(StreamCondition.RESTRICTED_XML);
        StanzaParser other = new StanzaParser(4096, 8);
        assertThat(violationOf(other.feed((HEADER + "<message><?pi x?></message>").getBytes(StandardCharsets.UTF_8)))
                .condition()).isEqualTo(StreamCondition.RESTRICTED_XML);
    }

    @Test
    void oversizedStanzaIsPolicyViolationEvenWithoutItsEnd() {
        feed(HEADER);
        List<StreamEvent> events = new ArrayList<>(feed("<message to='a@b'><body>"));
        for (int i = 0; i < 10 && events.stream().noneMatch(e -> e instanceof StreamEvent.Violation); i++) {
            events.addAll(feed("x".repeat(1000)));
        }
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.POLICY_VIOLATION);
    }

    @Test
    void oversizedStanzaInOneReadIsPolicyViolation() {
        List<StreamEvent> events = feed(HEADER + "<message><body>" + "x".repeat(5000) + "</body></message>");
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.POLICY_VIOLATION);
        assertThat(events).noneMatch(e -> e instanceof StreamEvent.Stanza);
    }

    @Test
    void endlessStartTagIsPolicyViolation() {
        feed(HEADER);
        List<StreamEvent> events = new ArrayList<>(feed("<message a='"));
        for (int i = 0; i < 10 && events.stream().noneMatch(e -> e instanceof StreamEvent.Violation); i++) {
            events.addAll(feed("y".repeat(1000)));
        }
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.POLICY_VIOLATION);
    }

    @Test
    void whitespaceKeepalivesDoNotAddUpToAStanza() {
        feed(HEADER);
        for (int i = 0; i < 100; i++) {
            assertThat(feed(" ".repeat(100))).isEmpty();
        }
        assertThat(feed("<presence/>")).singleElement().isInstanceOf(StreamEvent.Stanza.class);
    }

    @Test
    void deepNestingIsPolicyViolation() {
        String deep = "<a>".repeat(10_000);
        List<StreamEvent> events = feed(HEADER + "<message>" + deep);
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.POLICY_VIOLATION);
        assertThat(violationOf(events).detail()).contains("deeper than 8");
    }

    @Test
    void nestingAtTheLimitIsAccepted() {
        String eight = "<message>" + "<a>".repeat(7) + "</a>".repeat(7) + "</message>";
        assertThat(feed(HEADER + eight)).last().isInstanceOf(StreamEvent.Stanza.class);
    }

    @Test
    void overlongUtf8IsUnsupportedEncodingEvenSplitAcrossReads() {
        // C0 BC is an overlong '<', E0 80 80 an overlong NUL: aalto alone decodes such forms silently.
        StanzaParser split = new StanzaParser(4096, 8);
        split.feed((HEADER + "<message from='a").getBytes(StandardCharsets.UTF_8));
        assertThat(split.feed(new byte[] {(byte) 0xE0})).isEmpty();
        assertThat(violationOf(split.feed(new byte[] {(byte) 0x80, (byte) 0x80, '\'', '/', '>'})).condition())
                .isEqualTo(StreamCondition.UNSUPPORTED_ENCODING);
        feed(HEADER + "<message><body>");
        assertThat(violationOf(parser.feed(new byte[] {(byte) 0xC0, (byte) 0xBC, 'x', '>'})).condition())
                .isEqualTo(StreamCondition.UNSUPPORTED_ENCODING);
    }

    @Test
    void multiByteCharactersSplitAcrossReadsAreAccepted() {
        byte[] bytes = (HEADER + "<message><body>\u00e9\u20ac\ud83d\ude00</body></message>")
                .getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> events = new ArrayList<>();
        for (byte b : bytes) {
            events.addAll(parser.feed(new byte[] {b}));
        }
        assertThat(events).last().isInstanceOfSatisfying(StreamEvent.Stanza.class, s -> assertThat(
                ((XmlElement) s.element().children().get(0)).text()).isEqualTo("\u00e9\u20ac\ud83d\ude00"));
    }

    @Test
    void longCdataSurvivesReadsEndingInsideIt() {
        // aalto alone, fed these a byte at a time, moves a ']' to the front or loses half of a surrogate pair and
        // inserts a NUL, when the read ends just there and the text crosses its buffer's boundary.
        for (String run : List.of("]", "\ud83d\udc4b", "\r\n", "\u00e9", "\u20ac")) {
            for (int before = 480; before < 520; before++) {
                String text = "<" + "x".repeat(before) + run.repeat(40);
                byte[] bytes = (HEADER + "<message><body><![CDATA[" + text + "]]></body></message>")
                        .getBytes(StandardCharsets.UTF_8);
                StanzaParser split = new StanzaParser(4096, 8);
                List<StreamEvent> events = new ArrayList<>();
                for (byte b : bytes) {
                    events.addAll(split.feed(new byte[] {b}));
                }
                assertThat(events).last().as("%d characters, then %s", before, run)
                        .isInstanceOfSatisfying(StreamEvent.Stanza.class, s -> assertThat(
                                ((XmlElement) s.element().children().get(0)).text())
                                .isEqualTo(text.replace("\r\n", "\n")));
            }
        }
    }

    @Test
    void piecesOfBracketsAloneCountTowardsTheStanzaLimit() {
        feed(HEADER + "<message><body><![CDATA[");
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < 5 && events.isEmpty(); i++) {
            events.addAll(parser.feed("]".repeat(1000).getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(violationOf(events).condition()).isEqualTo(StreamCondition.POLICY_VIOLATION);
    }

    @Test
    void mismatchedTagsAreNotWellFormed() {
        assertThat(violationOf(feed(HEADER + "<message></presence>")).condition())
                .isEqualTo(StreamCondition.NOT_WELL_FORMED);
    }

    @Test
    void wrongContentNamespaceIsInvalidNamespace() {
        String header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='x'>";
        assertThat(violationOf(feed(header)).condition()).isEqualTo(StreamCondition.INVALID_NAMESPACE);
    }

    @Test
    void unknownTopLevelElementIsUnsupportedStanzaType() {
        assertThat(violationOf(feed(HEADER + "<foo xmlns='urn:foo'/>")).condition())
                .isEqualTo(StreamCondition.UNSUPPORTED_STANZA_TYPE);
    }

    @Test
    void textBetweenStanzasIsBadFormat() {
        assertThat(violationOf(feed(HEADER + "hello")).condition()).isEqualTo(StreamCondition.BAD_FORMAT);
    }

    @Test
    void nothingIsAcceptedAfterAViolation() {
        feed(HEADER + "<!-- x -->");
        assertThat(feed("<presence/>")).isEmpty();
    }

    @Test
    void anySplitOfTheInputParsesTheSame() {
        byte[] input = (HEADER + "<handshake/>" + MESSAGE + " <presence from='a@b/c'><status>\u00e9t\u00e9</status>"
                + "</presence><iq type='get' id='p' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq></stream:stream>")
                .getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> whole = new StanzaParser(4096, 8).feed(input);
        assertThat(whole).hasSize(6);
        qt().withExamples(200).forAll(lists().of(integers().between(1, input.length - 1)).ofSizeBetween(0, 40))
                .checkAssert(cuts -> assertThat(feedInPieces(input, cuts)).isEqualTo(whole));
        List<Integer> everyByte = new ArrayList<>();
        for (int i = 1; i < input.length; i++) {
            everyByte.add(i);
        }
        assertThat(feedInPieces(input, everyByte)).isEqualTo(whole);
    }

    @Test
    void everyWellFormedUtf8SequenceIsAccepted() {
        String text = "\u007f\u0080\u07ff\u0800\ud7ff\ue000\ufffd\ud800\udc00\udbff\udfff";
        List<StreamEvent> events = feed(HEADER + "<message><body>" + text + "</body></message>");
        XmlElement m = ((StreamEvent.Stanza) events.get(1)).element();
        assertThat(m.child("body", StanzaParser.COMPONENT_NS).orElseThrow().text()).isEqualTo(text);
    }

    @Test
    void bytesThatAreNotUtf8AreUnsupportedEncoding() {
        // A bad continuation, an overlong '<', a stray continuation, a 5-byte form, a surrogate, above U+10FFFF,
        // a sequence cut by the next markup.
        for (String hex : List.of("c328", "c0bc", "80", "f8888080", "eda080", "f4908080", "e282")) {
            byte[] bad = java.util.HexFormat.of().parseHex(hex);
            byte[] head = (HEADER + "<message><body>").getBytes(StandardCharsets.UTF_8);
            byte[] tail = "</body></message>".getBytes(StandardCharsets.UTF_8);
            byte[] input = new byte[head.length + bad.length + tail.length];
            System.arraycopy(head, 0, input, 0, head.length);
            System.arraycopy(bad, 0, input, head.length, bad.length);
            System.arraycopy(tail, 0, input, head.length + bad.length, tail.length);
            StreamEvent.Violation v = violationOf(new StanzaParser(4096, 8).feed(input));
            assertThat(v.condition()).as(hex + ": " + v.detail()).isEqualTo(StreamCondition.UNSUPPORTED_ENCODING);
            List<Integer> everyByte = new ArrayList<>();
            for (int i = 1; i < input.length; i++) {
                everyByte.add(i);
            }
            List<StreamEvent> inPieces = feedInPieces(input, everyByte);
            assertThat(((StreamEvent.Violation) inPieces.get(inPieces.size() - 1)).condition()).as(hex + " byte by byte")
                    .isEqualTo(StreamCondition.UNSUPPORTED_ENCODING);
        }
    }

    private static List<StreamEvent> feedInPieces(byte[] input, List<Integer> cuts) {
        StanzaParser p = new StanzaParser(4096, 8);
        List<StreamEvent> out = new ArrayList<>();
        int from = 0;
        for (int cut : new TreeSet<>(cuts)) {
            out.addAll(p.feed(Arrays.copyOfRange(input, from, cut)));
            from = cut;
        }
        out.addAll(p.feed(Arrays.copyOfRange(input, from, input.length)));
        return out;
    }
}
