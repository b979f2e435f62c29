package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class MimiContentExamplesTest {

    @TestFactory
    Stream<DynamicTest> draft08ExamplesRoundTripAndGiveTheirMessageIds() {
        List<MimiExamples.Example> examples = MimiExamples.messages("examples-08", List.of("implied-original"));
        assertThat(examples).hasSize(14);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            MimiContent content = MimiContent.decode(e.cbor());
            assertThat(content.encode()).isEqualTo(e.cbor());
            assertThat(MimiContent.messageIdOf(e.cbor()).hex()).isEqualTo(e.statedMessageId());
            assertThat(content.messageId().hex()).isEqualTo(e.statedMessageId());
        }));
    }

    @TestFactory
    Stream<DynamicTest> draft07ExamplesDecodeAndRoundTrip() {
        List<MimiExamples.Example> examples = MimiExamples.messages("examples-07",
                List.of("implied-original", "report"));
        assertThat(examples).hasSize(14);
        return examples.stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            MimiContent content = MimiContent.decode(e.cbor());
            assertThat(content.encode()).isEqualTo(e.cbor());
            // Draft -07 hashed the URIs without their length prefixes; its stated ids follow that formula.
            assertThat(draft07MessageId(e.cbor(), content)).isEqualTo(e.statedMessageId());
            assertThat(content.messageId().hex()).isNotEqualTo(e.statedMessageId());
        }));
    }

    private static String draft07MessageId(byte[] message, MimiContent content) throws Exception {
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update(content.extensions().senderUri().orElseThrow().getBytes(StandardCharsets.UTF_8));
        sha256.update(content.extensions().roomUri().orElseThrow().getBytes(StandardCharsets.UTF_8));
        sha256.update(message);
        sha256.update(content.salt());
        return "01" + HexFormat.of().formatHex(sha256.digest(), 0, 31);
    }

    @Test
    void impliedOriginalIsNotAMessage() {
        byte[] bytes = MimiExamples.example("examples-08", "implied-original").cbor();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MimiContent.decode(bytes))
                .isInstanceOf(ContentException.class);
    }

    @Test
    void originalFields() {
        MimiContent original = MimiContent.decode(MimiExamples.example("examples-08", "original").cbor());
        assertThat(HexFormat.of().formatHex(original.salt())).isEqualTo("5eed9406c2545547ab6f09f20a18b003");
        assertThat(original.replaces()).isEmpty();
        assertThat(original.topicId()).isEmpty();
        assertThat(original.expires()).isEmpty();
        assertThat(original.inReplyTo()).isEmpty();
        assertThat(original.extensions().senderUri()).contains("mimi://example.com/u/alice-smith");
        assertThat(original.extensions().roomUri()).contains("mimi://example.com/r/engineering_team");
        NestedPart.SinglePart body = (NestedPart.SinglePart) original.body();
        assertThat(body.disposition()).isEqualTo(NestedPart.RENDER);
        assertThat(body.language()).isEmpty();
        assertThat(body.contentType()).isEqualTo("text/markdown;variant=GFM-MIMI");
        assertThat(new String(body.content(), StandardCharsets.UTF_8))
                .isEqualTo("Hi everyone, we just shipped release 2.0. __Good  work__!");
    }

    @Test
    void equalityComparesContentNotArrayIdentity() {
        byte[] bytes = MimiExamples.example("examples-08", "original").cbor();
        MimiContent first = MimiContent.decode(bytes);
        MimiContent second = MimiContent.decode(bytes.clone());
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.body()).isEqualTo(second.body());
        assertThat(first).isNotEqualTo(MimiContent.decode(MimiExamples.example("examples-08", "reply").cbor()));
        NestedPart.SinglePart body = (NestedPart.SinglePart) first.body();
        byte[] changed = body.content();
        changed[0] ^= 1;
        assertThat(new NestedPart.SinglePart(body.disposition(), body.language(), body.contentType(), changed))
                .isNotEqualTo(body);
        // Accessors hand out copies: changing one leaves the part as it was.
        assertThat(body.content()).isNotEqualTo(changed);
    }

    @Test
    void replyPointsAtTheOriginalsId() {
        MimiContent reply = MimiContent.decode(MimiExamples.example("examples-08", "reply").cbor());
        MessageId original = MimiContent.messageIdOf(MimiExamples.example("examples-08", "original").cbor());
        assertThat(reply.inReplyTo()).contains(original);
    }

    @Test
    void attachmentExternalPart() {
        MimiContent content = MimiContent.decode(MimiExamples.example("examples-08", "attachment").cbor());
        NestedPart.ExternalPart part = (NestedPart.ExternalPart) content.body();
        assertThat(part.disposition()).isEqualTo(NestedPart.ATTACHMENT);
        assertThat(part.language()).isEqualTo("en");
        assertThat(part.contentType()).isEqualTo("video/mp4");
        assertThat(part.url()).isEqualTo("https://example.com/storage/8ksB4bSrrRE.mp4");
        assertThat(part.expires()).isZero();
        assertThat(part.size()).isEqualTo(708234961L);
        assertThat(part.encAlg()).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(part.key())).isEqualTo("21399320958a6f4c745dde670d95e0d8");
        assertThat(HexFormat.of().formatHex(part.nonce())).isEqualTo("c86cf2c33f21527d1dd76f5b");
        assertThat(part.aad()).isEmpty();
        assertThat(part.hashAlg()).isEqualTo(1);
        assertThat(HexFormat.of().formatHex(part.contentHash()))
                .isEqualTo("9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163");
        assertThat(part.description()).isEqualTo("2 hours of key signing video");
        assertThat(part.filename()).isEqualTo("bigfile.mp4");
    }

    @Test
    void partIndexIsDepthFirstAsInTheNestingExample() {
        MimiContent content = MimiContent.decode(MimiExamples.example("examples-08", "multipart-3").cbor());
        List<NestedPart> parts = content.partsByIndex();
        assertThat(parts).hasSize(11);
        assertThat(((NestedPart.SinglePart) parts.get(5)).contentType()).isEqualTo("image/gif");
        assertThat(((NestedPart.SinglePart) parts.get(10)).contentType()).isEqualTo("image/png");
        assertThat(((NestedPart.SinglePart) parts.get(4)).language()).isEqualTo("fr");
        assertThat(((NestedPart.MultiPart) parts.get(0)).semantics()).isEqualTo(PartSemantics.CHOOSE_ONE);
        assertThat(((NestedPart.MultiPart) parts.get(6)).semantics()).isEqualTo(PartSemantics.PROCESS_ALL);
        assertThat(content.part(11)).isEmpty();
        assertThat(content.part(3)).containsSame(parts.get(3));
    }
}
