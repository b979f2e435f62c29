package dev.passerelle.connector.matrix.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.SafeHtml;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("feature:size")
@Tag("direction:canonical-to-matrix")
class SizePolicyTest {
    private static final MatrixUserId GHOST = MatrixUserId.parse("@_xmpp_romeo:example.org");
    private final MapRefs refs = new MapRefs();
    private final SpecSchemas schemas = new SpecSchemas();

    private static MessageSent sent(MessageContent c) {
        return new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("s1")),
                Jid.parse("romeo@montague.example"), Jid.parse("lounge@muc.montague.example"),
                Instant.EPOCH, c);
    }

    /**
     * The event as federated: the content inside a PDU envelope as large as a busy room makes it (twenty
     * previous events, ten auth events, two signatures), so the bound checked is the homeserver's real one.
     */
    private static int federatedSize(MatrixSend s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode pdu = f.objectNode();
        pdu.put("type", s.eventType());
        pdu.put("room_id", "!" + "r".repeat(40) + ":" + "s".repeat(60));
        pdu.put("sender", "@" + "g".repeat(60) + ":" + "s".repeat(60));
        pdu.put("origin_server_ts", Long.MAX_VALUE);
        pdu.put("depth", Long.MAX_VALUE);
        ArrayNode prev = pdu.putArray("prev_events");
        for (int i = 0; i < 20; i++) {
            prev.add("$" + "p".repeat(43));
        }
        ArrayNode auth = pdu.putArray("auth_events");
        for (int i = 0; i < 10; i++) {
            auth.add("$" + "a".repeat(43));
        }
        pdu.putObject("hashes").put("sha256", "h".repeat(43));
        ObjectNode sigs = pdu.putObject("signatures");
        sigs.putObject("s".repeat(60)).put("ed25519:" + "k".repeat(20), "x".repeat(86));
        sigs.putObject("t".repeat(60)).put("ed25519:" + "k".repeat(20), "x".repeat(86));
        pdu.putObject("unsigned").put("age_ts", Long.MAX_VALUE);
        pdu.set("content", s.content());
        return Json.write(pdu).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String joined(List<MatrixSend> sends) {
        return sends.stream().map(s -> s.content().get("body").asText()).collect(Collectors.joining());
    }

    @Test
    void splitPartsFitTheBudgetAndJoinToTheOriginalText() {
        SizePolicy policy = new SizePolicy(1024);
        qt().withExamples(300).forAll(TextGen.text(0, 3000)).checkAssert(text -> {
            List<ObjectNode> parts = policy.fit(text, Optional.empty(), (body, html, part) -> {
                ObjectNode c = JsonNodeFactory.instance.objectNode();
                c.put("msgtype", "m.text");
                c.put("body", body);
                return c;
            });
            assertThat(parts).allSatisfy(p -> assertThat(SizePolicy.bytes(p)).isLessThanOrEqualTo(1024));
            assertThat(parts.stream().map(p -> p.get("body").asText()).collect(Collectors.joining()))
                    .isEqualTo(text);
            for (int i = 1; i < parts.size(); i++) {
                assertThat(parts.get(i).get(SizePolicy.PART_KEY).asInt()).isEqualTo(i + 1);
            }
            assertThat(parts.get(0).has(SizePolicy.PART_KEY)).isFalse();
        });
    }

    @Test
    void largeMessagesSplitBelowTheHomeserverLimit() {
        EventId target = refs.message("$orig");
        CanonicalToMatrix out = new CanonicalToMatrix(refs);
        qt().withExamples(6).forAll(TextGen.text(20_000, 70_000)).checkAssert(text -> {
            List<MatrixSend> sends = out.render(sent(new MessageContent(text, Optional.empty(), List.of(),
                    Optional.of(target))), GHOST, "!room:example.org");
            assertThat(sends).allSatisfy(s -> assertThat(federatedSize(s)).isLessThan(SizePolicy.EVENT_LIMIT));
            assertThat(joined(sends)).isEqualTo(text);
            assertThat(sends.get(0).content().has("m.relates_to")).isTrue();
            assertThat(sends.subList(1, sends.size())).allSatisfy(s -> assertThat(s.content().has("m.relates_to"))
                    .isFalse());
        });
    }

    @Test
    void aLongParagraphedTextIsCutAtParagraphBreaks() {
        String paragraph = "word ".repeat(2000).strip() + "\n\n";
        String text = paragraph.repeat(12);
        List<MatrixSend> sends = new CanonicalToMatrix(refs).render(sent(MessageContent.text(text)), GHOST,
                "!room:example.org");
        assertThat(sends.size()).isGreaterThan(1);
        assertThat(joined(sends)).isEqualTo(text);
        assertThat(sends.subList(0, sends.size() - 1))
                .allSatisfy(s -> assertThat(s.content().get("body").asText()).endsWith("\n\n"));
        sends.forEach(s -> schemas.assertValidRoomEvent("m.room.message$m.text.yaml", "m.room.message",
                s.content()));
    }

    @Test
    void htmlIsDroppedWhenItAloneOverflows() {
        String text = "x".repeat(40_000);
        SafeHtml html = new SafeHtml("<b>" + "x".repeat(40_000) + "</b>");
        List<MatrixSend> sends = new CanonicalToMatrix(refs).render(sent(new MessageContent(text, Optional.of(html),
                List.of(), Optional.empty())), GHOST, "!room:example.org");
        assertThat(sends).hasSize(1);
        assertThat(sends.get(0).content().has("formatted_body")).isFalse();
        assertThat(sends.get(0).content().has("format")).isFalse();
        assertThat(sends.get(0).content().get("body").asText()).isEqualTo(text);
    }

    @Test
    void anOversizedEditIsTruncatedWithAMark() {
        refs.message("$orig");
        EventId original = refs.canonical("$orig").orElseThrow();
        String text = "long edit ".repeat(10_000);
        MessageEdited edit = new MessageEdited(EventId.random(), new Origin(Network.XMPP, new NativeId("e")),
                Jid.parse("romeo@montague.example"), Jid.parse("lounge@muc.montague.example"), Instant.EPOCH,
                original, new MessageContent(text, Optional.of(new SafeHtml("<i>" + text + "</i>")), List.of(),
                        Optional.empty()));
        List<MatrixSend> sends = new CanonicalToMatrix(refs).render(edit, GHOST, "!room:example.org");
        assertThat(sends).hasSize(1);
        MatrixSend s = sends.get(0);
        assertThat(federatedSize(s)).isLessThan(SizePolicy.EVENT_LIMIT);
        String newBody = s.content().get("m.new_content").get("body").asText();
        assertThat(newBody).endsWith(SizePolicy.TRUNCATION_MARK);
        assertThat(text).startsWith(newBody.substring(0, newBody.length() - 1));
        assertThat(newBody.length()).isGreaterThan(20_000);
        assertThat(s.content().get("body").asText()).isEqualTo("* " + newBody);
        assertThat(s.content().has("formatted_body")).isFalse();
        schemas.assertValidRoomEvent("m.room.message$m.text.yaml", "m.room.message", s.content());
    }

    @Test
    void aCaptionTooLargeForTheFileEventGoesAsTextFirst() {
        String text = "caption ".repeat(9_000);
        dev.passerelle.core.event.Attachment a = dev.passerelle.core.event.Attachment.of(
                java.net.URI.create("mxc://example.org/f"), "image/png");
        List<MatrixSend> sends = new CanonicalToMatrix(refs).render(sent(new MessageContent(text, Optional.empty(),
                List.of(a), Optional.empty())), GHOST, "!room:example.org");
        assertThat(sends.size()).isGreaterThan(2);
        assertThat(sends.get(sends.size() - 1).content().get("msgtype").asText()).isEqualTo("m.image");
        assertThat(joined(sends.subList(0, sends.size() - 1))).isEqualTo(text);
    }

    @Test
    void anOversizedTopicIsTruncated() {
        String topic = "topic ".repeat(20_000);
        List<MatrixSend> sends = new CanonicalToMatrix(refs).render(new dev.passerelle.core.event.RoomMetadataChanged(
                EventId.random(), new Origin(Network.XMPP, new NativeId("t")), Jid.parse("romeo@montague.example"),
                Jid.parse("lounge@muc.montague.example"), Instant.EPOCH, Optional.empty(), Optional.of(topic),
                Optional.empty()), GHOST, "!room:example.org");
        assertThat(sends).hasSize(1);
        assertThat(federatedSize(sends.get(0))).isLessThan(SizePolicy.EVENT_LIMIT);
        String sent = sends.get(0).content().get("topic").asText();
        assertThat(sent).endsWith(SizePolicy.TRUNCATION_MARK);
        assertThat(topic).startsWith(sent.substring(0, sent.length() - 1));
        schemas.assertValidStateEvent("m.room.topic.yaml", "m.room.topic", "", sends.get(0).content());
    }
}
