package dev.passerelle.soak;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.e2e.ConfigTemplate;
import dev.passerelle.e2e.Side;
import dev.passerelle.e2e.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak (issue 7): the end-to-end {@link Topology} (two instances of the distribution jar, XMPP on a real
 * server, two Matrix homeservers, MIMI between the instances) under steady mixed {@link Traffic} for a bounded time
 * (a warm-up at a higher rate first, see {@link SoakSettings#WARM_UP_RATE_FACTOR}),
 * both instances' heap and RSS sampled, then every message checked to have arrived on both other networks, and the
 * CSV, the plot and the report written ({@link SoakReport}). Run it with {@code scripts/soak}.
 */
public final class Soak {

    /** The checkout: the soak runs from the tests module, next to the distribution it starts. */
    static final Path ROOT = ConfigTemplate.EXAMPLES.getParent().getParent().getParent();
    /** How often the users' networks are read for arrivals. */
    private static final Duration SCAN = Duration.ofSeconds(1);
    /** How long the arrivals must stay unchanged, once nothing is missing, before the soak counts them. */
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** What a soak measured. */
    record Result(SoakSettings settings, String xmppServer, String commit, Instant started, List<Sample> samples, Ledger ledger,
                  double trafficSeconds, double drainSeconds, String loadBefore, String loadAfter) {
    }

    private final SoakSettings settings;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch failed = new CountDownLatch(1);
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());

    private final Path histograms;

    private Soak(SoakSettings settings, Path histograms) {
        this.settings = settings;
        this.histograms = histograms;
    }

    /**
     * {@code Soak [--minutes N] [--rate R]}: runs from the tests module's directory against the Prosody server named
     * by {@code -Dpasserelle.test.prosody}; writes docs/soak/ and the soak section of BENCHMARKS.md. Exits 1 when a
     * message was lost or memory grew. With {@code -Dsoak.histograms=DIR} (relative to the checkout), both
     * instances' class histograms at the warm-up's end and at the traffic's end go to DIR, with what grew between
     * them ({@link Histograms}).
     */
    public static void main(String[] args) throws Exception {
        double minutes = 30;
        double rate = 12;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--minutes") && value != null) {
                minutes = Double.parseDouble(value);
                i++;
            } else if (args[i].equals("--rate") && value != null) {
                rate = Double.parseDouble(value);
                i++;
            } else {
                throw new IllegalArgumentException("usage: Soak [--minutes N] [--rate MESSAGES_PER_SECOND], got "
                        + List.of(args));
            }
        }
        Path root = ROOT;
        String command = System.getProperty("soak.command",
                "scripts/soak --minutes " + plain(minutes) + " --rate " + plain(rate));
        SoakSettings settings = SoakSettings.of(minutes, rate, root, command);
        Path work = root.resolve("tests/target/soak");
        Files.createDirectories(work);
        String histograms = System.getProperty("soak.histograms", "");
        Result result = new Soak(settings, histograms.isBlank() ? null : root.resolve(histograms))
                .run(XmppServers.prosody(), Files.createTempDirectory(work, "run-"));
        SoakReport.Verdict verdict = SoakReport.write(result);
        System.out.println(verdict.summary());
        System.exit(verdict.passed() ? 0 : 1);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The store's read-through caches (links, ghosts, message ids) hold up to {@code store.cache-size} entries each
     * and grow until full, which is growth by design, not a leak. Bounded small here, they fill during the warm-up,
     * so what the soak judges afterwards is the steady state: the message-id cache takes about one entry a second
     * per instance at 12 messages/s (2,000 were still filling after 30 minutes). (The peer's example config has no
     * store section.)
     */
    static final int CACHE_SIZE = 300;

    /**
     * The instances' JVM options on top of the launcher's. The serial collector leaves up to 5% of the old generation
     * as dead objects in place at most major collections (MarkSweepDeadRatio, fully compacting every fourth), so what
     * a major collection leaves ({@code jvm_gc_live_data_size_bytes}, the heap judged) jumped by up to 3 MiB from one
     * collection to the next with the same live data; with 0, it is the live data.
     */
    static final String JAVA_OPTS = "-XX:MarkSweepDeadRatio=0";

    /** Runs a soak against {@code server}, with the topology's files in {@code dir}. */
    static Result run(SoakSettings settings, XmppServer server, Path dir) throws InterruptedException {
        return new Soak(settings, null).run(server, dir);
    }

    private Result run(XmppServer server, Path dir) throws InterruptedException {
        String loadBefore = loadAverage();
        // Before anything is written: the soak's own outputs must not make the checkout look modified.
        String commit = SoakReport.commit(Soak.ROOT);
        Ledger ledger = new Ledger();
        try (FileHost files = FileHost.start();
                Topology t = Topology.start(server, dir,
                        a -> a.set("store.cache-size", CACHE_SIZE),
                        b -> b.set("store", java.util.Map.of("cache-size", CACHE_SIZE)),
                        java.util.Map.of("JAVA_OPTS", JAVA_OPTS))) {
            String asTokenA = ConfigTemplate.example("passerelle.yaml").get("connectors.matrix.as-token");
            String asTokenB = ConfigTemplate.example("mimi-peer.yaml").get("connectors.matrix.as-token");
            List<Wire> wires = List.of(new XmppWire(t.xmpp(), files, ledger),
                    new MatrixWire(t.matrix(), asTokenA, ledger), new MatrixWire(t.mimi(), asTokenB, ledger));
            Traffic warmUp = new Traffic(wires, settings.warmUpRate(), this::fail);
            Traffic traffic = new Traffic(wires, settings.rate(), this::fail);
            ScheduledExecutorService background = Executors.newScheduledThreadPool(2, r -> new Thread(r, "soak-watch"));
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            try {
                background.scheduleWithFixedDelay(guard(() -> scan(wires)), 0, SCAN.toMillis(), TimeUnit.MILLISECONDS);
                background.scheduleAtFixedRate(guard(() -> samples.add(sample(t, ledger, t0))), 0,
                        settings.sampleEvery().toMillis(), TimeUnit.MILLISECONDS);
                warmUp.start();
                boolean broke = failed.await(settings.warmUp().toMillis(), TimeUnit.MILLISECONDS);
                warmUp.stop();
                rethrow(broke);
                traffic.start();
                if (histograms != null) {
                    background.execute(guard(() -> histograms(t, "warm")));
                }
                long left = settings.duration().toNanos() - (System.nanoTime() - t0);
                broke = failed.await(Math.max(0, left), TimeUnit.NANOSECONDS);
                traffic.stop();
                rethrow(broke);
                double trafficSeconds = (System.nanoTime() - t0) / 1e9;
                samples.add(sample(t, ledger, t0));
                if (histograms != null) {
                    histograms(t, "end");
                    for (String name : List.of(t.instanceA().name(), t.instanceB().name())) {
                        Histograms.writeGrowth(histograms, name, histograms.resolve(name + "-warm.txt"),
                                histograms.resolve(name + "-end.txt"));
                    }
                }
                double drainSeconds = drain(ledger, wires, t0, trafficSeconds);
                rethrow(failure.get() != null);
                List<Sample> taken = List.copyOf(samples).stream()
                        .filter(s -> s.seconds() <= trafficSeconds + 1e-6).toList();
                return new Result(settings, server.name(), commit, started, taken, ledger, trafficSeconds,
                        drainSeconds, loadBefore, loadAverage());
            } finally {
                background.shutdownNow();
                if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the soak's sampler did not stop");
                }
            }
        }
    }

    /**
     * Waits until every message has turned up and nothing has changed for {@link #SETTLE} (a file follows its
     * caption), or until nothing at all has changed for the drain time; gives when the last arrival was seen, in
     * seconds after the traffic stopped.
     */
    private double drain(Ledger ledger, List<Wire> wires, long t0, double trafficSeconds) throws InterruptedException {
        long lastChange = System.nanoTime();
        Ledger.Count last = ledger.total();
        while (!failed.await(SCAN.toMillis(), TimeUnit.MILLISECONDS)) {
            Ledger.Count now = ledger.total();
            if (!now.equals(last)) {
                last = now;
                lastChange = System.nanoTime();
            }
            long quiet = System.nanoTime() - lastChange;
            if ((now.lost() == 0 && quiet >= SETTLE.toNanos()) || quiet >= settings.drain().toNanos()) {
                break;
            }
        }
        scan(wires);
        return Math.max(0, (lastChange - t0) / 1e9 - trafficSeconds);
    }

    private void histograms(Topology t, String label) {
        Histograms.take(t.instanceA(), histograms, label);
        Histograms.take(t.instanceB(), histograms, label);
    }

    private static synchronized void scan(List<Wire> wires) {
        for (Wire w : wires) {
            w.scan();
        }
    }

    private static Sample sample(Topology t, Ledger ledger, long t0) {
        double seconds = (System.nanoTime() - t0) / 1e9;
        Sample.Memory a = MemoryProbe.read(t.instanceA());
        Sample.Memory b = MemoryProbe.read(t.instanceB());
        Ledger.Count total = ledger.total();
        // Messages sent, not deliveries: each goes to two networks.
        return new Sample(seconds, a, b, total.sent() / (Side.values().length - 1), total.arrived());
    }

    private Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                fail(e);
                throw e;
            }
        };
    }

    private void fail(Throwable e) {
        if (failure.compareAndSet(null, e)) {
            failed.countDown();
        }
    }

    private void rethrow(boolean broke) {
        if (broke) {
            throw new IllegalStateException("the soak stopped: " + failure.get(), failure.get());
        }
    }

    /** The 1, 5 and 15 minute load averages of the machine (/proc/loadavg), to show how busy it was. */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
