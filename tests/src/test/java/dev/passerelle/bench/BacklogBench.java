package dev.passerelle.bench;

import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A backlog built while the target is down and drained when it comes back: the router with counting connectors on
 * PostgreSQL, first at full speed to find its sustained rate, then, with the target refusing every send, traffic at
 * half that rate for the outage (60 s by default); then the target comes back, the traffic stops, and the time until
 * every journalled delivery is confirmed is the drain. Once with the router's default retry backoff (1 s doubling up
 * to 5 min) and once with a retry at most every second, which shows the drain's own speed. Writes its section of
 * BENCHMARKS.md.
 */
public final class BacklogBench {
    static final String HEADING = "## Backlog drained after an outage (router, PostgreSQL)";
    private static final int WINDOW = 10_000;

    private BacklogBench() {
    }

    /** The sizes, from {@code -Dbench.*} properties. */
    record Settings(double outageSeconds, int sustainedEvents, int conversations) {
        Settings {
            if (outageSeconds <= 0 || sustainedEvents < 4 || conversations < 1) {
                throw new IllegalArgumentException("outage, events and conversations must be positive: "
                        + outageSeconds + ", " + sustainedEvents + ", " + conversations);
            }
        }

        static Settings fromProperties() {
            return new Settings(Double.parseDouble(System.getProperty("bench.backlog.seconds", "60")),
                    Integer.getInteger("bench.backlog.events", 100_000),
                    Integer.getInteger("bench.backlog.conversations", 100));
        }
    }

    /**
     * One outage: the rate traffic was offered at, the backlog it left (deliveries journalled, none confirmed), how
     * long it built up, how long after the target came back the first and the last delivery were confirmed, the
     * deliveries confirmed in all, and the sends the target refused while down.
     */
    record Drain(String variant, double offeredRate, long backlog, double buildSeconds, double firstSeconds,
            double drainSeconds, long delivered, long refused) {
        double buildRate() {
            return backlog / buildSeconds;
        }

        double drainRate() {
            return backlog / drainSeconds;
        }

        /** How many times faster the backlog went than it came: the target is at least 5. */
        double ratio() {
            return drainRate() / buildRate();
        }
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        Settings settings = Settings.fromProperties();
        try (BenchPostgres pg = BenchPostgres.start()) {
            double sustained = RouterBench.router(pg.database("bench_backlog_sustained"), settings.conversations(),
                    settings.sustainedEvents(), false).perSecond();
            List<Drain> drains = new ArrayList<>();
            drains.add(drain(pg.database("bench_backlog_defaults"), RouterSettings.defaults(),
                    "router defaults (retry after 1 s, doubling up to 5 min)", settings, sustained / 2));
            drains.add(drain(pg.database("bench_backlog_short"), new RouterSettings(100_000, Duration.ofMillis(200),
                    Duration.ofSeconds(1), 1000), "retry at most every second (`router.max-backoff: PT1S`)",
                    settings, sustained / 2));
            String section = section(settings, sustained, drains, pg.describe());
            System.out.println(section);
            BenchReport.replaceSection(out, HEADING, section);
        }
    }

    static String section(Settings settings, double sustained, List<Drain> drains, String database) {
        StringBuilder s = new StringBuilder(HEADING).append("\n\n");
        s.append("Measured ").append(LocalDate.now()).append(" on ").append(RouterBench.Machine.describe())
                .append(", commit `").append(RouterBench.Machine.commit()).append("`, load average ")
                .append(RouterBench.Machine.loadAverage()).append(" at the end.\n");
        s.append("Command: `scripts/bench` (`mvn -B -Pbench -DskipTests -pl tests -am verify`); ")
                .append(database).append(".\n\n");
        s.append(String.format("The router with counting connectors (as in the router benchmark), %,d conversations. "
                + "Sustained rate, measured first in the same run: %,.0f events/s (%,d events). Then for each row: "
                + "the target refuses every send (a transient failure, retried) while XMPP traffic comes in at half "
                + "the sustained rate for %.0f s; the target comes back, the traffic stops, and the drain lasts until "
                + "every delivery of the backlog is confirmed. Build-up rate = backlog / outage; drain rate = backlog "
                + "/ drain time; the target is a ratio of at least 5.%n%n", settings.conversations(), sustained,
                settings.sustainedEvents(), settings.outageSeconds()));
        s.append("| retry policy | offered events/s | backlog | refused sends while down | first delivery after "
                + "return | drained after | delivered | build-up events/s | drain events/s | drain / build-up |\n");
        s.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Drain d : drains) {
            s.append(String.format("| %s | %,.0f | %,d | %,d | %.2f s | %.2f s | %,d | %,.0f | %,.0f | %.2f |%n",
                    d.variant(), d.offeredRate(), d.backlog(), d.refused(), d.firstSeconds(), d.drainSeconds(),
                    d.delivered(), d.buildRate(), d.drainRate(), d.ratio()));
        }
        s.append("\nWhile the target is down only the head of each conversation's queue is tried, and each try that "
                + "fails puts it off by the next step of the backoff (after a 60 s outage, the 7th retry is due 32 to "
                + "64 s after the 6th). The target's connector reports DOWN while it refuses, as the real connectors "
                + "do when their server is unreachable; when it reports UP again the router sends every waiting head "
                + "at once instead of letting each queue wait out its backoff, so both rows start draining within "
                + "the router's health reading (every 250 ms). The second row is the policy that drained fast before "
                + "the router woke waiting queues.\n");
        return s.toString();
    }

    /** One outage of {@code settings.outageSeconds()} with traffic at {@code rate}, then the drain. */
    static Drain drain(JdbcStoreConfig config, RouterSettings routerSettings, String variant, Settings settings,
            double rate) throws Exception {
        RouterBench.linkRooms(config, settings.conversations());
        Vertx vertx = Vertx.vertx();
        try (JdbcStore store = JdbcStore.open(config, new SimpleMeterRegistry())) {
            Router router = RouterBench.newRouter(vertx, store, routerSettings);
            CountingConnector target = new CountingConnector(Network.MATRIX);
            router.attach(new CountingConnector(Network.XMPP));
            router.attach(target);
            List<Jid> rooms = new ArrayList<>();
            for (int i = 0; i < settings.conversations(); i++) {
                rooms.add(RouterBench.room(i));
            }
            router.start().toCompletionStage().toCompletableFuture().get();
            RouterBench.Traffic traffic = new RouterBench.Traffic(router, rooms, false);
            int warmUp = Math.min(10 * settings.conversations(), settings.sustainedEvents());
            traffic.submitAndDrain(store, target, 0, warmUp);

            target.down = true;
            long before = target.sent.get();
            long start = System.nanoTime();
            long backlog = paced(traffic, warmUp, rate, settings.outageSeconds());
            double build = (System.nanoTime() - start) / 1e9;
            if (target.sent.get() != before) {
                throw new IllegalStateException("the target confirmed sends while down");
            }

            target.down = false;
            long back = System.nanoTime();
            long first = -1;
            while (target.sent.get() - before < backlog || router.pendingCount() > 0
                    || store.journal().pendingCount() > 0) {
                if (first < 0 && target.sent.get() > before) {
                    first = System.nanoTime();
                }
                LockSupport.parkNanos(1_000_000);
            }
            long done = System.nanoTime();
            if (first < 0) {
                first = done;
            }
            router.stop().toCompletionStage().toCompletableFuture().get();
            return new Drain(variant, backlog / build, backlog, build, (first - back) / 1e9, (done - back) / 1e9,
                    target.sent.get() - before, target.refused.get());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Submits messages from number {@code from} on at {@code rate} per second for {@code seconds}, with at most
     * {@link #WINDOW} not yet journalled; returns how many once all are journalled.
     */
    private static long paced(RouterBench.Traffic traffic, long from, double rate, double seconds)
            throws InterruptedException {
        Semaphore window = new Semaphore(WINDOW);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long submitted = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            long due = (long) ((now - start) / 1e9 * rate);
            while (submitted < due) {
                window.acquire();
                traffic.submit(from + submitted).onComplete(ar -> window.release());
                submitted++;
            }
            LockSupport.parkNanos(500_000);
        }
        window.acquire(WINDOW);
        return submitted;
    }
}
