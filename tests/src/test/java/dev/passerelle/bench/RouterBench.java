package dev.passerelle.bench;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The router end to end (inbound, journal, delivery, marked done) with a counting target on the H2 file
 * store, at 1, 100 and 1,000 conversations, against a baseline measured in the same run: a bare H2 journal
 * table, insert plus delete, committed every 100 rows. Writes the figures into BENCHMARKS.md.
 */
public final class RouterBench {
    private static final int PAYLOAD = 100;

    private RouterBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        int events = Integer.getInteger("bench.events", 200_000);
        Path work = Files.createTempDirectory("passerelle-bench");
        StringBuilder report = new StringBuilder();
        report.append("## Router, end to end, H2 file store\n\n");
        report.append("Measured ").append(LocalDate.now()).append(" on ").append(Machine.describe()).append(".\n");
        report.append("Command: `scripts/bench` (`mvn -B -Pbench -DskipTests -pl tests -am verify`). ")
                .append(events).append(" events per case after a warm-up of ").append(events / 4)
                .append(", ").append(PAYLOAD).append("-byte bodies, one target per event, at most 10,000 in flight.\n\n");

        if (Boolean.getBoolean("bench.profileRandomIds")) {
            // The slowest case alone, for a JFR recording (see "Where the time goes" in BENCHMARKS.md).
            System.out.printf("random native ids: %,.0f events/s%n", router(work.resolve("profile"), 100, events, true));
            return;
        }
        double baseline = bareJournal(work.resolve("baseline"), events);
        report.append("| case | events/s | ratio to baseline |\n| --- | ---: | ---: |\n");
        report.append(String.format("| baseline: bare H2 journal, insert + delete, commit every 100 | %,.0f | 1.00 |%n",
                baseline));
        for (int conversations : new int[] {1, 100, 1000}) {
            double rate = router(work.resolve("router-" + conversations), conversations, events, false);
            report.append(String.format("| router, %,d conversation%s | %,.0f | %.2f |%n", conversations,
                    conversations == 1 ? "" : "s", rate, rate / baseline));
        }
        double random = router(work.resolve("router-random"), 100, events, true);
        report.append(String.format("| router, 100 conversations, random native ids | %,.0f | %.2f |%n", random,
                random / baseline));
        report.append("\nNative ids are the ids the source network gave each message. In the first three rows they "
                + "are sequential (`b0`, `b1`, ...), as a source that numbers its messages gives them; in the last they "
                + "are random UUIDs, as Matrix event ids are. The unique index on native ids then takes inserts at "
                + "random places, which costs the H2 file store much more than appending at the end: above the last "
                + "row's rate, use PostgreSQL.\n");
        String section = report.toString();
        System.out.println(section);
        BenchReport.replaceSection(out, "## Router, end to end, H2 file store", section);
    }

    /** Rows per second through a bare journal table: the floor of what any H2 journal costs here. */
    static double bareJournal(Path dir, int rows) throws SQLException {
        JdbcStoreConfig config = JdbcStoreConfig.h2File(dir);
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE j (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body VARBINARY(1000))");
            }
            c.setAutoCommit(false);
            byte[] body = new byte[PAYLOAD];
            bareRun(c, rows / 4, body);
            long start = System.nanoTime();
            bareRun(c, rows, body);
            return rows / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static void bareRun(Connection c, int rows, byte[] body) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO j (body) VALUES (?)",
                Statement.RETURN_GENERATED_KEYS);
                PreparedStatement delete = c.prepareStatement("DELETE FROM j WHERE seq = ?")) {
            for (int done = 0; done < rows; done += 100) {
                List<Long> seqs = new ArrayList<>(100);
                for (int i = 0; i < 100; i++) {
                    insert.setBytes(1, body);
                    insert.addBatch();
                }
                insert.executeBatch();
                try (var keys = insert.getGeneratedKeys()) {
                    while (keys.next()) {
                        seqs.add(keys.getLong(1));
                    }
                }
                c.commit();
                for (long seq : seqs) {
                    delete.setLong(1, seq);
                    delete.addBatch();
                }
                delete.executeBatch();
                c.commit();
            }
        }
    }

    static double router(Path dir, int conversations, int events, boolean randomIds) throws Exception {
        Vertx vertx = Vertx.vertx();
        try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2File(dir), new SimpleMeterRegistry())) {
            GhostNaming ghosts = new GhostNaming(new GhostSpaces("gw.bench", "bench", "_passerelle_", "bench"));
            Router router = new Router(vertx, store, ghosts, RouterSettings.defaults(), new SimpleMeterRegistry(),
                    Clock.systemUTC());
            CountingConnector target = new CountingConnector(Network.MATRIX);
            router.attach(new CountingConnector(Network.XMPP));
            router.attach(target);
            List<Jid> rooms = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                Jid room = Jid.parse("room" + i + "@conference.bench");
                rooms.add(room);
                store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED,
                        Set.<Address>of(room, MatrixRoomId.parse("!room" + i + ":bench")), Instant.now()));
            }
            router.start().toCompletionStage().toCompletableFuture().get();
            String text = "x".repeat(PAYLOAD);
            run(router, store, target, rooms, 0, events / 4, text, randomIds);
            long start = System.nanoTime();
            run(router, store, target, rooms, events / 4, events, text, randomIds);
            double rate = events / ((System.nanoTime() - start) / 1e9);
            router.stop().toCompletionStage().toCompletableFuture().get();
            return rate;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Submits events with at most 10,000 unacknowledged and waits until all are delivered and marked done. */
    private static void run(Router router, JdbcStore store, CountingConnector target, List<Jid> rooms, int offset,
            int count, String text, boolean randomIds) throws InterruptedException {
        Semaphore window = new Semaphore(10_000);
        long before = target.sent.get();
        for (int k = 0; k < count; k++) {
            window.acquire();
            Jid room = rooms.get(k % rooms.size());
            MessageSent e = new MessageSent(EventId.random(), new Origin(Network.XMPP,
                    new NativeId(randomIds ? java.util.UUID.randomUUID().toString() : "b" + (offset + k))),
                    room.withResource("alice"), room, Instant.now(), MessageContent.text(text));
            router.submit(e).onComplete(ar -> window.release());
        }
        window.acquire(10_000);
        while (target.sent.get() - before < count || router.pendingCount() > 0) {
            LockSupport.parkNanos(1_000_000);
        }
        // The last completions are committed by the journal writer shortly after the sends.
        while (store.journal().pendingCount() > 0) {
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** Reads the machine's description for the report. */
    static final class Machine {
        private Machine() {
        }

        static String describe() {
            String cpu = "unknown CPU";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            } catch (IOException e) {
                cpu = "unknown CPU (" + e.getMessage() + ")";
            }
            return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap, Java "
                    + System.getProperty("java.version");
        }
    }
}
