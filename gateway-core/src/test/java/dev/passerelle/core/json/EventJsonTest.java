package dev.passerelle.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.SafeHtml;
import dev.passerelle.core.event.TestEvents;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    private static final MatrixUserId ALICE = new MatrixUserId("alice", "example.org");
    private static final MatrixRoomId ROOM = new MatrixRoomId("abcdef", Optional.of("example.org"));

    private static MessageSent withText(String text) {
        return TestEvents.message(ALICE, ROOM, text);
    }

    private static MessageSent at(Instant timestamp) {
        MessageSent m = withText("t");
        return new MessageSent(m.id(), m.origin(), m.sender(), m.conversation(), timestamp, m.content());
    }

    @Test
    void timestampsKeepEveryNanosecond() {
        for (Instant ts : List.of(Instant.parse("2024-05-01T10:15:30Z"), Instant.parse("2024-05-01T10:15:30.1Z"),
                Instant.parse("2024-05-01T10:15:30.000001Z"), Instant.parse("2024-05-01T10:15:30.999999999Z"),
                Instant.EPOCH, Instant.parse("+12024-01-01T00:00:00.5Z"))) {
            String json = EventJson.writeString(at(ts));
            assertThat(json).contains("\"ts\":\"" + ts + "\"");
            assertThat(EventJson.read(json).timestamp()).isEqualTo(ts);
        }
    }

    @Test
    void textOutsideTheBasicPlaneIsWrittenAsUtf8AndUnpairedSurrogatesAreEscaped() {
        String json = EventJson.writeString(withText("👋 \ud800 x\udc00"));
        assertThat(json).contains("\"text\":\"👋 \\uD800 x\\uDC00\"");
        assertThat(((MessageSent) EventJson.read(json)).content().text()).isEqualTo("👋 \ud800 x\udc00");
    }

    @Test
    void controlCharactersAreEscaped() {
        String json = EventJson.writeString(withText("a\nb\u0000\"\\"));
        assertThat(json).contains("\"text\":\"a\\nb\\u0000\\\"\\\\\"");
    }

    @Test
    void emptyOptionalFieldsAreOmittedButEmptyStringsAreKept() {
        ProfileChanged cleared = new ProfileChanged(EventId.random(), TestEvents.originOf(ALICE), ALICE, ALICE,
                Instant.EPOCH, Optional.of(""), Optional.empty());
        String json = EventJson.writeString(cleared);
        assertThat(json).contains("\"displayName\":\"\"").doesNotContain("avatar");
        assertThat(EventJson.read(json)).isEqualTo(cleared);

        String plain = EventJson.writeString(withText(""));
        assertThat(plain).contains("\"content\":{\"text\":\"\"}");
    }

    @Test
    void htmlIsSanitisedAgainWhenRead() {
        MessageSent clean = TestEvents.htmlMessage(ALICE, ROOM, "hi", "<b>hi</b>");
        String tampered = EventJson.writeString(clean)
                .replace("<b>hi</b>", "<b onclick=\\\"steal()\\\">hi</b><script>alert(1)</script>");
        MessageSent read = (MessageSent) EventJson.read(tampered);
        assertThat(read.content().html()).contains(new SafeHtml("<b>hi</b>"));
        assertThat(read).isEqualTo(clean);
    }

    @Test
    void writingRefusesEventsThatWouldBeTooLargeToReadBack() {
        MessageSent huge = withText("x".repeat(EventJson.MAX_DOCUMENT_BYTES));
        assertThatThrownBy(() -> EventJson.write(huge))
                .isInstanceOf(EventJsonException.class)
                .hasMessageContaining("over the limit of " + EventJson.MAX_DOCUMENT_BYTES);
        MessageSent large = withText("x".repeat(EventJson.MAX_DOCUMENT_BYTES - 1000));
        assertThat(EventJson.read(EventJson.write(large))).isEqualTo(large);
    }

    @Test
    void everyEventTypeHasOneVersionOneName() {
        assertThat(V1Reader.types()).containsExactlyInAnyOrderElementsOf(V1Names.TYPES);
        assertThat(V1Names.TYPES).doesNotHaveDuplicates().hasSize(Event.class.getPermittedSubclasses().length);
    }

    @Test
    void theFixturesWriteAndReadBack() {
        Jid dave = Jid.of("dave", "example.org");
        Jid room = Jid.of("room", "conference.example.org");
        MessageSent original = TestEvents.message(dave, room, "hello");
        List<Event> events = List.of(original,
                TestEvents.htmlMessage(ALICE, ROOM, "bold", "<b>bold</b>"),
                TestEvents.reply(dave, room, "re", original.id()),
                TestEvents.attachment(ALICE, ROOM, "pic",
                        Attachment.of(URI.create("mxc://example.org/a"), "image/png")),
                TestEvents.edit(dave, room, original.id(), "hello!"),
                TestEvents.retraction(dave, room, original.id()),
                TestEvents.reaction(ALICE, ROOM, original.id(), "🎉"),
                TestEvents.typing(dave, room),
                TestEvents.join(ALICE, ROOM),
                TestEvents.sent(ALICE, ROOM, new MessageContent("x", Optional.empty(), List.of(), Optional.empty())));
        for (Event event : events) {
            assertThat(EventJson.read(EventJson.write(event))).isEqualTo(event);
            assertThat(event.origin().network()).isEqualTo(event.sender().network());
        }
        Origin a = TestEvents.originOf(dave);
        Origin b = TestEvents.originOf(dave);
        assertThat(a.nativeId()).isNotEqualTo(b.nativeId());
    }

    @Test
    void outputIsUtf8WithoutAByteOrderMarkOrTrailingNewline() {
        byte[] bytes = EventJson.write(withText("ü"));
        assertThat(bytes[0]).isEqualTo((byte) '{');
        assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '}');
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"text\":\"ü\"");
        assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("{\"v\":1,\"".getBytes(StandardCharsets.UTF_8));
    }
}
