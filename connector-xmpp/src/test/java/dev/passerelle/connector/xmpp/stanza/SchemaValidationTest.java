package dev.passerelle.connector.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.xmpp.stanza.FallbackElement.Region;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;
import org.xml.sax.SAXException;

/**
 * What the elements serialise is valid against the XEPs' schemas (the patched copies in the shared specs). XEP-0461
 * publishes no schema, so {@link ReplyElement} is covered by the round-trip and example tests only.
 */
class SchemaValidationTest {

    @Test
    void retractAndTombstoneMatchTheXep0424Schema() throws Exception {
        Schema schema = Xml.schema("xep-0424", "message-retract.xsd");
        assertThatCode(() -> Xml.validate(new RetractElement("m-1"), schema)).doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(new RetractedElement("r-1",
                Optional.of(Instant.parse("2019-09-20T23:09:32.5Z")), Optional.of("mod@example.org")), schema))
                .doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(new RetractedElement("r-2", Optional.empty(), Optional.empty()), schema))
                .doesNotThrowAnyException();
    }

    @Test
    void reactionsMatchTheXep0444SchemaIncludingTheEmptySet() throws Exception {
        Schema schema = Xml.schema("xep-0444", "reactions.xsd");
        assertThatCode(() -> Xml.validate(new ReactionsElement("m-1", List.of("👍", "🐢", "<&>")), schema))
                .doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(ReactionsElement.removeAll("m-1"), schema)).doesNotThrowAnyException();
    }

    @Test
    void fallbackMatchesTheXep0428SchemaWithSubjectsBeforeBodies() throws Exception {
        Schema schema = Xml.schema("xep-0428", "fallback.xsd");
        FallbackElement mixed = new FallbackElement(Optional.of(ReplyElement.NAMESPACE),
                List.of(Region.WHOLE), List.of(Region.of(0, 38), Region.of(40, 41)));
        assertThatCode(() -> Xml.validate(mixed, schema)).doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(FallbackElement.wholeBodyFor(RetractElement.NAMESPACE), schema))
                .doesNotThrowAnyException();
        assertThatCode(() -> Xml.validate(new FallbackElement(Optional.empty(), List.of(), List.of()), schema))
                .doesNotThrowAnyException();
    }

    @Test
    void theSchemasDoRejectMalformedElements() throws Exception {
        // The validation above could pass vacuously if the schema did not constrain these elements: show it does.
        Schema retract = Xml.schema("xep-0424", "message-retract.xsd");
        assertThatThrownBy(() -> retract.newValidator().validate(new javax.xml.transform.stream.StreamSource(
                new java.io.StringReader("<retract xmlns='urn:xmpp:message-retract:1'/>"))))
                .isInstanceOf(SAXException.class);
        Schema fallback = Xml.schema("xep-0428", "fallback.xsd");
        assertThatThrownBy(() -> fallback.newValidator().validate(new javax.xml.transform.stream.StreamSource(
                new java.io.StringReader("<fallback xmlns='urn:xmpp:fallback:0'><body/><subject/></fallback>"))))
                .isInstanceOf(SAXException.class);
    }
}
