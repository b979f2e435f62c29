package dev.passerelle.connector.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.passerelle.connector.xmpp.stanza.FallbackElement.Region;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.parsing.SmackParsingException.RequiredAttributeMissingException;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.quicktheories.core.Gen;

/** Each element serialises and parses back to itself; malformed input is a parse error that says what is wrong. */
class ExtensionElementsTest {

    // Ids and reactions with XML's special characters and characters outside the BMP.
    private static final Gen<String> TEXT = strings().basicLatinAlphabet().ofLengthBetween(1, 12)
            .mix(arbitrary().pick("<&>'\"", "👍", "🐢 x", "❤️", "id-1", "a]]>b"));
    private static final Gen<String> EMOJI = arbitrary().pick("👍", "👋", "🐢", "❤️", "💘", "🇫🇷", "👩‍👩‍👧", "+1");

    @Test
    void retractRoundTrips() {
        qt().forAll(TEXT).checkAssert(id -> {
            RetractElement element = new RetractElement(id);
            assertThat(roundTrip(element, new RetractElementProvider())).isEqualTo(element);
        });
    }

    @Test
    void retractedRoundTripsWithAndWithoutItsOptionalAttributes() throws Exception {
        RetractedElement full = new RetractedElement("r-1", Optional.of(Instant.parse("2019-09-20T23:09:32.250Z")),
                Optional.of("moderator@muc.example/mod"));
        RetractedElement bare = new RetractedElement("r-2", Optional.empty(), Optional.empty());
        assertThat(Xml.roundTrip(full, new RetractedElementProvider())).isEqualTo(full);
        assertThat(Xml.roundTrip(bare, new RetractedElementProvider())).isEqualTo(bare);
    }

    @Test
    void retractedStampsWithAnOffsetAreTheSameInstant() throws Exception {
        RetractedElement parsed = Xml.parse(
                "<retracted xmlns='urn:xmpp:message-retract:1' id='x' stamp='2019-09-21T01:09:32+02:00'/>",
                new RetractedElementProvider());
        assertThat(parsed.stamp()).contains(Instant.parse("2019-09-20T23:09:32Z"));
    }

    @Test
    void reactionsRoundTripInOrder() {
        qt().forAll(TEXT, lists().of(EMOJI).ofSizeBetween(0, 5)).checkAssert((id, drawn) -> {
            ReactionsElement element = new ReactionsElement(id, List.copyOf(new LinkedHashSet<>(drawn)));
            assertThat(roundTrip(element, new ReactionsElementProvider())).isEqualTo(element);
        });
    }

    @Test
    void anEmptyReactionSetIsValidAndMeansRemoveAll() throws Exception {
        ReactionsElement parsed = Xml.parse("<reactions xmlns='urn:xmpp:reactions:0' id='m1'/>",
                new ReactionsElementProvider());
        assertThat(parsed).isEqualTo(ReactionsElement.removeAll("m1"));
        assertThat(parsed.reactions()).isEmpty();
        assertThat(parsed.toXML().toString()).isEqualTo("<reactions xmlns='urn:xmpp:reactions:0' id='m1'/>");
    }

    @Test
    void reactionsIgnoreUnknownChildren() throws Exception {
        ReactionsElement parsed = Xml.parse("<reactions xmlns='urn:xmpp:reactions:0' id='m1'>"
                + "<reaction>👍</reaction><extra xmlns='urn:example'><reaction>no</reaction></extra></reactions>",
                new ReactionsElementProvider());
        assertThat(parsed.reactions()).containsExactly("👍");
    }

    @Test
    void replyRoundTripsWithAndWithoutTheAuthor() throws Exception {
        ReplyElement withAuthor = new ReplyElement(Optional.of(JidCreate.from("anna@example.com/tablet")), "m'1");
        ReplyElement anonymous = new ReplyElement(Optional.empty(), "stanza-id-7");
        assertThat(Xml.roundTrip(withAuthor, new ReplyElementProvider())).isEqualTo(withAuthor);
        assertThat(Xml.roundTrip(anonymous, new ReplyElementProvider())).isEqualTo(anonymous);
        assertThat(withAuthor.toXML().toString())
                .isEqualTo("<reply xmlns='urn:xmpp:reply:0' to='anna@example.com/tablet' id='m&apos;1'/>");
    }

    @Test
    void fallbackRoundTripsWithSubjectAndBodyRegions() {
        Gen<Region> regions = integers().between(0, 1000).zip(integers().between(0, 1000),
                (a, b) -> Region.of(Math.min(a, b), Math.max(a, b)))
                .mix(arbitrary().constant(Region.WHOLE));
        qt().forAll(arbitrary().pick(Optional.<String>empty(), Optional.of(ReplyElement.NAMESPACE)),
                lists().of(regions).ofSizeBetween(0, 3), lists().of(regions).ofSizeBetween(0, 3))
                .checkAssert((forNamespace, subjects, bodies) -> {
                    FallbackElement element = new FallbackElement(forNamespace, subjects, bodies);
                    assertThat(roundTrip(element, new FallbackElementProvider())).isEqualTo(element);
                });
    }

    @Test
    void aMissingIdIsAParseErrorNamingTheElementAndAttribute() {
        assertThatThrownBy(() -> Xml.parse("<retract xmlns='urn:xmpp:message-retract:1'/>", new RetractElementProvider()))
                .isInstanceOf(RequiredAttributeMissingException.class)
                .hasMessageContaining("<retract/>").hasMessageContaining("'id'");
        assertThatThrownBy(() -> Xml.parse("<retract xmlns='urn:xmpp:message-retract:1' id=''/>",
                new RetractElementProvider()))
                .isInstanceOf(RequiredAttributeMissingException.class);
        assertThatThrownBy(() -> Xml.parse("<reactions xmlns='urn:xmpp:reactions:0'><reaction>👍</reaction></reactions>",
                new ReactionsElementProvider()))
                .isInstanceOf(RequiredAttributeMissingException.class).hasMessageContaining("<reactions/>");
        assertThatThrownBy(() -> Xml.parse("<reply xmlns='urn:xmpp:reply:0' to='a@b'/>", new ReplyElementProvider()))
                .isInstanceOf(RequiredAttributeMissingException.class).hasMessageContaining("<reply/>");
        assertThatThrownBy(() -> Xml.parse("<retracted xmlns='urn:xmpp:message-retract:1' stamp='2019-09-20T23:09:32Z'/>",
                new RetractedElementProvider()))
                .isInstanceOf(RequiredAttributeMissingException.class).hasMessageContaining("<retracted/>");
    }

    @Test
    void repeatedOrEmptyReactionsAreParseErrors() {
        assertThatThrownBy(() -> Xml.parse("<reactions xmlns='urn:xmpp:reactions:0' id='m'>"
                + "<reaction>👍</reaction><reaction>👍</reaction></reactions>", new ReactionsElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("appears twice");
        assertThatThrownBy(() -> Xml.parse("<reactions xmlns='urn:xmpp:reactions:0' id='m'><reaction/></reactions>",
                new ReactionsElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("empty");
    }

    @Test
    void badRegionsAndStampsAndAuthorsAreParseErrors() {
        assertThatThrownBy(() -> Xml.parse("<fallback xmlns='urn:xmpp:fallback:0'><body start='3'/></fallback>",
                new FallbackElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("both 'start' and 'end' or neither");
        assertThatThrownBy(() -> Xml.parse("<fallback xmlns='urn:xmpp:fallback:0'><body start='9' end='3'/></fallback>",
                new FallbackElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("9..3");
        assertThatThrownBy(() -> Xml.parse("<fallback xmlns='urn:xmpp:fallback:0'><body start='x' end='3'/></fallback>",
                new FallbackElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("not a number");
        assertThatThrownBy(() -> Xml.parse("<fallback xmlns='urn:xmpp:fallback:0'><body start='-1' end='3'/></fallback>",
                new FallbackElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("unsigned");
        assertThatThrownBy(() -> Xml.parse("<retracted xmlns='urn:xmpp:message-retract:1' id='r' stamp='yesterday'/>",
                new RetractedElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("stamp='yesterday'");
        assertThatThrownBy(() -> Xml.parse("<reply xmlns='urn:xmpp:reply:0' to='' id='m'/>", new ReplyElementProvider()))
                .isInstanceOf(SmackParsingException.class).hasMessageContaining("empty author");
    }

    @Test
    void recordsRejectWhatTheWireFormatCannotSay() {
        assertThatThrownBy(() -> new RetractElement("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReactionsElement("m", List.of("👍", "👍")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> new FallbackElement(Optional.of(""), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'for'");
        assertThatThrownBy(() -> Region.of(0, 1L << 32)).isInstanceOf(IllegalArgumentException.class);
    }

    private static <E extends org.jivesoftware.smack.packet.ExtensionElement> E roundTrip(E element,
            org.jivesoftware.smack.provider.ExtensionElementProvider<E> provider) {
        try {
            return Xml.roundTrip(element, provider);
        } catch (Exception e) {
            throw new AssertionError("could not parse back " + element.toXML(), e);
        }
    }
}
