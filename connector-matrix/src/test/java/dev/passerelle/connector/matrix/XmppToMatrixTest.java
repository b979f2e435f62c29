package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.JULIET;
import static dev.passerelle.connector.matrix.Bridge.XMPP_ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Canonical events from the XMPP side become Client-Server calls of the sender's ghost on the homeserver. */
@Tag("direction:xmpp-to-matrix")
class XmppToMatrixTest extends BridgeTestBase {

    static final String JULIET_GHOST = Bridge.ghostOf(JULIET).toString();

    @BeforeEach
    void setUp() {
        startLinked();
    }

    /** Sends an XMPP message and waits for its Matrix event. */
    private StoredEvent relayed(MessageSent m) {
        bridge.fromXmpp(m);
        return bridge.matrixReceives(e -> e.sender().equals(JULIET_GHOST) && e.type().equals("m.room.message")
                && e.content().path("body").asText().equals(m.content().text()));
    }

    /** Alice's Matrix message as the XMPP side knows it. */
    private MessageSent fromAlice(String body) {
        String id = bridge.text(body);
        return bridge.xmppReceives(MessageSent.class, m -> m.origin().nativeId().value().equals(id));
    }

    @Test
    @Tag("feature:text")
    void textFromAGhostWithTheOccupantNickname() {
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("hello from XMPP"));
        StoredEvent e = relayed(m);
        assertThat(e.content().path("msgtype").asText()).isEqualTo("m.text");
        assertThat(hs.profile(JULIET_GHOST).get("displayname").asText()).isEqualTo("juliet");
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(m.id(), Network.MATRIX)
                .map(r -> r.nativeId().value()).equals(Optional.of(e.eventId())));
    }

    @Test
    @Tag("feature:formatted-text")
    void formattedText() {
        MessageContent c = new MessageContent("bold", Optional.of(HtmlSanitizer.sanitize("<b>bold</b><img src=x>")),
                List.of(), Optional.empty());
        StoredEvent e = relayed(Bridge.xmppMessage(JULIET, c));
        assertThat(e.content().path("format").asText()).isEqualTo("org.matrix.custom.html");
        assertThat(e.content().path("formatted_body").asText()).contains("<b>bold</b>").doesNotContain("img");
    }

    @Test
    @Tag("feature:reply")
    void replyToAMatrixMessage() {
        MessageSent original = fromAlice("question");
        StoredEvent e = relayed(Bridge.xmppMessage(JULIET, new MessageContent("answer", Optional.empty(), List.of(),
                Optional.of(original.id()))));
        assertThat(e.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText())
                .isEqualTo(original.origin().nativeId().value());
    }

    @Test
    @Tag("feature:edit")
    void edit() {
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("helo"));
        StoredEvent original = relayed(m);
        awaitMapped(m.id());
        bridge.fromXmpp(new MessageEdited(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                m.id(), MessageContent.text("hello")));
        StoredEvent edit = bridge.matrixReceives(e -> e.content().path("m.relates_to").path("rel_type").asText()
                .equals("m.replace"));
        assertThat(edit.content().path("m.relates_to").path("event_id").asText()).isEqualTo(original.eventId());
        assertThat(edit.content().path("m.new_content").path("body").asText()).isEqualTo("hello");
    }

    @Test
    @Tag("feature:retraction")
    void retraction() {
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("oops"));
        StoredEvent original = relayed(m);
        awaitMapped(m.id());
        bridge.fromXmpp(new MessageRetracted(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                m.id(), Optional.empty()));
        StoredEvent redaction = bridge.matrixReceives(JULIET_GHOST, "m.room.redaction");
        assertThat(redaction.content().path("redacts").asText()).isEqualTo(original.eventId());
    }

    @Test
    @Tag("feature:reaction")
    void reactionAddedAndRemoved() {
        MessageSent original = fromAlice("react to me");
        ReactionAdded added = new ReactionAdded(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM,
                Instant.now(), original.id(), "🎉");
        bridge.fromXmpp(added);
        StoredEvent reaction = bridge.matrixReceives(JULIET_GHOST, "m.reaction");
        assertThat(reaction.content().path("m.relates_to").path("event_id").asText())
                .isEqualTo(original.origin().nativeId().value());
        assertThat(reaction.content().path("m.relates_to").path("key").asText()).isEqualTo("🎉");
        awaitMapped(added.id());
        bridge.fromXmpp(new ReactionRemoved(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                original.id(), added.id(), "🎉"));
        StoredEvent redaction = bridge.matrixReceives(JULIET_GHOST, "m.room.redaction");
        assertThat(redaction.content().path("redacts").asText()).isEqualTo(reaction.eventId());
    }

    @Test
    @Tag("feature:attachment")
    void attachmentIsUploadedToTheHomeserver() {
        byte[] bytes = "a picture of the garden".getBytes(StandardCharsets.UTF_8);
        URI uri = bridge.files.put("garden.png", bytes);
        Attachment a = new Attachment(uri, "image/png", OptionalLong.of(bytes.length), Optional.of("garden.png"),
                OptionalInt.of(10), OptionalInt.of(10), Optional.empty());
        bridge.fromXmpp(Bridge.xmppMessage(JULIET, new MessageContent("garden.png", Optional.empty(), List.of(a),
                Optional.empty())));
        StoredEvent e = bridge.matrixReceives(ev -> ev.type().equals("m.room.message")
                && ev.content().path("msgtype").asText().equals("m.image"));
        String mxc = e.content().path("url").asText();
        assertThat(mxc).startsWith("mxc://" + Bridge.SERVER + "/");
        assertThat(hs.media(mxc)).hasValueSatisfying(media -> assertThat(media.bytes()).isEqualTo(bytes));
    }

    @Test
    @Tag("feature:typing")
    void typing() {
        relayed(Bridge.xmppMessage(JULIET, MessageContent.text("hi")));
        String path = "/_matrix/client/v3/rooms/" + encoded(bridge.roomId) + "/typing/" + encoded(JULIET_GHOST);
        bridge.fromXmpp(new ChatStateChanged(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                ChatStateChanged.State.COMPOSING));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.requestCount(path) == 1);
        bridge.fromXmpp(new ChatStateChanged(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                ChatStateChanged.State.PAUSED));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.requestCount(path) == 2);
    }

    @Test
    @Tag("feature:read-marker")
    void readMarker() {
        MessageSent original = fromAlice("read me");
        bridge.fromXmpp(new ReadMarker(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                original.id()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.receipt(bridge.roomId, JULIET_GHOST, "m.read")
                .equals(Optional.of(original.origin().nativeId().value())));
    }

    @Test
    @Tag("feature:presence")
    void presence() {
        bridge.fromXmpp(new PresenceChanged(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                PresenceChanged.Availability.DO_NOT_DISTURB, Optional.of("busy")));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.presence(JULIET_GHOST).isPresent());
        assertThat(hs.presence(JULIET_GHOST).get().path("presence").asText()).isEqualTo("unavailable");
        assertThat(hs.presence(JULIET_GHOST).get().path("status_msg").asText()).isEqualTo("busy");
    }

    @Test
    @Tag("feature:membership")
    void joinAndLeave() {
        Jid romeo = Jid.parse("room@conference.example.org/romeo");
        String ghost = Bridge.ghostOf(romeo).toString();
        bridge.fromXmpp(new MembershipChanged(EventId.random(), Bridge.xmppOrigin(), romeo, XMPP_ROOM, Instant.now(),
                romeo, MembershipChanged.Membership.JOIN, Optional.empty()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.room(bridge.roomId).orElseThrow().members()
                .contains(ghost));
        bridge.fromXmpp(new MembershipChanged(EventId.random(), Bridge.xmppOrigin(), romeo, XMPP_ROOM, Instant.now(),
                romeo, MembershipChanged.Membership.LEAVE, Optional.empty()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !hs.room(bridge.roomId).orElseThrow().members()
                .contains(ghost));
    }

    @Test
    @Tag("feature:membership")
    void removingSomeoneWhoNeverJoinedHereIsDoneNotDeadLettered() {
        // As a MIMI commit reports it: one user removes another, neither of whom ever came into this room.
        Jid remover = Jid.parse("room@conference.example.org/mercutio");
        Jid removed = Jid.parse("room@conference.example.org/tybalt");
        bridge.fromXmpp(new MembershipChanged(EventId.random(), Bridge.xmppOrigin(), remover, XMPP_ROOM,
                Instant.now(), removed, MembershipChanged.Membership.KICK, Optional.empty()));
        String after = "after the removal";
        bridge.fromXmpp(Bridge.xmppMessage(JULIET, MessageContent.text(after)));
        bridge.matrixReceives(e -> e.content().path("body").asText().equals(after));
        assertThat(bridge.metrics.find("passerelle.deliveries.dead").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(hs.room(bridge.roomId).orElseThrow().members()).doesNotContain(Bridge.ghostOf(removed).toString());
    }

    @Test
    @Tag("feature:profile")
    void displayNameAndAvatar() {
        URI avatar = bridge.files.put("juliet.png", "juliet's face".getBytes(StandardCharsets.UTF_8));
        bridge.fromXmpp(new ProfileChanged(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM, Instant.now(),
                Optional.of("Juliet Capulet"), Optional.of(avatar)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.profile(JULIET_GHOST).containsKey("avatar_url")
                && hs.profile(JULIET_GHOST).get("displayname").asText().equals("Juliet Capulet"));
        String mxc = hs.profile(JULIET_GHOST).get("avatar_url").asText();
        assertThat(hs.media(mxc)).isPresent();
    }

    @Test
    @Tag("feature:room-metadata")
    void roomNameAndTopic() {
        bridge.fromXmpp(new RoomMetadataChanged(EventId.random(), Bridge.xmppOrigin(), JULIET, XMPP_ROOM,
                Instant.now(), Optional.of("Verona"), Optional.of("Balcony talk"), Optional.empty()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.room(bridge.roomId).orElseThrow()
                .state("m.room.topic", "").isPresent());
        assertThat(hs.room(bridge.roomId).orElseThrow().state("m.room.name", "").orElseThrow().path("name").asText())
                .isEqualTo("Verona");
        assertThat(hs.room(bridge.roomId).orElseThrow().state("m.room.topic", "").orElseThrow().path("topic")
                .asText()).isEqualTo("Balcony talk");
    }

    /** A path segment as the client writes it: every byte but RFC 3986's unreserved characters escaped. */
    private static String encoded(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private void awaitMapped(EventId id) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(id, Network.MATRIX).isPresent());
    }

    static MatrixUserId alice() {
        return MatrixUserId.parse(ALICE);
    }

    private ObjectNode powerLevels() {
        return (ObjectNode) hs.room(bridge.roomId).orElseThrow().state("m.room.power_levels", "").orElseThrow();
    }

    private RoleChanged julietBecomes(Role role) {
        Jid romeo = Jid.parse("room@conference.example.org/romeo");
        return new RoleChanged(EventId.random(), Bridge.xmppOrigin(), romeo, XMPP_ROOM, Instant.now(), JULIET, role);
    }

    @Test
    @Tag("feature:roles")
    void aRoleSetsTheGhostsPowerLevelThroughTheBot() {
        ObjectNode levels = powerLevels();
        ((ObjectNode) levels.get("users")).put(Bridge.BOT, 100);
        hs.setState(ALICE, bridge.roomId, "m.room.power_levels", "", levels);

        bridge.fromXmpp(julietBecomes(Role.MODERATOR));
        StoredEvent written = bridge.matrixReceives(Bridge.BOT, "m.room.power_levels");
        assertThat(written.stateKey()).isEmpty();
        assertThat(written.content().path("users").path(JULIET_GHOST).asInt()).isEqualTo(50);
        assertThat(written.content().path("users").path(ALICE).asInt()).as("the rest is kept").isEqualTo(100);
        assertThat(written.content().path("users").path(Bridge.BOT).asInt()).isEqualTo(100);
        assertThat(powerLevels()).isEqualTo(written.content());

        // The homeserver pushes the bot's own change back: an echo, not a role change for the XMPP side.
        double echoes = bridge.ignored("echo");
        bridge.push(bridge.stored(bridge.roomId, written.eventId()));
        assertThat(bridge.ignored("echo")).isEqualTo(echoes + 1);
        assertThat(bridge.xmpp.sent()).noneMatch(s -> s.delivery().event() instanceof RoleChanged);
    }

    @Test
    @Tag("feature:roles")
    void aRoleTheBotHasNoPowerToSetIsDeadLetteredAndReported() {
        ObjectNode before = powerLevels();
        RoleChanged r = julietBecomes(Role.ADMIN);
        bridge.fromXmpp(r);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !bridge.xmpp.reported().isEmpty());
        assertThat(bridge.xmpp.reported().get(0).event().id()).isEqualTo(r.id());
        assertThat(bridge.xmpp.reported().get(0).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
        assertThat(bridge.xmpp.reported().get(0).message()).contains("M_FORBIDDEN");
        assertThat(Bridge.join(bridge.router.deadLetters(0, 10))).hasSize(1);
        assertThat(powerLevels()).isEqualTo(before);
    }
}
