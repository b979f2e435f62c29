package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.BOT;
import static dev.passerelle.connector.matrix.Bridge.JSON;
import static dev.passerelle.connector.matrix.Bridge.JULIET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.connector.matrix.homeserver.TransactionResult;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.mapping.JdbcStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, dead letters and failure reports, duplicates, echoes and spoofing, splitting, restarts. */
class DeliveryTest extends BridgeTestBase {

    static final String JULIET_GHOST = Bridge.ghostOf(JULIET).toString();

    private void linked() {
        startLinked();
        // Juliet's ghost exists and is in the room, so that the next request the homeserver sees is the send.
        relayedOnce("warming up");
    }

    private void relayedOnce(String text) {
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text(text));
        bridge.fromXmpp(m);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(m.id(), Network.MATRIX)
                .isPresent());
        assertThat(bodies().stream().filter(text::equals)).hasSize(1);
    }

    private List<String> bodies() {
        return hs.events(bridge.roomId).stream().filter(e -> e.type().equals("m.room.message"))
                .map(e -> e.content().path("body").asText()).collect(Collectors.toList());
    }

    @Test
    void aRateLimitIsWaitedOutAndTheMessageArrivesOnce() {
        linked();
        hs.rateLimit(2, 50);
        relayedOnce("after the rate limit");
    }

    @Test
    void serverErrorsAreRetried() {
        linked();
        hs.failNext(2, 502, "M_UNKNOWN");
        relayedOnce("after the server errors");
    }

    @Test
    void aForbiddenSendIsDeadLetteredAndReportedToTheXmppSender() {
        linked();
        // The send, the ghost's join and the bot's invite are all refused: the ghost cannot be in the room.
        hs.failNext(3, 403, "M_FORBIDDEN");
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("refused"));
        bridge.fromXmpp(m);
        await().atMost(10, TimeUnit.SECONDS).until(() -> !bridge.xmpp.reported().isEmpty());
        assertThat(bridge.xmpp.reported().get(0).event().id()).isEqualTo(m.id());
        assertThat(bridge.xmpp.reported().get(0).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
        assertThat(Bridge.join(bridge.router.deadLetters(0, 10))).hasSize(1);
        assertThat(bodies()).doesNotContain("refused");
    }

    @Test
    void aMatrixMessageTheXmppSideRefusesIsReportedWithANotice() {
        bridge = Bridge.inMemory(vertx, hs);
        bridge.link();
        bridge.xmpp.failWhen(d -> new GatewayException(GatewayException.Reason.PERMANENT, "the room is gone"));
        String eventId = bridge.text("to nowhere");
        StoredEvent notice = bridge.matrixReceives(BOT, "m.room.message");
        assertThat(notice.content().path("msgtype").asText()).isEqualTo("m.notice");
        assertThat(notice.content().path("body").asText())
                .isEqualTo("Could not deliver to xmpp:room@conference.example.org: permanent: the room is gone");
        assertThat(notice.content().path("m.relates_to").path("m.in_reply_to").path("event_id").asText())
                .isEqualTo(eventId);
    }

    @Test
    void theSameTransactionThreeTimesRelaysOnce() {
        bridge = Bridge.inMemory(vertx, hs);
        String room = bridge.link();
        String id = hs.send(ALICE, room, "m.room.message", JSON.createObjectNode().put("msgtype", "m.text")
                .put("body", "once"));
        ObjectNode event = bridge.stored(room, id);
        for (int i = 0; i < 3; i++) {
            TransactionResult r = hs.pushTransaction(bridge.gatewayUrl(), Bridge.HS_TOKEN, "txn-same", List.of(event));
            assertThat(r.acknowledged()).isTrue();
        }
        // The same event under another transaction id (a homeserver whose transaction memory was lost).
        hs.pushTransaction(bridge.gatewayUrl(), Bridge.HS_TOKEN, "txn-other", List.of(event));
        bridge.text("marker");
        bridge.xmppReceives(MessageSent.class, m -> m.content().text().equals("marker"));
        assertThat(bridge.xmpp.sent().stream().filter(s -> s.delivery().event() instanceof MessageSent m
                && m.content().text().equals("once"))).hasSize(1);
    }

    @Test
    void anEventClaimingAGhostIdentityIsNotRelayed() {
        bridge = Bridge.inMemory(vertx, hs);
        String room = bridge.link();
        bridge.push(ClientEvents.text(room, JULIET_GHOST, "I am Juliet, trust me"), ClientEvents.text(room, BOT,
                "and I am the bot"));
        bridge.text("marker");
        bridge.xmppReceives(MessageSent.class, m -> m.content().text().equals("marker"));
        assertThat(bridge.xmpp.sent()).hasSize(1);
        assertThat(bridge.ignored("echo")).isEqualTo(2);
    }

    @Test
    void eventsOfRoomsThatAreNotBridgedAreNotRelayed() {
        bridge = Bridge.inMemory(vertx, hs);
        bridge.link();
        String other = bridge.room(JSON.createObjectNode());
        TransactionResult r = bridge.push(ClientEvents.text(other, ALICE, "nobody hears this"));
        assertThat(r.status()).isEqualTo(200);
        bridge.text("marker");
        bridge.xmppReceives(MessageSent.class, m -> m.content().text().equals("marker"));
        assertThat(bridge.xmpp.sent()).hasSize(1);
        assertThat(bridge.metrics.find("passerelle.events.in").tag("network", Network.MATRIX.id())
                .tag("outcome", "not_bridged").counter().count()).isEqualTo(1);
    }

    @Test
    void aLongMessageArrivesSplit() {
        linked();
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 70_000; i++) {
            text.append("line ").append(i).append(" of a very long message\n");
        }
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text(text.toString()));
        bridge.fromXmpp(m);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(m.id(), Network.MATRIX)
                .isPresent());
        List<StoredEvent> parts = hs.events(bridge.roomId).stream().filter(e -> e.sender().equals(JULIET_GHOST)
                && e.content().path("body").asText().contains("of a very long message")).toList();
        assertThat(parts.size()).isGreaterThan(1);
        String first = bridge.store.messages().ref(m.id(), Network.MATRIX).orElseThrow().nativeId().value();
        assertThat(first).isEqualTo(parts.get(0).eventId());
        String joined = parts.stream().map(e -> e.content().path("body").asText()).collect(Collectors.joining());
        assertThat(joined.replaceAll("\\s", "")).contains("line0ofaverylongmessage")
                .contains("line" + (text.toString().split("\n").length - 1) + "ofaverylongmessage");
    }

    @Test
    void aHomeserverDownAtStartLeavesTheConnectorDownUntilItAnswers() {
        hs.down(true);
        bridge = new Bridge(vertx, hs, JdbcStoreConfig.h2Memory("down-" + System.nanoTime()),
                new RouterSettings(4, Duration.ofMillis(20), Duration.ofMillis(200), 100), false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.matrix.health().state() == Health.State.DOWN);
        assertThat(bridge.matrix.health().detail().orElseThrow()).contains("not reachable");
        hs.down(false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.matrix.health().ready());
    }

    @Test
    void aHomeserverThatStopsAnsweringIsShownDownUntilItAnswersAgain() {
        // Attempts enough for the delivery to outlive the outage whatever the timing: this is about the health shown
        // and the delivery after it, not about when the router gives up (four quick attempts could all fail first).
        bridge = new Bridge(vertx, hs, JdbcStoreConfig.h2Memory("away-" + System.nanoTime()),
                new RouterSettings(1000, Duration.ofMillis(20), Duration.ofMillis(200), 100));
        bridge.link();
        relayedOnce("warming up");
        hs.down(true);
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("while the homeserver is away"));
        bridge.fromXmpp(m);
        // The delivery's failed attempts tell the connector that the homeserver is gone.
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.matrix.health().state() == Health.State.DOWN);
        assertThat(bridge.matrix.health().detail().orElseThrow()).contains("not reachable");
        hs.down(false);
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(m.id(), Network.MATRIX)
                .isPresent());
        assertThat(bridge.matrix.health().ready()).isTrue();
    }

    @Test
    void aRestartResumesPendingDeliveries(@TempDir Path dir) {
        RouterSettings patient = new RouterSettings(1000, Duration.ofMillis(50), Duration.ofMillis(200), 100);
        Bridge first = new Bridge(vertx, hs, JdbcStoreConfig.h2File(dir), patient);
        String room = first.link();
        hs.down(true);
        MessageSent m = Bridge.xmppMessage(JULIET, MessageContent.text("survives the restart"));
        first.fromXmpp(m);
        await().atMost(10, TimeUnit.SECONDS).until(() -> hs.requestCount() > 3);
        first.close();
        hs.down(false);

        bridge = new Bridge(vertx, hs, JdbcStoreConfig.h2File(dir), patient);
        bridge.roomId = room;
        bridge.matrixReceives(e -> e.content().path("body").asText().equals("survives the restart"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.store.messages().ref(m.id(), Network.MATRIX)
                .isPresent());
        assertThat(bodies().stream().filter("survives the restart"::equals)).hasSize(1);
    }
}
