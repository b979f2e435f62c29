package dev.passerelle.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.e2e.Side;
import dev.passerelle.e2e.Topology;
import dev.passerelle.e2e.Topology.Conversation;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each peer of instance A goes away while the users of a conversation bridged across XMPP, Matrix and MIMI keep
 * talking: A's homeserver (down for a minute, then answering 429 for a while), the other MIMI provider (instance B,
 * down for a minute), A's PostgreSQL server (A runs on a database of its own there) and the XMPP server (both
 * restarted). While each outage lasts, A's {@code /health} and {@code /metrics} show it and the other networks
 * still get their texts; afterwards every text has arrived, once on Matrix and MIMI, in order everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OutagesIT {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    /** How long an outage may go unnoticed: the first failed call after it began tells the gateway. */
    private static final Duration NOTICED = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Topology t;
    private Conversation conversation;
    private Database database;
    private long started;

    @BeforeAll
    void start() {
        started = System.nanoTime();
        database = Database.create("faults_outages");
        t = Topology.start(XmppServers.prosody(), dir, config -> Configs.patient(config)
                .set("store.url", database.url()).set("store.user", database.user())
                .set("store.password", database.password()), Configs::patient);
        conversation = t.firstConversation();
        // The room and its archive must outlive the XMPP server's restart.
        RoomArchive.makePersistent(conversation.xmpp());
        t.homeserverA().retryPolicy(100_000, Duration.ofMillis(50), Duration.ofMillis(500));
        t.homeserverB().retryPolicy(100_000, Duration.ofMillis(50), Duration.ofMillis(500));
    }

    @AfterAll
    void stop() {
        try {
            if (t != null) {
                Logs.keep(t, "OutagesIT");
                t.close();
            }
        } finally {
            if (database != null) {
                database.drop();
            }
        }
        System.out.printf("[faults] OutagesIT took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    @Test
    @Order(1)
    void theHomeserverDownForAMinuteThenRateLimiting() {
        double limitedBefore = retried("matrix");
        Outcome o = outage("homeserver", EnumSet.of(Side.XMPP, Side.MIMI), Side.MATRIX, MINUTE,
                () -> t.homeserverA().down(true),
                () -> t.homeserverA().rateLimit(40, 500).down(false),
                look -> look.status() == 503 && look.connector("matrix").path("state").asText().equals("DOWN")
                        && look.meters().pending() > 0);
        assertThat(t.homeserverA().requestCount()).isPositive();
        assertThat(retried("matrix") - limitedBefore).as("Matrix deliveries retried (down, then 429)")
                .isGreaterThan(40);
        o.print();
    }

    @Test
    @Order(2)
    void theOtherMimiProviderDownForAMinute() {
        Outcome o = outage("mimi-peer", EnumSet.of(Side.XMPP, Side.MATRIX), Side.MIMI, MINUTE,
                () -> t.instanceB().stop(),
                () -> {
                    t.instanceB().restart();
                    t.instanceB().awaitReady(Duration.ofSeconds(60));
                },
                // A hosts the MIMI room: its deliveries there are done, and the hub's fan-out to B waits instead.
                look -> look.connector("dma").path("detail").asText().contains("peer " + Topology.PROVIDER_B
                        + " unreachable") && look.meters().fanoutFailing() > 0);
        o.print();
    }

    @Test
    @Order(3)
    void thePostgresqlServerRestarted() {
        Outcome o = outage("postgresql", EnumSet.allOf(Side.class), null, Duration.ofSeconds(15),
                () -> TestServers.run("down", "postgresql"),
                () -> TestServers.run("up", "postgresql"),
                look -> look.status() == 503 && !look.health().path("store").path("healthy").asBoolean(true));
        o.print();
    }

    @Test
    @Order(4)
    void theXmppServerRestarted() {
        Outcome o = outage("xmpp-server", EnumSet.of(Side.MATRIX, Side.MIMI), Side.XMPP, Duration.ofSeconds(15),
                () -> TestServers.run("down", t.xmppServer().name()),
                () -> TestServers.run("up", t.xmppServer().name()),
                look -> look.status() == 503 && !look.connector("xmpp").path("state").asText().equals("UP")
                        && look.meters().pending() > 0);
        o.print();
    }

    private double retried(String network) {
        return t.instanceA().metric("passerelle_deliveries_retried_total", Map.of("network", network));
    }

    /** One look at instance A during an outage: {@code /health} (status and body) and its meters. */
    private record Look(double second, int status, JsonNode health, Meters meters) {

        JsonNode connector(String name) {
            return health.path("connectors").path(name);
        }

        @Override
        public String toString() {
            return String.format("%.0f s: /health %d %s; %s", second, status, health, meters);
        }
    }

    /** What one outage showed and what arrived afterwards. */
    private record Outcome(String what, Duration length, List<Look> looks, Tally during, Tally after,
            double seconds) {

        void print() {
            System.out.printf("[faults] %s out for %d s (whole test %.1f s); %d looks at A, first: %s%n  last: %s%n"
                    + "  while it was out, the other networks got:%n%s  afterwards:%n%s", what,
                    length.toSeconds(), seconds, looks.size(), looks.get(0), looks.get(looks.size() - 1),
                    during == null ? "  (no network was left)\n" : during, after);
        }
    }

    /**
     * Starts the senders, takes the peer down once a few texts went through, looks at A every second for
     * {@code length} (each look after {@link #NOTICED} must satisfy {@code shows}), checks that the networks other
     * than {@code affected} got what was sent meanwhile, brings the peer up, and checks that everything arrived.
     */
    private Outcome outage(String what, Set<Side> senders, Side affected, Duration length, Runnable down, Runnable up,
            Predicate<Look> shows) {
        long t0 = System.nanoTime();
        int perSender = (int) (length.toSeconds() * 2 + 40);
        MessageStream stream = new MessageStream(what + Long.toHexString(System.nanoTime()), List.of(conversation),
                perSender * senders.size(), senders);
        if (affected == Side.XMPP) {
            stream.readXmppWith(c -> RoomArchive.read(t.xmppServer(), c.xmpp().room()));
        }
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(3);
        try {
            CompletableFuture<Void> sending = stream.start(timer, 1, 500);
            await(what + ": the first texts sent").atMost(Duration.ofSeconds(30))
                    .until(() -> stream.sent() >= 4 * senders.size());
            down.run();
            boolean isUp = false;
            Tally during = null;
            List<Look> looks = new ArrayList<>();
            long downAt = System.nanoTime();
            try {
                await(what + " out for " + length.toSeconds() + " s").atMost(length.plusSeconds(60))
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            looks.add(look(downAt));
                            return System.nanoTime() - downAt >= length.toNanos();
                        });
                for (Look look : looks) {
                    if (look.second() >= NOTICED.toSeconds()) {
                        assertThat(shows.test(look)).as(what + " out: A shows it at " + look).isTrue();
                    }
                }
                if (affected != null) {
                    Set<Side> others = EnumSet.complementOf(EnumSet.of(affected));
                    Map<String, Integer> sentSoFar = stream.sentSoFar();
                    during = MessageStream.awaitComplete(what + " out: the other networks get their texts",
                            Duration.ofSeconds(15), () -> stream.tally(others, sentSoFar));
                }
                up.run();
                isUp = true;
            } finally {
                if (!isUp) {
                    // Whatever failed, the next test needs the peer back.
                    up.run();
                }
            }
            await(what + ": every text sent").atMost(Duration.ofMinutes(2)).until(sending::isDone);
            sending.join();
            AtomicReference<Tally> after = new AtomicReference<>(MessageStream.awaitComplete(
                    what + ": every text delivered after the outage", Duration.ofMinutes(2), stream::tally));
            for (Side at : Side.values()) {
                Tally.Counts c = after.get().at(at);
                assertThat(c.outOfOrder).as(what + ": texts out of order at " + at.id() + ": " + c).isZero();
                if (at == Side.XMPP) {
                    assertThat(c.duplicatesWithOtherOriginId).as(what + ": XMPP repeats with another origin-id: "
                            + c).isZero();
                } else {
                    assertThat(c.duplicates).as(what + ": texts seen twice at " + at.id() + ": " + c).isZero();
                }
            }
            t.instanceA().awaitReady(Duration.ofSeconds(60));
            return new Outcome(what, length, looks, during, after.get(), (System.nanoTime() - t0) / 1e9);
        } finally {
            timer.shutdownNow();
        }
    }

    private Look look(long downAt) {
        GatewayProcess a = t.instanceA();
        double second = (System.nanoTime() - downAt) / 1e9;
        HttpResponse<String> health = a.admin("GET", "/health", null);
        try {
            return new Look(second, health.statusCode(), JSON.readTree(health.body()), Meters.of(a));
        } catch (java.io.IOException e) {
            throw new AssertionError("/health answered " + health.statusCode() + " with no JSON: " + health.body(),
                    e);
        }
    }
}
