package dev.passerelle.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.EventSink.Accepted;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.core.store.StoredDelivery;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router over the H2 store with test connectors: ordering, isolation of failures, retries, dead letters. */
class RouterDeliveryTest {
    private Vertx vertx;
    private JdbcStore store;
    private final List<RouterFixture> fixtures = new ArrayList<>();

    @BeforeEach
    void open() {
        vertx = Vertx.vertx();
        store = JdbcStore.open(JdbcStoreConfig.h2Memory("router-" + UUID.randomUUID()), new SimpleMeterRegistry());
    }

    @AfterEach
    void close() throws Exception {
        fixtures.forEach(RouterFixture::close);
        store.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RouterFixture start(TestConnector matrix, TestConnector mimi) throws Exception {
        RouterFixture f = new RouterFixture(vertx, store, RouterFixture.fastRetries(), matrix, mimi);
        get(f.router.start());
        fixtures.add(f);
        return f;
    }

    private RouterFixture start() throws Exception {
        return start(new TestConnector(Network.MATRIX), new TestConnector(Network.MIMI));
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Per target room, the message numbers in the order they were sent. */
    private static Map<String, List<Integer>> byRoom(List<TestConnector.Sent> sent) {
        Map<String, List<Integer>> rooms = new HashMap<>();
        for (TestConnector.Sent s : sent) {
            String text = s.text().substring(s.text().lastIndexOf('\n') + 1);
            rooms.computeIfAbsent(s.delivery().target().toUri(), k -> new ArrayList<>())
                    .add(Integer.parseInt(text.substring(text.indexOf(':') + 1)));
        }
        return rooms;
    }

    @Test
    void thousandEventsOverFiftyConversationsKeepTheirOrderPerTarget() throws Exception {
        RouterFixture f = start();
        f.link(50);
        List<Future<Accepted>> acks = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            for (int i = 0; i < 50; i++) {
                acks.add(f.xmpp.inject(RouterFixture.message(i, n)));
            }
        }
        for (Future<Accepted> ack : acks) {
            assertThat(get(ack)).isEqualTo(Accepted.RELAYED);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> f.matrix.sent().size() == 1000 && f.mimi.sent().size() == 1000);

        for (TestConnector target : List.of(f.matrix, f.mimi)) {
            Map<String, List<Integer>> rooms = byRoom(target.sent());
            assertThat(rooms).hasSize(50);
            rooms.forEach((room, numbers) -> assertThat(numbers).as(room)
                    .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19));
        }
        assertThat(f.counter("passerelle.events.out", "matrix")).isEqualTo(1000);
        assertThat(f.router.pendingCount()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.journal().pendingCount() == 0);
    }

    /** The texts of the deferred sends so far, in the order the router called them. */
    private static List<String> calls(TestConnector target) {
        return target.deferred().stream().map(TestConnector.Deferred::text).toList();
    }

    /** Checks for a while that the router makes no more calls than {@code calls}: what it must not send, it does not. */
    private static void staysAt(TestConnector target, int calls) {
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
                .until(() -> target.deferred().size() == calls);
    }

    private static void confirm(TestConnector target, int call) {
        target.deferred().get(call).promise().complete(SendResult.confirmed());
    }

    @Test
    void aConnectorWithAWindowGetsThatManySendsAtOnceConfirmedInOrder() throws Exception {
        TestConnector matrix = new TestConnector(Network.MATRIX).window(4).deferSends();
        RouterFixture f = start(matrix, new TestConnector(Network.MIMI));
        f.link(1);
        for (int n = 0; n < 10; n++) {
            get(f.xmpp.inject(RouterFixture.message(0, n)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() == 4);
        staysAt(matrix, 4);
        assertThat(calls(matrix)).as("four in flight, none beyond the window").containsExactly("0:0", "0:1", "0:2", "0:3");

        // A later confirmation waits for the earlier one: the window does not move until the first is settled.
        confirm(matrix, 1);
        staysAt(matrix, 4);
        confirm(matrix, 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() == 6);
        for (int call = 2; call < 10; call++) {
            int next = call;
            await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() > next);
            confirm(matrix, call);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.router.pendingCount() == 0);
        assertThat(calls(matrix)).containsExactly("0:0", "0:1", "0:2", "0:3", "0:4", "0:5", "0:6", "0:7", "0:8", "0:9");
        assertThat(f.counter("passerelle.events.out", "matrix")).isEqualTo(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.journal().pendingCount() == 0);
    }

    @Test
    void aSendThatFailsInTheWindowIsRetriedAloneBeforeTheRest() throws Exception {
        TestConnector matrix = new TestConnector(Network.MATRIX).window(4).deferSends();
        RouterFixture f = start(matrix, new TestConnector(Network.MIMI));
        f.link(1);
        for (int n = 0; n < 8; n++) {
            get(f.xmpp.inject(RouterFixture.message(0, n)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() == 4);
        matrix.deferred().get(1).promise().fail(new GatewayException(GatewayException.Reason.TRANSIENT, "busy"));
        confirm(matrix, 0);
        // Nothing new while those sent with the failed one are out.
        staysAt(matrix, 4);
        confirm(matrix, 2);
        confirm(matrix, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() == 5);
        staysAt(matrix, 5);
        assertThat(calls(matrix)).as("the retry goes alone").containsExactly("0:0", "0:1", "0:2", "0:3", "0:1");
        assertThat(matrix.deferred().get(4).delivery().attempt()).isEqualTo(2);
        // A new message moves the lane on, but not past the retry in flight.
        get(f.xmpp.inject(RouterFixture.message(0, 8)));
        // Nothing beside the retry.
        staysAt(matrix, 5);
        confirm(matrix, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() == 9);
        for (int call = 5; call < 10; call++) {
            int next = call;
            await().atMost(Duration.ofSeconds(10)).until(() -> matrix.deferred().size() > next);
            confirm(matrix, call);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.router.pendingCount() == 0);
        assertThat(calls(matrix)).containsExactly("0:0", "0:1", "0:2", "0:3", "0:1", "0:4", "0:5", "0:6", "0:7",
                "0:8");
        assertThat(f.counter("passerelle.deliveries.retried", "matrix")).isEqualTo(1);
    }

    @Test
    void aFailingTargetDoesNotHoldUpTheOtherTarget() throws Exception {
        AtomicBoolean matrixDown = new AtomicBoolean(true);
        TestConnector matrix = new TestConnector(Network.MATRIX).failWhen(d -> matrixDown.get()
                ? new GatewayException(GatewayException.Reason.TRANSIENT, "homeserver unreachable") : null);
        RouterFixture f = new RouterFixture(vertx, store,
                new RouterSettings(1000, Duration.ofMillis(20), Duration.ofMillis(100), 1000), matrix,
                new TestConnector(Network.MIMI));
        get(f.router.start());
        fixtures.add(f);
        f.link(5);
        for (int n = 0; n < 40; n++) {
            for (int i = 0; i < 5; i++) {
                get(f.xmpp.inject(RouterFixture.message(i, n)));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> f.mimi.sent().size() == 200);
        assertThat(f.matrix.sent()).isEmpty();
        assertThat(f.counter("passerelle.deliveries.retried", "matrix")).isPositive();

        matrixDown.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> f.matrix.sent().size() == 200);
        byRoom(f.matrix.sent()).values().forEach(numbers -> assertThat(numbers).isSorted().hasSize(40));
    }

    @Test
    void aTargetBackUpAfterAnOutageGetsItsBacklogAtOnceNotAfterTheBackoff() throws Exception {
        // Backoff from 30 s: without the wake-up, nothing would go before half a minute had passed.
        AtomicBoolean down = new AtomicBoolean(true);
        TestConnector matrix = new TestConnector(Network.MATRIX).failWhen(d -> down.get()
                ? new GatewayException(GatewayException.Reason.TRANSIENT, "homeserver unreachable") : null);
        TestConnector mimi = new TestConnector(Network.MIMI).failWhen(d -> down.get()
                ? GatewayException.retryAfter(Duration.ofSeconds(30), "429: come back in 30 s") : null);
        matrix.health(Health.down(Instant.now(), "homeserver unreachable"));
        mimi.health(Health.down(Instant.now(), "rate limited"));
        RouterFixture f = new RouterFixture(vertx, store,
                new RouterSettings(1000, Duration.ofSeconds(30), Duration.ofMinutes(2), 1000), matrix, mimi);
        get(f.router.start());
        fixtures.add(f);
        f.link(20);
        for (int i = 0; i < 20; i++) {
            get(f.xmpp.inject(RouterFixture.message(i, 0)));
            get(f.xmpp.inject(RouterFixture.message(i, 1)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.counter("passerelle.deliveries.retried", "matrix") == 20
                && f.counter("passerelle.deliveries.retried", "mimi") == 20);

        down.set(false);
        matrix.health(Health.up(Instant.now()));
        mimi.health(Health.up(Instant.now()));

        await().atMost(Duration.ofSeconds(5)).until(() -> f.matrix.sent().size() == 40);
        byRoom(f.matrix.sent()).values().forEach(numbers -> assertThat(numbers).containsExactly(0, 1));
        // A wait the target asked for (Retry-After) is kept.
        assertThat(f.mimi.sent()).isEmpty();
    }

    @Test
    void aTransientFailureIsRetriedWithTheSameBytesUntilItSucceeds() throws Exception {
        TestConnector matrix = new TestConnector(Network.MATRIX).failWhen(d -> d.attempt() <= 3
                ? GatewayException.retryAfter(Duration.ofMillis(30), "429 too many requests") : null);
        RouterFixture f = start(matrix, new TestConnector(Network.MIMI));
        f.link(1);
        get(f.xmpp.inject(RouterFixture.message(0, 0)));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 1);
        TestConnector.Sent sent = f.matrix.sent().get(0);
        assertThat(sent.delivery().attempt()).isEqualTo(4);
        assertThat(sent.text()).endsWith("\n0:0");
        assertThat(f.counter("passerelle.deliveries.retried", "matrix")).isEqualTo(3);
        assertThat(f.counter("passerelle.deliveries.dead", "matrix")).isZero();
    }

    @Test
    void aPermanentFailureIsDeadLetteredReportedAndCanBeRetried() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(true);
        TestConnector matrix = new TestConnector(Network.MATRIX).failWhen(d -> refuse.get()
                && ((MessageSent) d.event()).content().text().equals("0:1")
                ? new GatewayException(GatewayException.Reason.PERMANENT, "413 event too large") : null);
        RouterFixture f = start(matrix, new TestConnector(Network.MIMI));
        f.link(1);
        for (int n = 0; n < 3; n++) {
            get(f.xmpp.inject(RouterFixture.message(0, n)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 2 && f.mimi.sent().size() == 3);
        assertThat(byRoom(f.matrix.sent()).values()).containsExactly(List.of(0, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> !f.xmpp.reported().isEmpty());
        assertThat(f.xmpp.reported().get(0).target()).isEqualTo(RouterFixture.matrixRoom(0));
        assertThat(f.xmpp.reported().get(0).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
        assertThat(f.counter("passerelle.deliveries.dead", "matrix")).isEqualTo(1);

        List<StoredDelivery> dead = await().atMost(Duration.ofSeconds(10))
                .until(() -> get(f.router.deadLetters(0, 10)), l -> l.size() == 1);
        assertThat(dead.get(0).target()).isEqualTo(RouterFixture.matrixRoom(0));
        assertThat(dead.get(0).lastError()).hasValueSatisfying(e -> assertThat(e).contains("413 event too large"));

        refuse.set(false);
        assertThat(get(f.router.retryDeadLetter(dead.get(0).seq()))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 3);
        assertThat(get(f.router.deadLetters(0, 10))).isEmpty();
        assertThat(get(f.router.retryDeadLetter(dead.get(0).seq()))).isFalse();
    }

    @Test
    void aProfileChangeTheTargetHasNoFormForIsNotCarriedNotDeadLettered() throws Exception {
        TestConnector mimi = new TestConnector(Network.MIMI).failWhen(d -> d.event() instanceof ProfileChanged
                ? new GatewayException(GatewayException.Reason.UNSUPPORTED, "MIMI has no display names") : null);
        RouterFixture f = start(new TestConnector(Network.MATRIX), mimi);
        f.link(1);
        Jid alice = Jid.parse("room-0@conference.example.org/alice");
        ProfileChanged renamed = new ProfileChanged(EventId.random(), new Origin(Network.XMPP, new NativeId("p-1")),
                alice, RouterFixture.xmppRoom(0), Instant.now(), Optional.of("Alice L."), Optional.empty());
        get(f.xmpp.inject(renamed));
        get(f.xmpp.inject(RouterFixture.message(0, 1)));

        await().atMost(Duration.ofSeconds(10)).until(() -> mimi.sent().size() == 1 && f.matrix.sent().size() == 2);
        assertThat(f.metrics.find("passerelle.events.not.carried").tag("network", "mimi").tag("why", "unsupported")
                .counter().count()).isEqualTo(1);
        assertThat(f.counter("passerelle.deliveries.dead", "mimi")).isZero();
        assertThat(get(f.router.deadLetters(0, 10))).isEmpty();
        assertThat(f.xmpp.reported()).isEmpty();
    }

    @Test
    void anUnsupportedMessageIsStillDeadLetteredAndReported() throws Exception {
        TestConnector mimi = new TestConnector(Network.MIMI).failWhen(d -> d.event() instanceof MessageSent
                ? new GatewayException(GatewayException.Reason.UNSUPPORTED, "no such room kind") : null);
        RouterFixture f = start(new TestConnector(Network.MATRIX), mimi);
        f.link(1);
        get(f.xmpp.inject(RouterFixture.message(0, 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !f.xmpp.reported().isEmpty());
        assertThat(f.counter("passerelle.deliveries.dead", "mimi")).isEqualTo(1);
    }

    @Test
    void aResubmittedEventIsADuplicateAndDeliveredOnce() throws Exception {
        RouterFixture f = start();
        f.link(1);
        MessageSent first = RouterFixture.message(0, 0);
        MessageSent again = new MessageSent(EventId.random(), first.origin(), first.sender(), first.conversation(),
                first.timestamp(), first.content());
        assertThat(get(f.xmpp.inject(first))).isEqualTo(Accepted.RELAYED);
        assertThat(get(f.xmpp.inject(again))).isEqualTo(Accepted.DUPLICATE);
        get(f.xmpp.inject(RouterFixture.message(0, 1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 2);
        assertThat(byRoom(f.matrix.sent()).values()).containsExactly(List.of(0, 1));
    }

    @Test
    void anEventTooLargeToJournalIsRefusedAloneWithAClearReason() throws Exception {
        RouterFixture f = start();
        f.link(1);
        MessageSent small = RouterFixture.message(0, 0);
        MessageSent huge = new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("huge")),
                small.sender(), small.conversation(), Instant.now(),
                dev.passerelle.core.event.MessageContent.text("x".repeat(2 * 1024 * 1024)));
        Future<Accepted> refused = f.xmpp.inject(huge);
        Future<Accepted> accepted = f.xmpp.inject(small);
        assertThat(get(accepted)).isEqualTo(Accepted.RELAYED);
        assertThat(refused.toCompletionStage().toCompletableFuture())
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat().havingRootCause().isInstanceOf(dev.passerelle.core.json.EventJsonException.class);
        GatewayException reason = (GatewayException) refused.cause();
        assertThat(reason.reason()).isEqualTo(GatewayException.Reason.INVALID);
        assertThat(reason.getMessage()).contains("over the limit");
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 1);
    }

    @Test
    void whatTheSourceKeepsIsWrittenWithARelayedEventOnly() throws Exception {
        RouterFixture f = start();
        f.link(1);
        MessageSent relayed = RouterFixture.message(0, 0);
        MessageSent notBridged = RouterFixture.message(7, 0);
        EventRecords keep = new EventRecords(List.of(new NativeRef(Network.XMPP, relayed.conversation(),
                new NativeId("alias-0"))), List.of(new StateWrite("xmpp", "text/" + relayed.id(), new byte[] {1})));
        EventRecords dropped = new EventRecords(List.of(new NativeRef(Network.XMPP, notBridged.conversation(),
                new NativeId("alias-7"))), List.of(new StateWrite("xmpp", "text/" + notBridged.id(), new byte[] {1})));

        assertThat(get(f.router.submit(relayed, keep))).isEqualTo(Accepted.RELAYED);
        assertThat(get(f.router.submit(notBridged, dropped))).isEqualTo(Accepted.NOT_BRIDGED);

        assertThat(store.messages().find(Network.XMPP, new NativeId("alias-0"))).contains(relayed.id());
        assertThat(store.state().get("xmpp", "text/" + relayed.id())).isPresent();
        assertThat(store.messages().find(Network.XMPP, new NativeId("alias-7"))).isEmpty();
        assertThat(store.state().get("xmpp", "text/" + notBridged.id())).isEmpty();
    }

    @Test
    void theIdsATargetGaveAMessageAreMappedWhenItsDeliveryIsDone() throws Exception {
        TestConnector matrix = new TestConnector(Network.MATRIX).answer(d -> SendResult.withId(
                new NativeId("$" + d.key().value())).withAlias(new NativeId("also-" + d.key().value())));
        RouterFixture f = start(matrix, new TestConnector(Network.MIMI));
        f.link(1);
        MessageSent m = RouterFixture.message(0, 0);

        get(f.xmpp.inject(m));

        await().atMost(Duration.ofSeconds(10)).until(() -> matrix.sent().size() == 1);
        String key = matrix.sent().get(0).delivery().key().value();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> store.messages().find(Network.MATRIX, new NativeId("also-" + key)).isPresent());
        assertThat(store.messages().find(Network.MATRIX, new NativeId("also-" + key))).contains(m.id());
        assertThat(store.messages().find(Network.MATRIX, new NativeId("$" + key))).contains(m.id());
    }

    @Test
    void eventsOfUnlinkedRoomsAreNotBridged() throws Exception {
        RouterFixture f = start();
        f.link(1);
        assertThat(get(f.xmpp.inject(RouterFixture.message(7, 0)))).isEqualTo(Accepted.NOT_BRIDGED);
        assertThat(store.journal().pendingCount()).isZero();
    }

    @Test
    void typingIsNotJournalledForATargetWithoutTyping() throws Exception {
        TestConnector mimi = new TestConnector(Network.MIMI, EnumSet.complementOf(EnumSet.of(Capability.TYPING)));
        RouterFixture f = start(new TestConnector(Network.MATRIX), mimi);
        f.link(1);
        Jid alice = Jid.parse("room-0@conference.example.org/alice");
        ChatStateChanged typing = new ChatStateChanged(EventId.random(), new Origin(Network.XMPP, new NativeId("t-1")),
                alice, RouterFixture.xmppRoom(0), Instant.now(), ChatStateChanged.State.COMPOSING);
        assertThat(get(f.xmpp.inject(typing))).isEqualTo(Accepted.RELAYED);
        await().atMost(Duration.ofSeconds(10)).until(() -> f.matrix.sent().size() == 1);
        assertThat(mimi.sent()).isEmpty();
        assertThat(f.metrics.find("passerelle.events.not.carried").tag("network", "mimi").counter().count())
                .isEqualTo(1);
    }

    @Test
    void pendingDeliveriesResumeAfterARestartWithTheSameBytes() throws Exception {
        TestConnector matrix = new TestConnector(Network.MATRIX)
                .failWhen(d -> new GatewayException(GatewayException.Reason.TRANSIENT, "down"));
        RouterFixture first = new RouterFixture(vertx, store,
                new RouterSettings(1000, Duration.ofMillis(20), Duration.ofMillis(100), 1000), matrix,
                new TestConnector(Network.MIMI));
        get(first.router.start());
        first.link(2);
        for (int n = 0; n < 10; n++) {
            get(first.xmpp.inject(RouterFixture.message(n % 2, n)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> first.mimi.sent().size() == 10);
        // The head of each Matrix queue is rendered and stored before its first (failing) send, and retried.
        await().atMost(Duration.ofSeconds(10)).until(() -> store.journal().pending().stream()
                .filter(d -> d.rendered().isPresent() && d.attempts() > 0).count() == 2);
        List<String> renderedBefore = store.journal().pending().stream().filter(d -> d.rendered().isPresent())
                .map(d -> new String(d.rendered().orElseThrow().payload(), java.nio.charset.StandardCharsets.UTF_8))
                .toList();
        first.close();

        TestConnector matrixAgain = new TestConnector(Network.MATRIX);
        RouterFixture second = start(matrixAgain, new TestConnector(Network.MIMI));
        await().atMost(Duration.ofSeconds(10)).until(() -> matrixAgain.sent().size() == 10);
        Map<String, List<Integer>> rooms = byRoom(matrixAgain.sent());
        assertThat(rooms.get(RouterFixture.matrixRoom(0).toUri())).containsExactly(0, 2, 4, 6, 8);
        assertThat(rooms.get(RouterFixture.matrixRoom(1).toUri())).containsExactly(1, 3, 5, 7, 9);
        assertThat(matrixAgain.sent()).extracting(TestConnector.Sent::text).containsAll(renderedBefore);
        assertThat(second.mimi.sent()).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> store.journal().pendingCount() == 0);
    }

    @Test
    void eventsFromGhostsAreEchoesAndDropped() throws Exception {
        RouterFixture f = start();
        f.link(1);
        Address ghost = new dev.passerelle.core.ghost.GhostNaming(RouterFixture.SPACES)
                .ghostFor(dev.passerelle.core.address.MatrixUserId.parse("@bob:example.org"), Network.XMPP);
        MessageSent fromGhost = new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("echo-1")),
                ghost, RouterFixture.xmppRoom(0), Instant.now(), dev.passerelle.core.event.MessageContent.text("hi"));
        assertThat(get(f.xmpp.inject(fromGhost))).isEqualTo(Accepted.ECHO);
        assertThat(f.metrics.find("passerelle.events.in").tag("outcome", "echo").counter().count()).isEqualTo(1);
    }
}
