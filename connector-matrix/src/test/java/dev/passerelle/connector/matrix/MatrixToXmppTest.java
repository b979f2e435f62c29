package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.connector.matrix.client.ClientSettings;
import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.media.MediaSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Matrix events pushed by the homeserver reach the XMPP side as canonical events. */
@Tag("direction:matrix-to-xmpp")
class MatrixToXmppTest extends BridgeTestBase {

    @BeforeEach
    void setUp() {
        startLinked();
    }

    @Test
    @Tag("feature:text")
    void text() {
        String eventId = bridge.text("hello from Matrix");
        MessageSent m = bridge.xmppReceives(MessageSent.class);
        assertThat(m.content().text()).isEqualTo("hello from Matrix");
        assertThat(m.sender()).isEqualTo(MatrixUserId.parse(ALICE));
        assertThat(m.conversation()).isEqualTo(MatrixRoomId.parse(bridge.roomId));
        assertThat(m.origin().nativeId().value()).isEqualTo(eventId);
        assertThat(bridge.xmpp.sent().get(0).delivery().target()).isEqualTo(Bridge.XMPP_ROOM);
    }
    @Test
    @Tag("feature:formatted-text")
    void formattedTextIsSanitised() {
        bridge.send(ALICE, "m.room.message", JSON.createObjectNode().put("msgtype", "m.text").put("body", "bold")
                .put("format", "org.matrix.custom.html")
                .put("formatted_body", "<b>bold</b><script>alert(1)</script>"));
        MessageSent m = bridge.xmppReceives(MessageSent.class);
        assertThat(m.content().html()).isPresent();
        assertThat(m.content().html().get().html()).contains("<b>bold</b>").doesNotContain("script");
    }

    @Test
    @Tag("feature:reply")
    void reply() {
        bridge.text("first");
        MessageSent first = bridge.xmppReceives(MessageSent.class);
        String firstId = first.origin().nativeId().value();
        ObjectNode content = JSON.createObjectNode().put("msgtype", "m.text").put("body", "answer");
        content.putObject("m.relates_to").putObject("m.in_reply_to").put("event_id", firstId);
        bridge.send(ALICE, "m.room.message", content);
        MessageSent reply = bridge.xmppReceives(MessageSent.class, m -> m.content().text().equals("answer"));
        assertThat(reply.content().replyTo()).contains(first.id());
    }

    @Test
    @Tag("feature:edit")
    void edit() {
        String firstId = bridge.text("helo");
        MessageSent first = bridge.xmppReceives(MessageSent.class);
        ObjectNode content = JSON.createObjectNode().put("msgtype", "m.text").put("body", "* hello");
        content.putObject("m.new_content").put("msgtype", "m.text").put("body", "hello");
        content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", firstId);
        bridge.send(ALICE, "m.room.message", content);
        MessageEdited edit = bridge.xmppReceives(MessageEdited.class);
        assertThat(edit.target()).isEqualTo(first.id());
        assertThat(edit.newContent().text()).isEqualTo("hello");
    }

    @Test
    @Tag("feature:retraction")
    void retraction() {
        String firstId = bridge.text("oops");
        MessageSent first = bridge.xmppReceives(MessageSent.class);
        bridge.send(ALICE, "m.room.redaction", JSON.createObjectNode().put("redacts", firstId).put("reason", "typo"));
        MessageRetracted retracted = bridge.xmppReceives(MessageRetracted.class);
        assertThat(retracted.target()).isEqualTo(first.id());
        assertThat(retracted.reason()).contains("typo");
    }

    @Test
    @Tag("feature:reaction")
    void reactionAddedAndRemoved() {
        String firstId = bridge.text("react to me");
        MessageSent first = bridge.xmppReceives(MessageSent.class);
        ObjectNode content = JSON.createObjectNode();
        content.putObject("m.relates_to").put("rel_type", "m.annotation").put("event_id", firstId).put("key", "👍");
        String reactionId = bridge.send(ALICE, "m.reaction", content);
        ReactionAdded added = bridge.xmppReceives(ReactionAdded.class);
        assertThat(added.target()).isEqualTo(first.id());
        assertThat(added.key()).isEqualTo("👍");
        bridge.send(ALICE, "m.room.redaction", JSON.createObjectNode().put("redacts", reactionId));
        ReactionRemoved removed = bridge.xmppReceives(ReactionRemoved.class);
        assertThat(removed.reaction()).isEqualTo(added.id());
        assertThat(removed.target()).isEqualTo(first.id());
        assertThat(removed.key()).isEqualTo("👍");
    }

    @Test
    @Tag("feature:attachment")
    void attachmentIsServedThroughTheMediaService() {
        byte[] png = "not really a png, but bytes all the same".getBytes(StandardCharsets.UTF_8);
        MatrixClient client = new MatrixClient(vertx, ClientSettings.of(URI.create(hs.baseUrl()), Bridge.AS_TOKEN));
        URI mxc = Bridge.join(client.upload(Optional.empty(), png, "image/png", Optional.of("cat.png")));
        client.close();
        ObjectNode content = JSON.createObjectNode().put("msgtype", "m.image").put("body", "cat.png")
                .put("url", mxc.toString());
        content.putObject("info").put("mimetype", "image/png").put("size", png.length);
        bridge.send(ALICE, "m.room.message", content);
        MessageSent m = bridge.xmppReceives(MessageSent.class);
        assertThat(m.content().attachments()).hasSize(1);
        Attachment a = m.content().attachments().get(0);
        assertThat(a.uri()).isEqualTo(mxc);
        URI signed = bridge.media.publicUrl(a.uri(), a.mediaType());
        MediaSource source = Bridge.join(vertx.getOrCreateContext().<MediaSource>executeBlocking(() -> null, false)
                .compose(v -> bridge.media.open(signed)));
        io.vertx.core.Promise<byte[]> read = io.vertx.core.Promise.promise();
        io.vertx.core.buffer.Buffer all = io.vertx.core.buffer.Buffer.buffer();
        vertx.runOnContext(v -> {
            source.body().handler(all::appendBuffer);
            source.body().endHandler(e -> read.complete(all.getBytes()));
            source.body().exceptionHandler(read::fail);
            source.body().resume();
        });
        assertThat(Bridge.join(read.future())).isEqualTo(png);
    }

    @Test
    @Tag("feature:typing")
    void typing() {
        bridge.pushEphemeral(ClientEvents.typing(bridge.roomId, ALICE));
        ChatStateChanged composing = bridge.xmppReceives(ChatStateChanged.class);
        assertThat(composing.state()).isEqualTo(ChatStateChanged.State.COMPOSING);
        assertThat(composing.sender()).isEqualTo(MatrixUserId.parse(ALICE));
        bridge.pushEphemeral(ClientEvents.typing(bridge.roomId));
        bridge.xmppReceives(ChatStateChanged.class, c -> c.state() == ChatStateChanged.State.PAUSED);
    }

    @Test
    @Tag("feature:read-marker")
    void readMarker() {
        String firstId = bridge.text("read me");
        MessageSent first = bridge.xmppReceives(MessageSent.class);
        bridge.pushEphemeral(aliceRead(firstId));
        ReadMarker marker = bridge.xmppReceives(ReadMarker.class);
        assertThat(marker.upTo()).isEqualTo(first.id());
        assertThat(marker.sender()).isEqualTo(MatrixUserId.parse(ALICE));
    }

    /** Alice's read receipt for {@code eventId}, as the homeserver pushes it. */
    private ObjectNode aliceRead(String eventId) {
        ObjectNode receipt = JSON.createObjectNode().put("type", "m.receipt").put("room_id", bridge.roomId);
        receipt.putObject("content").putObject(eventId).putObject("m.read").putObject(ALICE).put("ts", 1700000000000L);
        return receipt;
    }

    @Test
    @Tag("feature:read-marker")
    void aReceiptOnAMessageJustBridgedFromXmppIsCarriedBeforeTheStoreHasItsMatrixId() {
        bridge.commits.delay = Duration.ofSeconds(5);
        MessageSent original = Bridge.xmppMessage(Bridge.JULIET, MessageContent.text("read me soon"));
        bridge.fromXmpp(original);
        String eventId = bridge.matrixReceives(e -> e.content().path("body").asText().equals("read me soon"))
                .eventId();
        // Alice reads it at once: the commit of the gateway's confirmation has not recorded its Matrix id yet.
        assertThat(bridge.store.messages().find(Network.MATRIX, new NativeId(eventId))).isEmpty();
        bridge.pushEphemeral(aliceRead(eventId));
        ReadMarker marker = bridge.xmppReceives(ReadMarker.class);
        assertThat(marker.upTo()).isEqualTo(original.id());
        assertThat(marker.sender()).isEqualTo(MatrixUserId.parse(ALICE));
    }

    @Test
    @Tag("feature:presence")
    void presenceGoesToTheRoomsTheUserWasSeenIn() {
        bridge.text("I am here");
        bridge.xmppReceives(MessageSent.class);
        ObjectNode presence = JSON.createObjectNode().put("type", "m.presence").put("sender", ALICE);
        presence.putObject("content").put("presence", "unavailable").put("status_msg", "lunch");
        bridge.pushEphemeral(presence);
        PresenceChanged p = bridge.xmppReceives(PresenceChanged.class);
        assertThat(p.availability()).isEqualTo(PresenceChanged.Availability.AWAY);
        assertThat(p.status()).contains("lunch");
        assertThat(p.conversation()).isEqualTo(MatrixRoomId.parse(bridge.roomId));
    }

    @Test
    @Tag("feature:membership")
    void joinAndLeave() {
        String bob = "@bob:" + Bridge.SERVER;
        bridge.push(ClientEvents.member(bridge.roomId, bob, bob, "join"));
        MembershipChanged joined = bridge.xmppReceives(MembershipChanged.class);
        assertThat(joined.membership()).isEqualTo(MembershipChanged.Membership.JOIN);
        assertThat(joined.member()).isEqualTo(MatrixUserId.parse(bob));
        ObjectNode leave = ClientEvents.member(bridge.roomId, bob, bob, "leave");
        leave.putObject("unsigned").putObject("prev_content").put("membership", "join");
        bridge.push(leave);
        bridge.xmppReceives(MembershipChanged.class, m -> m.membership() == MembershipChanged.Membership.LEAVE);
    }

    @Test
    @Tag("feature:profile")
    void displayNameAndAvatar() {
        ObjectNode content = JSON.createObjectNode().put("membership", "join").put("displayname", "Alice A.")
                .put("avatar_url", "mxc://" + Bridge.SERVER + "/avatar1");
        ObjectNode change = ClientEvents.state(bridge.roomId, ALICE, "m.room.member", ALICE, content);
        change.putObject("unsigned").putObject("prev_content").put("membership", "join").put("displayname", "Alice");
        bridge.push(change);
        ProfileChanged p = bridge.xmppReceives(ProfileChanged.class);
        assertThat(p.displayName()).contains("Alice A.");
        assertThat(p.avatar()).contains(URI.create("mxc://" + Bridge.SERVER + "/avatar1"));
    }

    @Test
    @Tag("feature:room-metadata")
    void roomNameAndTopic() {
        bridge.push(ClientEvents.state(bridge.roomId, ALICE, "m.room.name", "",
                JSON.createObjectNode().put("name", "Garden")));
        RoomMetadataChanged name = bridge.xmppReceives(RoomMetadataChanged.class);
        assertThat(name.name()).contains("Garden");
        bridge.push(ClientEvents.state(bridge.roomId, ALICE, "m.room.topic", "",
                JSON.createObjectNode().put("topic", "Roses")));
        bridge.xmppReceives(RoomMetadataChanged.class, r -> r.topic().equals(Optional.of("Roses")));
    }

    @Test
    @Tag("feature:roles")
    void powerLevelChangesReachXmppAsRoles() {
        String bob = "@bob:" + Bridge.SERVER;
        ObjectNode before = (ObjectNode) hs.room(bridge.roomId).orElseThrow().state("m.room.power_levels", "")
                .orElseThrow();
        ObjectNode after = before.deepCopy();
        ((ObjectNode) after.get("users")).put(bob, 50);
        String eventId = hs.setState(ALICE, bridge.roomId, "m.room.power_levels", "", after);
        ObjectNode pushed = bridge.stored(bridge.roomId, eventId);
        // What a homeserver puts in unsigned for a state event that replaced another.
        ((ObjectNode) pushed.get("unsigned")).set("prev_content", before);
        bridge.push(pushed);

        RoleChanged r = bridge.xmppReceives(RoleChanged.class);
        assertThat(r.member()).isEqualTo(MatrixUserId.parse(bob));
        assertThat(r.role()).isEqualTo(Role.MODERATOR);
        assertThat(r.sender()).isEqualTo(MatrixUserId.parse(ALICE));
        assertThat(r.conversation()).isEqualTo(MatrixRoomId.parse(bridge.roomId));
        assertThat(r.origin().nativeId().value()).isEqualTo(eventId + "#role/" + bob);
        assertThat(bridge.xmpp.sent()).filteredOn(s -> s.delivery().event() instanceof RoleChanged)
                .singleElement().satisfies(s -> assertThat(s.delivery().target()).isEqualTo(Bridge.XMPP_ROOM));
    }
}
