package dev.passerelle.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.event.SafeHtml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Format version 1 as stored by earlier releases. If one of these fails, a change has broken existing
 * journals: revert it, or introduce format version 2 and keep reading these files.
 */
class EventJsonGoldenTest {

    /** One stored sample per event type; the file name is the type. */
    static List<String> goldenTypes() {
        return V1Names.TYPES;
    }

    private static byte[] golden(String type) {
        String resource = "/json/v1/" + type + ".json";
        try (InputStream in = EventJsonGoldenTest.class.getResourceAsStream(resource)) {
            assertThat(in).as("golden file " + resource).isNotNull();
            byte[] bytes = in.readAllBytes();
            // Files end with a newline (editors add one); the codec writes none.
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\n' ? bytes.length - 1 : bytes.length;
            return Arrays.copyOf(bytes, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("goldenTypes")
    void writingWhatWasReadGivesTheStoredBytesBack(String type) {
        byte[] stored = golden(type);
        assertThat(new String(EventJson.write(EventJson.read(stored)), StandardCharsets.UTF_8))
                .isEqualTo(new String(stored, StandardCharsets.UTF_8));
    }

    @Test
    void thereIsAGoldenFileForEveryEventType() {
        Set<Class<?>> covered = goldenTypes().stream()
                .map(type -> EventJson.read(golden(type)).getClass())
                .collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
    }

    @Test
    void messageSent() {
        MessageSent e = (MessageSent) EventJson.read(golden("message.sent"));
        assertThat(e.id()).isEqualTo(EventId.parse("0b7e3f1c-5a2d-4c8e-9f61-2d4b8a9c7e10"));
        assertThat(e.origin()).isEqualTo(
                new Origin(Network.MATRIX, new NativeId("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg")));
        assertThat(e.sender()).isEqualTo(Addresses.parse("matrix:u/alice:example.org"));
        assertThat(e.conversation()).isEqualTo(Addresses.parse("matrix:roomid/OGEhHVWSdvArJzumhm:example.org"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:15:30.123456789Z"));
        assertThat(e.timestamp().getNano()).isEqualTo(123_456_789);
        MessageContent c = e.content();
        assertThat(c.text()).isEqualTo("Hello world link — grüße 👋");
        assertThat(c.html()).contains(
                new SafeHtml("<p>Hello <b>world</b> <a href=\"https://example.org/\">link</a></p>"));
        assertThat(c.attachments()).containsExactly(
                new Attachment(URI.create("mxc://example.org/SEsfnsuifSDFSSEF"), "image/png", OptionalLong.of(31037),
                        Optional.of("cat.png"), OptionalInt.of(394), OptionalInt.of(398),
                        Optional.of("6f1ed002ab5595859014ebf0951522d9a2e1f1e3dd2c7f2e5c8b7e0d0a1b2c3d")),
                Attachment.of(URI.create("https://files.example.com/up/notes.txt"), "text/plain"));
        assertThat(c.replyTo()).contains(EventId.parse("7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09"));
    }

    @Test
    void messageEdited() {
        MessageEdited e = (MessageEdited) EventJson.read(golden("message.edited"));
        assertThat(e.origin()).isEqualTo(new Origin(Network.XMPP, new NativeId("edit-5f2a")));
        assertThat(e.sender()).isEqualTo(Addresses.parse("xmpp:room@conference.example.net/Bob"));
        assertThat(e.conversation()).isEqualTo(Addresses.parse("xmpp:room@conference.example.net"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-01T10:16:00.5Z"));
        assertThat(e.target()).isEqualTo(EventId.parse("2a9f5e3c-7c4f-4e0a-b183-4f6d0c1e9a32"));
        assertThat(e.newContent()).isEqualTo(MessageContent.text("corrected text"));
    }

    @Test
    void messageRetracted() {
        MessageRetracted e = (MessageRetracted) EventJson.read(golden("message.retracted"));
        assertThat(e.origin()).isEqualTo(new Origin(Network.MIMI, new NativeId("a1b2c3d4e5f60718")));
        assertThat(e.sender()).isEqualTo(Addresses.parse("mimi://provider.example/u/carol"));
        assertThat(e.conversation()).isEqualTo(Addresses.parse("mimi://provider.example/r/bookclub"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-02T08:00:00Z"));
        assertThat(e.target()).isEqualTo(EventId.parse("4c1b7a5e-9e6b-4a2c-93a5-6b8f2e3a1c54"));
        assertThat(e.reason()).contains("posted in the wrong room");
    }

    @Test
    void reactionAdded() {
        ReactionAdded e = (ReactionAdded) EventJson.read(golden("reaction.added"));
        assertThat(e.id()).isEqualTo(EventId.parse("5d2c8b6f-af7c-4b3d-a4b6-7c9a3f4b2d65"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-02T08:01:02.003Z"));
        assertThat(e.target()).isEqualTo(EventId.parse("0b7e3f1c-5a2d-4c8e-9f61-2d4b8a9c7e10"));
        assertThat(e.key()).isEqualTo("👍🏽");
    }

    @Test
    void reactionRemoved() {
        ReactionRemoved e = (ReactionRemoved) EventJson.read(golden("reaction.removed"));
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-02T08:05:00.000001Z"));
        assertThat(e.target()).isEqualTo(EventId.parse("0b7e3f1c-5a2d-4c8e-9f61-2d4b8a9c7e10"));
        assertThat(e.reaction()).isEqualTo(EventId.parse("5d2c8b6f-af7c-4b3d-a4b6-7c9a3f4b2d65"));
        assertThat(e.key()).isEqualTo("👍🏽");
    }

    @Test
    void chatState() {
        ChatStateChanged e = (ChatStateChanged) EventJson.read(golden("chat.state"));
        assertThat(e.sender()).isEqualTo(Addresses.parse("xmpp:dave@example.org"));
        assertThat(e.conversation()).isEqualTo(Addresses.parse("xmpp:erin@example.org"));
        assertThat(e.state()).isEqualTo(ChatStateChanged.State.COMPOSING);
    }

    @Test
    void readMarker() {
        ReadMarker e = (ReadMarker) EventJson.read(golden("read.marker"));
        assertThat(e.sender()).isEqualTo(Addresses.parse("matrix:u/bob:example.net"));
        assertThat(e.conversation()).isEqualTo(Addresses.parse("matrix:r/general:example.net"));
        assertThat(e.upTo()).isEqualTo(EventId.parse("0b7e3f1c-5a2d-4c8e-9f61-2d4b8a9c7e10"));
    }

    @Test
    void presence() {
        PresenceChanged e = (PresenceChanged) EventJson.read(golden("presence"));
        assertThat(e.sender()).isEqualTo(Addresses.parse("xmpp:dave@example.org/phone"));
        assertThat(e.availability()).isEqualTo(PresenceChanged.Availability.DO_NOT_DISTURB);
        assertThat(e.status()).contains("In a meeting");
    }

    @Test
    void membership() {
        MembershipChanged e = (MembershipChanged) EventJson.read(golden("membership"));
        assertThat(e.sender()).isEqualTo(Addresses.parse("matrix:u/mod:example.org"));
        assertThat(e.member()).isEqualTo(Addresses.parse("matrix:u/spammer:example.com"));
        assertThat(e.membership()).isEqualTo(MembershipChanged.Membership.BAN);
        assertThat(e.reason()).contains("spam");
    }

    @Test
    void role() {
        RoleChanged e = (RoleChanged) EventJson.read(golden("role"));
        assertThat(e.origin()).isEqualTo(new Origin(Network.XMPP, new NativeId("role-1a2b")));
        assertThat(e.sender()).isEqualTo(Addresses.parse("xmpp:juliet@example.org"));
        assertThat(e.member()).isEqualTo(Addresses.parse("xmpp:garden@conference.example.org/nurse"));
        assertThat(e.role()).isEqualTo(Role.MODERATOR);
        assertThat(e.timestamp()).isEqualTo(Instant.parse("2024-05-02T11:30:00.250Z"));
    }

    @Test
    void profile() {
        ProfileChanged e = (ProfileChanged) EventJson.read(golden("profile"));
        assertThat(e.origin()).isEqualTo(new Origin(Network.MIMI, new NativeId("0011223344556677")));
        assertThat(e.displayName()).contains("Carol Ænema");
        assertThat(e.avatar()).isEmpty();
    }

    @Test
    void roomMetadata() {
        RoomMetadataChanged e = (RoomMetadataChanged) EventJson.read(golden("room.metadata"));
        assertThat(e.name()).contains("Book club");
        assertThat(e.topic()).contains("This month: \"Les Misérables\"\nBring snacks");
        assertThat(e.avatar()).contains(URI.create("https://files.example.com/up/room.png"));
    }
}
