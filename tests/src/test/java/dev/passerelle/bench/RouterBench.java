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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The router end to end (inbound, journal, delivery, marked done) with a counting target, on the H2 file store and
 * on PostgreSQL, at 1 to 10,000 conversations, each store beside its own baseline measured in the same run: a bare
 * journal table on that database, insert plus delete, committed every 100 rows. Every sweep runs twice. Writes the
 * figures into BENCHMARKS.md, one section per store.
 */
public final class RouterBench {
    static final String H2_HEADING = "## Router, end to end, H2 file store";
    static final String PG_HEADING = "## Router, end to end, PostgreSQL";
    private static final int PAYLOAD = 100;
    private static final int WINDOW = 10_000;

    private RouterBench() {
    }

    /** The sizes of one run, from {@code -Dbench.*} properties. */
    record Settings(int events, int pgEvents, int runs, List<Integer> conversations) {
        Settings {
            if (events < 4 || pgEvents < 4) {
                throw new IllegalArgumentException("bench.events and bench.pg.events must be at least 4");
            }
            if (runs < 1) {
                throw new IllegalArgumentException("bench.runs must be at least 1, was " + runs);
            }
            if (conversations.isEmpty() || conversations.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("bench.conversations must list positive sizes: " + conversations);
            }
            conversations = List.copyOf(conversations);
        }

        static Settings fromProperties() {
            int events = Integer.getInteger("bench.events", 200_000);
            return new Settings(events, Integer.getInteger("bench.pg.events", 60_000),
                    Integer.getInteger("bench.runs", 2),
                    Arrays.stream(System.getProperty("bench.conversations", "1,100,1000,10000").split(","))
                            .map(String::trim).map(Integer::valueOf).toList());
        }
    }

    /** What one case did: events submitted, deliveries the target confirmed, and the time it took. */
    record Rate(int events, long delivered, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    /** Fresh databases of one kind, one per case. */
    interface Databases {
        String name();

        JdbcStoreConfig fresh(String label) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        Settings settings = Settings.fromProperties();
        Path work = Files.createTempDirectory("passerelle-bench");

        if (Boolean.getBoolean("bench.profileRandomIds")) {
            // The slowest case alone, for a JFR recording (see "Where the time goes" in BENCHMARKS.md).
            System.out.printf("random native ids: %,.0f events/s%n", router(JdbcStoreConfig.h2File(
                    work.resolve("profile")), 100, settings.events(), true).perSecond());
            return;
        }
        try {
            sweeps(out, settings, work);
        } finally {
            // The H2 files of every case: hundreds of megabytes.
            MemoryBench.delete(work);
        }
    }

    private static void sweeps(Path out, Settings settings, Path work) throws Exception {
        Databases h2 = h2(work);
        String h2Section = sweep(H2_HEADING, h2, settings.events(), settings) + "\nNative ids are the ids the source "
                + "network gave each message. In the rows without a note they are sequential (`b0`, `b1`, ...), as a "
                + "source that numbers its messages gives them; with random native ids they are random UUIDs, as "
                + "Matrix event ids are. The unique index on native ids then takes inserts at random places, which "
                + "costs the H2 file store much more than appending at the end: above that row's rate, use "
                + "PostgreSQL.\n";
        System.out.println(h2Section);
        BenchReport.replaceSection(out, H2_HEADING, h2Section);
        try (BenchPostgres pg = BenchPostgres.start()) {
            String pgSection = sweep(PG_HEADING, postgres(pg), settings.pgEvents(), settings) + "\nThe database: "
                    + pg.describe() + ", on this machine; the router's store with its default pool (4 connections).\n";
            System.out.println(pgSection);
            BenchReport.replaceSection(out, PG_HEADING, pgSection);
        }
    }

    static Databases h2(Path work) {
        return new Databases() {
            @Override
            public String name() {
                return "H2 file store";
            }

            @Override
            public JdbcStoreConfig fresh(String label) {
                return JdbcStoreConfig.h2File(work.resolve(label + "-" + System.nanoTime()));
            }
        };
    }

    static Databases postgres(BenchPostgres pg) {
        return new Databases() {
            @Override
            public String name() {
                return "PostgreSQL";
            }

            @Override
            public JdbcStoreConfig fresh(String label) throws Exception {
                return pg.database("bench_" + label.replace('-', '_'));
            }
        };
    }

    /** Every case on one kind of database, {@code settings.runs()} times; the report section. */
    static String sweep(String heading, Databases db, int events, Settings settings) throws Exception {
        List<String> cases = new ArrayList<>();
        List<List<Rate>> rates = new ArrayList<>();
        cases.add("baseline: bare journal table, insert + delete, commit every 100");
        for (int c : settings.conversations()) {
            cases.add(String.format("router, %,d conversation%s", c, c == 1 ? "" : "s"));
        }
        cases.add("router, 100 conversations, random native ids");
        for (int run = 0; run < settings.runs(); run++) {
            List<Rate> r = new ArrayList<>();
            r.add(bareJournal(db.fresh("baseline"), events));
            for (int c : settings.conversations()) {
                r.add(router(db.fresh("router-" + c), c, events, false));
            }
            r.add(router(db.fresh("random"), 100, events, true));
            for (int i = 0; i < r.size(); i++) {
                if (r.get(i).delivered() != r.get(i).events()) {
                    throw new IllegalStateException(cases.get(i) + ": " + r.get(i).events() + " events but "
                            + r.get(i).delivered() + " confirmed");
                }
            }
            rates.add(r);
        }
        return section(heading, db.name(), events, cases, rates);
    }

    static String section(String heading, String store, int events, List<String> cases, List<List<Rate>> runs) {
        StringBuilder s = new StringBuilder(heading).append("\n\n");
        s.append("Measured ").append(LocalDate.now()).append(" on ").append(Machine.describe()).append(", commit `")
                .append(Machine.commit()).append("`, load average ").append(Machine.loadAverage())
                .append(" at the end.\n");
        s.append("Command: `scripts/bench` (`mvn -B -Pbench -DskipTests -pl tests -am verify`). ").append(events)
                .append(" events per case after a warm-up of ").append(events / 4).append(", ").append(PAYLOAD)
                .append("-byte bodies, one target per event, at most ").append(String.format("%,d", WINDOW))
                .append(" in flight; on the ").append(store).append(", a new database per case. Every event was ")
                .append("confirmed by the target (checked; in the baseline, every row deleted). ")
                .append(runs.size() == 1 ? "One run" : runs.size() + " runs of the whole sweep, one after the other")
                .append(".\n\n");
        s.append("| case |");
        for (int r = 1; r <= runs.size(); r++) {
            s.append(" run ").append(r).append(" events/s | ratio to baseline |");
        }
        s.append("\n| --- |");
        s.append(" ---: | ---: |".repeat(runs.size()));
        s.append('\n');
        for (int i = 0; i < cases.size(); i++) {
            s.append("| ").append(cases.get(i)).append(" |");
            for (List<Rate> run : runs) {
                double rate = run.get(i).perSecond();
                s.append(String.format(" %,.0f | %.2f |", rate, rate / run.get(0).perSecond()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Rows per second through a bare journal table: the floor of what any journal costs on this database. */
    static Rate bareJournal(JdbcStoreConfig config, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.url(), config.user(), config.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE j (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body BYTEA)");
            }
            c.setAutoCommit(false);
            byte[] body = new byte[PAYLOAD];
            bareRun(c, rows / 4, body);
            long start = System.nanoTime();
            int done = bareRun(c, rows, body);
            return new Rate(rows, done, (System.nanoTime() - start) / 1e9);
        }
    }

    private static int bareRun(Connection c, int rows, byte[] body) throws SQLException {
        int deleted = 0;
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO j (body) VALUES (?)", new String[] {"seq"});
                PreparedStatement delete = c.prepareStatement("DELETE FROM j WHERE seq = ?")) {
            for (int done = 0; done < rows; done += 100) {
                List<Long> seqs = new ArrayList<>(100);
                int n = Math.min(100, rows - done);
                for (int i = 0; i < n; i++) {
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
                for (int count : delete.executeBatch()) {
                    deleted += count;
                }
                c.commit();
            }
        }
        return deleted;
    }

    /** The plumbed XMPP MUC and Matrix room of conversation {@code i}. */
    static Jid room(int i) {
        return Jid.parse("room" + i + "@conference.bench");
    }

    static MatrixRoomId matrixRoom(int i) {
        return MatrixRoomId.parse("!room" + i + ":bench");
    }

    /** Links {@code conversations} rooms in a new store, with JDBC batches (10,000 links one call each is slow). */
    static void linkRooms(JdbcStoreConfig config, int conversations) throws SQLException {
        List<List<Address>> rooms = new ArrayList<>(conversations);
        for (int i = 0; i < conversations; i++) {
            rooms.add(List.of(room(i), matrixRoom(i)));
        }
        try (StoreFiller filler = StoreFiller.open(config)) {
            filler.links(Link.Kind.PLUMBED, rooms);
        }
    }

    static Rate router(JdbcStoreConfig config, int conversations, int events, boolean randomIds) throws Exception {
        linkRooms(config, conversations);
        Vertx vertx = Vertx.vertx();
        try (JdbcStore store = JdbcStore.open(config, new SimpleMeterRegistry())) {
            Router router = newRouter(vertx, store, RouterSettings.defaults());
            CountingConnector target = new CountingConnector(Network.MATRIX);
            router.attach(new CountingConnector(Network.XMPP));
            router.attach(target);
            List<Jid> rooms = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                rooms.add(room(i));
            }
            router.start().toCompletionStage().toCompletableFuture().get();
            Traffic traffic = new Traffic(router, rooms, randomIds);
            traffic.submitAndDrain(store, target, 0, events / 4);
            long before = target.sent.get();
            long start = System.nanoTime();
            traffic.submitAndDrain(store, target, events / 4, events / 4 + events);
            Rate rate = new Rate(events, target.sent.get() - before, (System.nanoTime() - start) / 1e9);
            router.stop().toCompletionStage().toCompletableFuture().get();
            return rate;
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static Router newRouter(Vertx vertx, JdbcStore store, RouterSettings settings) {
        GhostNaming ghosts = new GhostNaming(new GhostSpaces("gw.bench", "bench", "_passerelle_", "bench"));
        return new Router(vertx, store, ghosts, settings, new SimpleMeterRegistry(), Clock.systemUTC());
    }

    /** Texts into the rooms in turn, from one XMPP user per room, numbered from where the last batch ended. */
    static final class Traffic {
        private final Router router;
        private final List<Jid> rooms;
        private final boolean randomIds;
        private final String text = "x".repeat(PAYLOAD);

        Traffic(Router router, List<Jid> rooms, boolean randomIds) {
            this.router = router;
            this.rooms = List.copyOf(rooms);
            this.randomIds = randomIds;
        }

        /** Submits message number {@code k}; the future completes once it is journalled. */
        io.vertx.core.Future<?> submit(long k) {
            Jid room = rooms.get((int) (k % rooms.size()));
            MessageSent e = new MessageSent(EventId.random(), new Origin(Network.XMPP,
                    new NativeId(randomIds ? java.util.UUID.randomUUID().toString() : "b" + k)),
                    room.withResource("alice"), room, java.time.Instant.now(), MessageContent.text(text));
            return router.submit(e);
        }

        /**
         * Submits messages {@code from} (inclusive) to {@code to} with at most {@link #WINDOW} unacknowledged and
         * waits until all are delivered and marked done.
         */
        void submitAndDrain(JdbcStore store, CountingConnector target, int from, int to) throws InterruptedException {
            Semaphore window = new Semaphore(WINDOW);
            long before = target.sent.get();
            for (int k = from; k < to; k++) {
                window.acquire();
                submit(k).onComplete(ar -> window.release());
            }
            window.acquire(WINDOW);
            while (target.sent.get() - before < to - from || router.pendingCount() > 0) {
                LockSupport.parkNanos(1_000_000);
            }
            // The last completions are committed by the journal writer shortly after the sends.
            while (store.journal().pendingCount() > 0) {
                LockSupport.parkNanos(2_000_000);
            }
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

        /** The 1, 5 and 15-minute load averages: the machine may be shared. */
        static String loadAverage() {
            return BenchMachine.loadAverage();
        }

        /** The commit of the checkout (see {@link BenchMachine#commit}). */
        static String commit() {
            return BenchMachine.commit(Path.of(".."));
        }
    }
}
