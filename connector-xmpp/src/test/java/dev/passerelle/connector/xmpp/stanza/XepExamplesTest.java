package dev.passerelle.connector.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.stanza.FallbackElement.Region;
import dev.passerelle.connector.xmpp.stanza.XepExamples.Example;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.forward.packet.Forwarded;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;

/** The XEPs' own example stanzas, parsed by Smack with this package's providers registered. */
class XepExamplesTest {

    @BeforeAll
    static void register() {
        Extensions.register();
    }

    private static <E extends ExtensionElement> E extension(Message message, String element, String namespace,
            Class<E> type) {
        ExtensionElement found = message.getExtension(element, namespace);
        assertThat(found).as("<%s xmlns='%s'/> in %s", element, namespace, message.toXML()).isInstanceOf(type);
        return type.cast(found);
    }

    @Test
    void xep0424RetractionExampleCarriesTheRetractedIdAndAFallbackForIt() throws Exception {
        List<Example> examples = XepExamples.containing("xep-0424", "<retract ");
        assertThat(examples).hasSize(1);
        Message message = Xml.message(examples.get(0).messages().get(0));

        assertThat(extension(message, "retract", RetractElement.NAMESPACE, RetractElement.class))
                .isEqualTo(new RetractElement("wrong-recipient-1"));
        assertThat(extension(message, "fallback", FallbackElement.NAMESPACE, FallbackElement.class))
                .isEqualTo(new FallbackElement(Optional.of(RetractElement.NAMESPACE), List.of(), List.of()));
    }

    @Test
    void xep0424TombstoneExampleInsideAnArchiveResultIsParsed() throws Exception {
        List<Example> examples = XepExamples.containing("xep-0424", "<retracted ");
        assertThat(examples).hasSize(1);
        Message outer = Xml.message(examples.get(0).messages().get(0));
        MamResultExtension result = outer.getExtension(MamResultExtension.class);
        Forwarded<?> forwarded = result.getForwarded();
        Stanza archived = forwarded.getForwardedStanza();

        assertThat(archived).isInstanceOf(Message.class);
        assertThat(extension((Message) archived, "retracted", RetractedElement.NAMESPACE, RetractedElement.class))
                .isEqualTo(new RetractedElement("retract-message-1",
                        Optional.of(Instant.parse("2019-09-20T23:09:32Z")), Optional.empty()));
    }

    @Test
    void xep0444ReactionExamplesGiveTheCompleteSetIncludingTheEmptyOne() throws Exception {
        List<Example> examples = XepExamples.containing("xep-0444", "<reactions ");
        List<ReactionsElement> parsed = new java.util.ArrayList<>();
        for (Example example : examples) {
            for (String xml : example.messages()) {
                Message message = Xml.message(xml);
                if (message.hasExtension("reactions", ReactionsElement.NAMESPACE)) {
                    parsed.add(extension(message, "reactions", ReactionsElement.NAMESPACE, ReactionsElement.class));
                }
            }
        }

        String target = "744f6e18-a57a-11e9-a656-4889e7820c76";
        assertThat(parsed).containsExactly(
                new ReactionsElement(target, List.of("👋")),
                new ReactionsElement(target, List.of("👋", "🐢")),
                ReactionsElement.removeAll(target),
                new ReactionsElement("restricted-reactions-1", List.of("💘", "💜")));
    }

    @Test
    void xep0461ReplyExamplesNameTheAuthorAndTheMessageAndMarkTheQuoteAsFallback() throws Exception {
        List<Example> examples = XepExamples.containing("xep-0461", "<reply ");
        assertThat(examples).hasSize(2);

        Message plain = Xml.message(examples.get(0).messages().get(1));
        assertThat(extension(plain, "reply", ReplyElement.NAMESPACE, ReplyElement.class))
                .isEqualTo(new ReplyElement(Optional.of(JidCreate.from("anna@example.com/tablet")), "message-id1"));

        Message quoting = Xml.message(examples.get(1).messages().get(0));
        assertThat(extension(quoting, "reply", ReplyElement.NAMESPACE, ReplyElement.class))
                .isEqualTo(new ReplyElement(Optional.of(JidCreate.from("anna@example.com/laptop")), "message-id1"));
        assertThat(extension(quoting, "fallback", FallbackElement.NAMESPACE, FallbackElement.class))
                .isEqualTo(FallbackElement.bodyFor(ReplyElement.NAMESPACE, 0, 38));
    }

    @Test
    void xep0428ExampleMarksTheQuotedPartOfTheBody() throws Exception {
        List<Example> examples = XepExamples.containing("xep-0428", "<fallback ");
        assertThat(examples).hasSize(1);
        Message message = Xml.message(examples.get(0).messages().get(0));

        FallbackElement fallback = extension(message, "fallback", FallbackElement.NAMESPACE, FallbackElement.class);
        assertThat(fallback.forNamespace()).contains(ReplyElement.NAMESPACE);
        assertThat(fallback.subjects()).isEmpty();
        assertThat(fallback.bodies()).containsExactly(Region.of(0, 33));
        assertThat(extension(message, "reply", ReplyElement.NAMESPACE, ReplyElement.class).id())
                .isEqualTo("message-id1");
    }
}
