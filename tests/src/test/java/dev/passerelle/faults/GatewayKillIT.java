package dev.passerelle.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.e2e.Side;
import dev.passerelle.e2e.Topology;
import dev.passerelle.e2e.Topology.Conversation;
import dev.passerelle.faults.Meters.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instance A, which carries every conversation, is killed with SIGKILL three times during a stream of 10,000 texts
 * in 20 conversations, each bridged across XMPP, Matrix and MIMI with a sender on each: once while inbound events
 * arrive, once while operations wait for the journal writer, once while a slowed homeserver has a backlog of
 * deliveries. After each kill it starts again on its data. Matrix and MIMI users then see every text exactly once,
 * the XMPP users every text at least once (a repeat carries the first copy's origin-id), and each sender's texts
 * arrive in order at each target.
 */
class GatewayKillIT {

    /** The figures; smaller ones can be given for a quick look (-Dpasserelle.faults.texts=...). */
    private static final int CONVERSATIONS = Integer.getInteger("passerelle.faults.conversations", 20);
    private static final int TEXTS = Integer.getInteger("passerelle.faults.texts", 10_000);

    @TempDir
    Path dir;

    @Test
    void nothingIsLostOrDuplicatedWhenTheGatewayIsKilledInEachPhase() {
        long t0 = System.nanoTime();
        try (Topology t = Topology.start(XmppServers.prosody(), dir, Configs::patient, Configs::patient)) {
            try {
                List<Conversation> conversations = new ArrayList<>();
                conversations.add(t.firstConversation());
                for (int i = 1; i < CONVERSATIONS; i++) {
                    conversations.add(t.addConversation("k" + i));
                }
                // Homeservers push again with the same transaction id until the gateway acknowledges, as Synapse does.
                t.homeserverA().retryPolicy(100_000, Duration.ofMillis(50), Duration.ofMillis(500));
                t.homeserverB().retryPolicy(100_000, Duration.ofMillis(50), Duration.ofMillis(500));
                System.out.printf("[faults] topology with %d conversations up in %.1f s%n", CONVERSATIONS,
                        (System.nanoTime() - t0) / 1e9);

                MessageStream stream = new MessageStream("kill" + Long.toHexString(System.nanoTime()), conversations,
                        TEXTS / CONVERSATIONS);
                ScheduledExecutorService timer = Executors.newScheduledThreadPool(3 * CONVERSATIONS);
                try {
                    long s0 = System.nanoTime();
                    CompletableFuture<Void> sending = stream.start(timer, 5, 100);
                    GatewayProcess a = t.instanceA();
                    List<String> kills = new ArrayList<>();

                    kills.add(killWhen(t, a, Phase.RECEIVING, () -> stream.sent() > stream.total() / 10, sending));
                    kills.add(killWhen(t, a, Phase.WRITING_JOURNAL, () -> stream.sent() > stream.total() / 3, sending));
                    // A homeserver answering slowly: deliveries to Matrix pile up behind it.
                    t.homeserverA().slow(Duration.ofMillis(60));
                    explained(t, () -> await("every text sent").atMost(Duration.ofMinutes(4))
                            .pollInterval(Duration.ofMillis(500)).until(sending::isDone));
                    sending.join();
                    System.out.printf("[faults] %d texts sent in %.1f s%n", stream.sent(),
                            (System.nanoTime() - s0) / 1e9);
                    kills.add(killWhen(t, a, Phase.DELIVERING, () -> true, sending));
                    t.homeserverA().slow(Duration.ZERO);

                    explained(t, () -> MessageStream.awaitComplete("every text delivered", Duration.ofMinutes(4),
                            stream::tally));
                    Tally tally = stream.tally();
                    System.out.printf("[faults] after 3 kills (%s), in %.1f s since the first text:%n%s"
                            + "  the Matrix homeserver answered %d repeated transaction ids with the first event%n",
                            kills, (System.nanoTime() - s0) / 1e9, tally, t.homeserverA().repeatedTransactions());
                    assertThat(kills).as("the phases the kills hit").containsExactly(Phase.RECEIVING.name(),
                            Phase.WRITING_JOURNAL.name(), Phase.DELIVERING.name());
                    for (Side at : Side.values()) {
                        Tally.Counts c = tally.at(at);
                        assertThat(c.missing).as("texts missing at " + at.id() + ": " + c).isZero();
                        assertThat(c.outOfOrder).as("texts out of order at " + at.id() + ": " + c).isZero();
                        if (at == Side.XMPP) {
                            assertThat(c.duplicatesWithOtherOriginId).as("XMPP repeats with another origin-id: " + c)
                                    .isZero();
                        } else {
                            assertThat(c.duplicates).as("texts seen twice by " + at.id() + " users: " + c).isZero();
                        }
                    }
                    t.homeserverA().assertNoViolations();
                    t.homeserverB().assertNoViolations();
            } finally {
                timer.shutdownNow();
            }
            } finally {
                Logs.keep(t, "GatewayKillIT");
            }
        }
        System.out.printf("[faults] GatewayKillIT took %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Runs a wait; when it fails, its message also gives both instances' meters, last warnings and waiting threads.
     */
    private static void explained(Topology t, Runnable wait) {
        try {
            wait.run();
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n  instance A: " + Meters.of(t.instanceA())
                    + "\n  instance B: " + Meters.of(t.instanceB())
                    + "\n  A's last warnings:\n" + Logs.warnings(t.instanceA(), 30)
                    + "\n  B's last warnings:\n" + Logs.warnings(t.instanceB(), 30)
                    + "\n  A's threads waiting in the gateway:\n" + Logs.threads(t.instanceA(), "GatewayKillIT")
                    + "\n  B's threads waiting in the gateway:\n" + Logs.threads(t.instanceB(), "GatewayKillIT"), e);
        }
    }

    /**
     * Waits until {@code ready} holds and two readings of A's meters about 100 ms apart show {@code phase} (see
     * {@link Phase#between}: for DELIVERING, nothing new arrived between them while deliveries were confirmed), kills
     * A right after the second, starts it again on its data and waits until it is ready; gives the phase the kill
     * hit.
     */
    private static String killWhen(Topology t, GatewayProcess a, Phase phase,
            java.util.function.BooleanSupplier ready, CompletableFuture<Void> sending) {
        AtomicReference<Meters> previous = new AtomicReference<>(Meters.of(a));
        AtomicReference<Meters> seen = new AtomicReference<>();
        AtomicReference<Meters> before = new AtomicReference<>();
        await("instance A " + phase).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (sending.isCompletedExceptionally()) {
                        sending.join();
                    }
                    Meters now = Meters.of(a);
                    Meters then = previous.getAndSet(now);
                    if (!ready.getAsBoolean()) {
                        return false;
                    }
                    if (Phase.between(then, now) == phase) {
                        before.set(then);
                        seen.set(now);
                        return true;
                    }
                    return false;
                });
        t.killAndRestart(a);
        System.out.printf("[faults] killed A %s: %s (100 ms before: %s)%n", phase, seen.get(), before.get());
        return Phase.between(before.get(), seen.get()).name();
    }
}
