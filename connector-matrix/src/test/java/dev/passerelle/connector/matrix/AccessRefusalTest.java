package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.JULIET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.Health;
import dev.passerelle.mapping.JdbcStoreConfig;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the connector refuses for access: a homeserver refusing its as_token, another user acting as a ghost. */
class AccessRefusalTest extends BridgeTestBase {

    private final Logger accessLog = (Logger) LoggerFactory.getLogger(AccessRefusals.LOGGER);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        accessLog.addAppender(log);
    }

    @AfterEach
    void release() {
        accessLog.detachAppender(log);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private double refused(AccessRefusals.Surface surface, String reason) {
        return new AccessRefusals(bridge.metrics).count(surface, reason);
    }

    @Test
    void aHomeserverRefusingTheAsTokenShowsInHealthAndIsCountedOnEveryAttemptLoggedOnce() {
        try (StubHomeserver other = StubHomeserver.start(Bridge.SERVER, "the-token-the-homeserver-knows",
                "_passerelle_bot")) {
            bridge = new Bridge(vertx, other, JdbcStoreConfig.h2Memory("matrix-" + UUID.randomUUID()),
                    new RouterSettings(4, Duration.ofMillis(20), Duration.ofMillis(200), 100), false);

            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> refused(AccessRefusals.Surface.HOMESERVER, "unknown_token") >= 2);
            Health health = bridge.matrix.health();
            assertThat(health.state()).isEqualTo(Health.State.DOWN);
            assertThat(health.detail().orElseThrow()).contains("refused the as_token (M_UNKNOWN_TOKEN)")
                    .doesNotContain(Bridge.AS_TOKEN);
            assertThat(warnings()).as("a retry loop is logged once, not once per attempt").singleElement()
                    .asString().startsWith("access refused: surface=homeserver reason=unknown_token peer="
                            + other.baseUrl())
                    .doesNotContain(Bridge.AS_TOKEN);
            bridge.close();
            bridge = null;
        }
    }

    @Test
    void aDeliveryRefusedForTheAsTokenIsCountedAndHealthComesBackOnceTheHomeserverTakesItAgain() {
        startLinked();
        hs.failNext(1, 401, "M_UNKNOWN_TOKEN");

        bridge.fromXmpp(Bridge.xmppMessage(JULIET, MessageContent.text("refused once")));

        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> refused(AccessRefusals.Surface.HOMESERVER, "unknown_token") == 1);
        assertThat(warnings()).singleElement().asString()
                .startsWith("access refused: surface=homeserver reason=unknown_token");
        await().atMost(10, TimeUnit.SECONDS).until(() -> bridge.matrix.health().ready());
        bridge.fromXmpp(Bridge.xmppMessage(JULIET, MessageContent.text("accepted again")));
        bridge.matrixReceives(e -> e.content().path("body").asText().equals("accepted again"));
    }

    @Test
    void anotherUserJoiningAsAGhostIsRefusedNotActedOnAndTheRoomGoesOn() {
        startLinked();
        String ghost = Bridge.ghostOf(Jid.parse("juliet@example.org")).toString();

        bridge.push(ClientEvents.member(bridge.roomId, ALICE, ghost, "join"));
        bridge.push(ClientEvents.member(bridge.roomId, ALICE, Bridge.BOT, "knock"));
        // Inviting a ghost is what users do to reach someone: not a claim.
        bridge.push(ClientEvents.member(bridge.roomId, ALICE, ghost, "invite"));
        bridge.text("still bridged");

        MessageSent relayed = bridge.xmppReceives(MessageSent.class);
        assertThat(relayed.content().text()).isEqualTo("still bridged");
        assertThat(refused(AccessRefusals.Surface.MATRIX, "ghost_claimed")).isEqualTo(2);
        assertThat(bridge.ignored("gateway-member")).as("only the invitation").isEqualTo(1);
        assertThat(warnings()).hasSize(2).first().asString()
                .startsWith("access refused: surface=matrix reason=ghost_claimed peer=" + ALICE + ": " + ALICE
                        + " made " + ghost + " join room " + bridge.roomId);
    }
}
