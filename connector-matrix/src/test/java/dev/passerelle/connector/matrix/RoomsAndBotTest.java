package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.BOT;
import static dev.passerelle.connector.matrix.Bridge.JSON;
import static dev.passerelle.connector.matrix.Bridge.JULIET;
import static dev.passerelle.connector.matrix.Bridge.XMPP_ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.Link;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Portals, DMs, the bot's commands, encrypted rooms and room upgrades, end to end. */
class RoomsAndBotTest extends BridgeTestBase {

    @BeforeEach
    void setUp() {
        bridge = Bridge.inMemory(vertx, hs);
    }

    @Test
    @Tag("feature:portal")
    void aliasQueryCreatesAndLinksThePortal() {
        MatrixRoomAlias alias = (MatrixRoomAlias) Bridge.NAMING.portalFor(XMPP_ROOM, Network.MATRIX);
        HttpResponse<String> answer = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/rooms/" + URLEncoder.encode(alias.toString(), StandardCharsets.UTF_8), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        String roomId = hs.room(alias.toString()).orElseThrow().roomId();
        assertThat(hs.room(roomId).orElseThrow().creator()).isEqualTo(BOT);
        Link link = bridge.store.links().findByRoom(XMPP_ROOM).orElseThrow();
        assertThat(link.kind()).isEqualTo(Link.Kind.PORTAL);
        assertThat(link.rooms()).contains(MatrixRoomId.parse(roomId));

        // Alice joins by the alias and the XMPP room's messages reach her.
        hs.join(ALICE, alias.toString());
        bridge.roomId = roomId;
        bridge.fromXmpp(Bridge.xmppMessage(JULIET, MessageContent.text("welcome to the portal")));
        bridge.matrixReceives(e -> e.content().path("body").asText().equals("welcome to the portal"));
    }

    @Test
    @Tag("feature:ghosts")
    void aUserQueryRegistersTheGhost() {
        String ghost = Bridge.ghostOf(Jid.parse("romeo@example.org")).toString();
        HttpResponse<String> answer = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/users/" + URLEncoder.encode(ghost, StandardCharsets.UTF_8), null);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(hs.users()).contains(ghost);
        HttpResponse<String> stranger = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/users/" + URLEncoder.encode("@_passerelle_nobody:" + Bridge.SERVER,
                        StandardCharsets.UTF_8), null);
        assertThat(stranger.statusCode()).isEqualTo(404);
    }

    @Test
    @Tag("feature:third-party")
    void thirdPartyLookupsNameThePortalsAndGhosts() throws Exception {
        HttpResponse<String> protocol = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/thirdparty/protocol/xmpp", null);
        assertThat(protocol.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(protocol.body()).path("location_fields").get(0).asText()).isEqualTo("room");

        HttpResponse<String> location = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/thirdparty/location/xmpp?room=room%40conference.example.org", null);
        assertThat(location.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(location.body()).get(0).path("alias").asText())
                .isEqualTo(Bridge.NAMING.portalFor(XMPP_ROOM, Network.MATRIX).toString());

        String ghost = Bridge.ghostOf(Jid.parse("romeo@example.org")).toString();
        HttpResponse<String> user = hs.callAppService("GET", bridge.gatewayUrl(), Bridge.HS_TOKEN,
                "/_matrix/app/v1/thirdparty/user?userid=" + URLEncoder.encode(ghost, StandardCharsets.UTF_8), null);
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(user.body()).get(0).path("fields").path("jid").asText())
                .isEqualTo("romeo@example.org");
    }

    @Test
    @Tag("feature:dm")
    void inviteOfAGhostToADmLinksAOneToOneConversation() {
        Jid romeo = Jid.parse("romeo@example.org");
        String ghost = Bridge.ghostOf(romeo).toString();
        ObjectNode body = JSON.createObjectNode().put("is_direct", true).put("preset", "trusted_private_chat");
        body.putArray("invite").add(ghost);
        String roomId = hs.createRoom(ALICE, body);
        bridge.roomId = roomId;
        bridge.push(bridge.stored(roomId, stateEvent(roomId, "m.room.member", ghost).eventId()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.room(roomId).orElseThrow().members().contains(ghost));
        Link link = bridge.store.links().findByRoom(romeo).orElseThrow();
        assertThat(link.rooms()).containsExactlyInAnyOrder(MatrixRoomId.parse(roomId), romeo);

        bridge.text("hi Romeo");
        MessageSent m = bridge.xmppReceives(MessageSent.class);
        assertThat(bridge.xmpp.sent().get(0).delivery().target()).isEqualTo(romeo);
        assertThat(m.content().text()).isEqualTo("hi Romeo");

        // The bot is not in the DM: a failure is told by Romeo's ghost.
        bridge.xmpp.failWhen(d -> new GatewayException(GatewayException.Reason.PERMANENT, "romeo is gone"));
        String lost = bridge.text("are you there?");
        StoredEvent notice = bridge.matrixReceives(e -> e.sender().equals(ghost) && e.content().path("m.relates_to")
                .path("m.in_reply_to").path("event_id").asText().equals(lost));
        assertThat(notice.content().path("body").asText())
                .isEqualTo("Could not deliver to xmpp:romeo@example.org: permanent: romeo is gone");
    }

    @Test
    @Tag("feature:bot")
    void botCommandsInADm() {
        String dm = botDm();
        assertThat(command(dm, "help")).contains("Passerelle bridges Matrix to XMPP and MIMI");
        assertThat(bridge.xmpp.sent()).isEmpty();
        assertThat(bridge.ignored("bot-command")).isEqualTo(1);

        String answer = command(dm, "dm romeo@example.org");
        assertThat(answer).startsWith("I opened a DM with xmpp:romeo@example.org");
        Link link = bridge.store.links().findByRoom(Jid.parse("romeo@example.org")).orElseThrow();
        String room = link.roomOn(Network.MATRIX).orElseThrow().toString();
        assertThat(answer).contains(room);
        assertThat(hs.room(room).orElseThrow().creator()).isEqualTo(Bridge.ghostOf(Jid.parse("romeo@example.org"))
                .toString());
        assertThat(hs.room(room).orElseThrow().invited()).contains(ALICE);
    }

    @Test
    @Tag("feature:bot")
    void linkNeedsTheBotsPowersThenLinksStatusAndUnlinks() {
        String weak = bridge.room(JSON.createObjectNode());
        assertThat(command(weak, "!passerelle link other@conference.example.org"))
                .isEqualTo("I need: ban, kick, m.room.power_levels, redact; ask an admin to raise my power level to "
                        + "100, then try again.");
        assertThat(bridge.store.links().findByRoom(MatrixRoomId.parse(weak))).isEmpty();

        // Room version 12: Alice, the creator, has unlimited power without being listed in the power levels.
        ObjectNode body = JSON.createObjectNode().put("room_version", "12");
        body.putObject("power_level_content_override").putObject("users").put(BOT, 100);
        String strong = bridge.room(body);
        Jid other = Jid.parse("other@conference.example.org");
        assertThat(command(strong, "!passerelle link other@conference.example.org"))
                .isEqualTo("This room is now bridged to xmpp:other@conference.example.org.");
        assertThat(bridge.store.links().findByRoom(other).orElseThrow().rooms()).contains(MatrixRoomId.parse(strong));

        String status = command(strong, "!passerelle status");
        assertThat(status).contains("matrix: up").contains("xmpp:other@conference.example.org");

        assertThat(command(strong, "!passerelle unlink")).isEqualTo("This room is no longer bridged.");
        assertThat(bridge.store.links().findByRoom(other)).isEmpty();
    }

    @Test
    @Tag("feature:encryption")
    void anEncryptedRoomIsRefusedWithANotice() {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("power_level_content_override").putObject("users").put(ALICE, 100).put(BOT, 100);
        ObjectNode encryption = body.putArray("initial_state").addObject().put("type", "m.room.encryption")
                .put("state_key", "");
        encryption.putObject("content").put("algorithm", "m.megolm.v1.aes-sha2");
        String room = bridge.room(body);
        assertThat(command(room, "!passerelle link other@conference.example.org"))
                .isEqualTo("This room is encrypted; Passerelle cannot read it yet, so it will not bridge it.");
        assertThat(bridge.store.links().list()).isEmpty();
    }

    @Test
    @Tag("feature:encryption")
    void aLinkedRoomThatTurnsEncryptionOnIsUnlinkedAndSaysSo() {
        String room = bridge.link();
        ObjectNode content = JSON.createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2");
        bridge.push(dev.passerelle.connector.matrix.homeserver.ClientEvents.state(room, ALICE, "m.room.encryption", "",
                content));
        StoredEvent notice = bridge.matrixReceives(BOT, "m.room.message");
        assertThat(notice.content().path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(notice.content().path("body").asText()).contains("stopped bridging");
        assertThat(bridge.store.links().list()).isEmpty();

        ObjectNode encrypted = dev.passerelle.connector.matrix.homeserver.ClientEvents.event(room, ALICE,
                "m.room.encrypted", JSON.createObjectNode().put("algorithm", "m.megolm.v1.aes-sha2")
                        .put("ciphertext", "AwgAEnAC").put("sender_key", "abc").put("session_id", "def")
                        .put("device_id", "DEV"));
        bridge.push(encrypted);
        bridge.matrixReceives(e -> e.sender().equals(BOT) && e.content().path("body").asText()
                .contains("cannot read encrypted messages"));
        assertThat(bridge.ignored("encrypted")).isEqualTo(1);
    }

    @Test
    @Tag("feature:tombstone")
    void aTombstoneMovesTheLinkToTheSuccessorRoom() {
        String old = bridge.link();
        ObjectNode body = JSON.createObjectNode();
        body.putArray("invite").add(BOT);
        String successor = hs.createRoom(ALICE, body);
        bridge.push(dev.passerelle.connector.matrix.homeserver.ClientEvents.state(old, ALICE, "m.room.tombstone", "",
                JSON.createObjectNode().put("body", "This room has been replaced").put("replacement_room", successor)));
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.links().findByRoom(XMPP_ROOM)
                .map(l -> l.rooms().contains(MatrixRoomId.parse(successor))).orElse(false));
        assertThat(bridge.store.links().findByRoom(MatrixRoomId.parse(old))).isEmpty();
        assertThat(hs.room(successor).orElseThrow().members()).contains(BOT);

        bridge.roomId = successor;
        bridge.fromXmpp(Bridge.xmppMessage(JULIET, MessageContent.text("after the upgrade")));
        bridge.matrixReceives(e -> e.content().path("body").asText().equals("after the upgrade"));
    }

    @Test
    @Tag("feature:bot")
    void anInviteTheBotCannotAcceptDoesNotHoldUpTheTransaction() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("invite").add(BOT);
        String room = hs.createRoom(ALICE, body);
        hs.failNext(1, 403, "M_FORBIDDEN");
        assertThat(bridge.push(bridge.stored(room, stateEvent(room, "m.room.member", BOT).eventId())).attempts())
                .isEqualTo(1);
        assertThat(bridge.metrics.find("passerelle.matrix.room.actions.failed").tag("type", "m.room.member")
                .counter().count()).isEqualTo(1);
        assertThat(hs.room(room).orElseThrow().members()).doesNotContain(BOT);
    }

    /** A DM between Alice and the bot, as a client makes one: an is_direct invite the bot accepts. */
    private String botDm() {
        ObjectNode body = JSON.createObjectNode().put("is_direct", true).put("preset", "trusted_private_chat");
        body.putArray("invite").add(BOT);
        String room = hs.createRoom(ALICE, body);
        bridge.push(bridge.stored(room, stateEvent(room, "m.room.member", BOT).eventId()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.room(room).orElseThrow().members().contains(BOT));
        return room;
    }

    /** Alice sends a command in a room; gives the text of the bot's notice answering it. */
    private String command(String room, String text) {
        String id = hs.send(ALICE, room, "m.room.message", JSON.createObjectNode().put("msgtype", "m.text")
                .put("body", text));
        bridge.push(bridge.stored(room, id));
        StoredEvent reply = await().atMost(10, TimeUnit.SECONDS).until(() -> hs.events(room).stream()
                .filter(e -> e.sender().equals(BOT) && e.content().path("m.relates_to").path("m.in_reply_to")
                        .path("event_id").asText().equals(id)).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(reply.content().path("msgtype").asText()).isEqualTo("m.notice");
        return reply.content().path("body").asText();
    }

    private StoredEvent stateEvent(String room, String type, String stateKey) {
        List<StoredEvent> events = hs.events(room);
        for (int i = events.size() - 1; i >= 0; i--) {
            StoredEvent e = events.get(i);
            if (e.type().equals(type) && stateKey.equals(e.stateKey())) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " for " + stateKey + " in " + room);
    }
}
