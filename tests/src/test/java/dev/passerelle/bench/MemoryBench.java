package dev.passerelle.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.matrix.homeserver.TransactionResult;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.store.Link;
import dev.passerelle.e2e.ConfigTemplate;
import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.mapping.JdbcStoreConfig;
import dev.passerelle.soak.MemoryProbe;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Memory and start-up of the distribution jar run by deploy/bin/passerelle with the launcher's defaults (512 MiB
 * maximum heap): the time from the process's start to {@code /health} ready and its resident set size when idle,
 * with the xmpp connector on Prosody and the matrix connector on a stub homeserver; then its RSS and heap with a
 * store of 100,000 ghosts, 10,000 rooms and 1,000,000 message mappings, on H2 and on PostgreSQL, once ready and
 * after traffic that reads those rows. Baseline in the same run: {@link BareServer} (Vert.x and one HTTP server)
 * through the same launcher. Writes its section of BENCHMARKS.md.
 */
public final class MemoryBench {
    static final String HEADING = "## Memory and start-up (distribution jar)";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String HS_NAME = "hs.bench";
    private static final String PREFIX = "_passerelle_";
    private static final Duration READY = Duration.ofSeconds(120);

    private MemoryBench() {
    }

    /** The sizes, from {@code -Dbench.memory.*} properties. */
    record Settings(int startups, int ghosts, int rooms, int mappings, int traffic, int settleSeconds,
            String javaOpts, boolean loaded) {
        Settings {
            if (startups < 1 || ghosts < 2 || rooms < 1 || mappings < 2 || traffic < 1 || settleSeconds < 0) {
                throw new IllegalArgumentException("bad memory benchmark sizes: startups " + startups + ", ghosts "
                        + ghosts + ", rooms " + rooms + ", mappings " + mappings + ", traffic " + traffic);
            }
        }

        static Settings fromProperties() {
            return new Settings(Integer.getInteger("bench.memory.startups", 5),
                    Integer.getInteger("bench.memory.ghosts", 100_000),
                    Integer.getInteger("bench.memory.rooms", 10_000),
                    Integer.getInteger("bench.memory.mappings", 1_000_000),
                    Integer.getInteger("bench.memory.traffic", 5_000),
                    Integer.getInteger("bench.memory.settle", 10),
                    unset(System.getProperty("bench.memory.javaOpts", "")) ? "" : System.getProperty(
                            "bench.memory.javaOpts"),
                    !"false".equals(System.getProperty("bench.memory.loaded")));
        }

        private static boolean unset(String v) {
            return v.isBlank() || v.startsWith("${");
        }
    }

    /**
     * Memory of one process at one moment: RSS, heap used and committed, heap used after a full GC, classes loaded
     * and live threads.
     */
    record Probe(long rss, long heapUsed, long heapCommitted, long heapLive, long classes, long threads) {
    }

    /**
     * Several starts: the seconds from process start to ready of each, and the CPU seconds (user and system, all
     * threads) the process had used by then: on a shared machine the second varies less than the first.
     */
    record Startups(List<Double> seconds, List<Double> cpuSeconds) {
        Startups {
            if (seconds.isEmpty() || seconds.size() != cpuSeconds.size()) {
                throw new IllegalArgumentException("need as many CPU times as start-up times, at least one: "
                        + seconds + ", " + cpuSeconds);
            }
            seconds = List.copyOf(seconds);
            cpuSeconds = List.copyOf(cpuSeconds);
        }

        static Startups of(List<Timed> starts) {
            return new Startups(starts.stream().map(Timed::seconds).toList(),
                    starts.stream().map(Timed::cpuSeconds).toList());
        }

        double median() {
            return median(seconds);
        }

        double cpuMedian() {
            return median(cpuSeconds);
        }

        private static double median(List<Double> values) {
            List<Double> s = values.stream().sorted().toList();
            int n = s.size();
            return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        }

        double max() {
            return seconds.stream().max(Comparator.naturalOrder()).orElseThrow();
        }
    }

    /** A loaded store: what it holds, how long it took to fill, and the gateway's figures on it. */
    record Loaded(String store, long ghosts, long rooms, long mappings, double fillSeconds, double readySeconds,
            Probe ready, Probe afterTraffic, long pushed, Map<String, Long> inbound) {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "BENCHMARKS.md");
        Settings settings = Settings.fromProperties();
        Path work = ROOT.resolve("tests/target/bench-memory");
        delete(work);
        Files.createDirectories(work);

        Startups bareStarts;
        Probe bare;
        {
            Path jar = bareJar(work);
            List<Timed> times = new ArrayList<>();
            Probe last = null;
            for (int i = 0; i < settings.startups(); i++) {
                int port = GatewayProcess.freePort();
                Timed t = start("bare", work.resolve("bare"), port, "admin:\n  port: " + port + "\n",
                        env(settings, Map.of("PASSERELLE_JAR", jar.toString())));
                times.add(t);
                if (i == settings.startups() - 1) {
                    settle(settings);
                    last = probe(t.process());
                }
                t.process().close();
            }
            bareStarts = Startups.of(times);
            bare = last;
        }

        try (BenchXmpp prosody = BenchXmpp.prosody(); BenchPostgres pg = BenchPostgres.start()) {
            XmppServer xmpp = prosody.server();
            try (StubHomeserver hs = StubHomeserver.start(HS_NAME, config(xmpp).get("connectors.matrix.as-token"),
                    PREFIX + "bot")) {
                Path idleDir = work.resolve("idle");
                Idle idle = idle(settings, idleDir, h2(xmpp, hs, idleDir), env(settings, Map.of()));
                Path cdsDir = work.resolve("idle-cds");
                Idle cds = idle(settings, cdsDir, h2(xmpp, hs, cdsDir), env(settings, Map.of("PASSERELLE_CDS_ARCHIVE",
                        cdsDir.resolve("passerelle.jsa").toString())));

                List<Loaded> loaded = new ArrayList<>();
                if (settings.loaded()) {
                    Path h2Dir = work.resolve("loaded-h2");
                    loaded.add(loaded("H2 file store", JdbcStoreConfig.h2File(h2Dir.resolve("data")), settings, xmpp,
                            hs, h2Dir, h2(xmpp, hs, h2Dir)));
                    JdbcStoreConfig pgStore = pg.database("bench_memory_loaded");
                    Path pgDir = work.resolve("loaded-pg");
                    loaded.add(loaded("PostgreSQL", pgStore, settings, xmpp, hs, pgDir,
                            postgres(xmpp, hs, pgDir, pgStore)));
                }

                String section = section(settings, bareStarts, bare, idle, cds, loaded, pg.describe());
                System.out.println(section);
                BenchReport.replaceSection(out, HEADING, section);
            }
        }
    }

    /** Several starts on one store (the first makes it) and the memory of the last after some quiet. */
    record Idle(double firstSeconds, Startups starts, Probe memory) {
    }

    /**
     * The first start makes the store (and with {@code PASSERELLE_CDS_ARCHIVE} writes the archive as it exits), the
     * others start on them as a restart does.
     */
    private static Idle idle(Settings settings, Path dir, Function<Integer, String> config, Map<String, String> env)
            throws Exception {
        Timed first = null;
        List<Timed> times = new ArrayList<>();
        Probe memory = null;
        for (int i = 0; i <= settings.startups(); i++) {
            Timed t = start("idle", dir, config, env);
            if (i == 0) {
                first = t;
            } else {
                times.add(t);
            }
            if (i == settings.startups()) {
                settle(settings);
                memory = probe(t.process());
            }
            t.process().close();
        }
        return new Idle(first.seconds(), Startups.of(times), memory);
    }

    private static Map<String, String> env(Settings settings, Map<String, String> more) {
        Map<String, String> env = new java.util.HashMap<>(more);
        if (!settings.javaOpts().isEmpty()) {
            env.put("JAVA_OPTS", settings.javaOpts());
        }
        return env;
    }

    // ---- configs ----

    /** The operator's example config with the xmpp and matrix connectors (MIMI left out), pointed at the servers. */
    static ConfigTemplate config(XmppServer xmpp) {
        return ConfigTemplate.example("passerelle.yaml")
                .remove("connectors.dma")
                .set("admin.token", GatewayProcess.ADMIN_TOKEN)
                .set("ghosts.xmpp-domain", xmpp.componentDomain())
                .set("ghosts.matrix-server", HS_NAME)
                .set("connectors.xmpp.component.host", xmpp.host())
                .set("connectors.xmpp.component.port", xmpp.componentPort())
                .set("connectors.xmpp.component.domain", xmpp.componentDomain())
                .set("connectors.xmpp.component.secret", xmpp.componentSecret())
                .set("connectors.xmpp.muc-domains", List.of(xmpp.mucDomain()));
    }

    private static Function<Integer, String> h2(XmppServer xmpp, StubHomeserver hs, Path dir) {
        return admin -> ports(xmpp, hs, dir, admin).remove("store.url").remove("store.user")
                .remove("store.password").yaml();
    }

    private static Function<Integer, String> postgres(XmppServer xmpp, StubHomeserver hs, Path dir,
            JdbcStoreConfig store) {
        return admin -> ports(xmpp, hs, dir, admin).set("store.url", store.url()).set("store.user", store.user())
                .set("store.password", store.password()).yaml();
    }

    private static ConfigTemplate ports(XmppServer xmpp, StubHomeserver hs, Path dir, int admin) {
        int media = GatewayProcess.freePort();
        return config(xmpp).set("data-dir", dir.resolve("data").toString())
                .set("admin.port", admin)
                .set("media.port", media)
                .set("media.public-base-url", "http://127.0.0.1:" + media)
                .set("connectors.matrix.homeserver-url", hs.baseUrl())
                .set("connectors.matrix.listen-port", GatewayProcess.freePort());
    }

    // ---- processes ----

    /** A started process and the seconds from its start to ready. */
    record Timed(GatewayProcess process, double seconds, double cpuSeconds, int adminPort) {
    }

    private static Timed start(String name, Path dir, Function<Integer, String> config, Map<String, String> env)
            throws Exception {
        int port = GatewayProcess.freePort();
        return start(name, dir, port, config.apply(port), env);
    }

    /**
     * Starts an instance through the launcher with its default heap and times it: a thread polls {@code /health}
     * every 10 ms from just before the process starts until it answers 200 (GatewayProcess itself polls every
     * 100 ms, too coarse for this).
     */
    private static Timed start(String name, Path dir, int port, String config, Map<String, String> env)
            throws Exception {
        Map<String, String> launcher = new java.util.HashMap<>(env);
        launcher.put("PASSERELLE_HEAP", "512m");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN).timeout(Duration.ofSeconds(5))
                .build();
        long t0 = System.nanoTime();
        CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
            long deadline = t0 + READY.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return System.nanoTime();
                    }
                } catch (IOException e) {
                    // Not listening yet.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            }
            throw new IllegalStateException(name + " not ready within " + READY.toSeconds() + " s");
        });
        GatewayProcess p = GatewayProcess.start(name, dir, port, config, launcher);
        try {
            long at = ready.get(READY.toSeconds(), TimeUnit.SECONDS);
            return new Timed(p, (at - t0) / 1e9, cpuSeconds(p.pid()), port);
        } catch (Exception e) {
            String log = p.logText();
            p.close();
            throw new IllegalStateException(name + " did not become ready; its log:\n" + log, e);
        }
    }

    /** A jar with only a manifest: BareServer as main class, its classes and the distribution jar on the path. */
    static Path bareJar(Path dir) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, BareServer.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                ROOT.resolve("deploy/target/passerelle.jar").toUri() + " "
                        + ROOT.resolve("tests/target/test-classes").toUri());
        Path jar = dir.resolve("bare-server.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }

    private static void settle(Settings settings) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(settings.settleSeconds()));
    }

    /** RSS and heap now; then a full GC (jcmd GC.run) and the heap that is left. */
    static Probe probe(GatewayProcess p) throws IOException, InterruptedException {
        String metrics = p.metrics();
        long used = (long) GatewayProcess.sum(metrics, "jvm_memory_used_bytes", Map.of("area", "heap"));
        long committed = (long) GatewayProcess.sum(metrics, "jvm_memory_committed_bytes", Map.of("area", "heap"));
        long rss = MemoryProbe.rss(p.pid());
        jcmd(p.pid(), "GC.run");
        long live = (long) GatewayProcess.sum(p.metrics(), "jvm_memory_used_bytes", Map.of("area", "heap"));
        return new Probe(rss, used, committed, live,
                (long) GatewayProcess.sum(metrics, "jvm_classes_loaded_classes", Map.of()),
                (long) GatewayProcess.sum(metrics, "jvm_threads_live_threads", Map.of()));
    }

    /** User plus system CPU seconds of process {@code pid} so far, from /proc/PID/stat (in clock ticks of 10 ms). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name in parentheses may hold spaces: count the fields after it (utime, stime: 14th, 15th).
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    static String jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process j = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!j.waitFor(60, TimeUnit.SECONDS) || j.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ---- the loaded store ----

    static GhostNaming naming(XmppServer xmpp) {
        return new GhostNaming(new GhostSpaces(xmpp.componentDomain(), HS_NAME, PREFIX, "mimi.example.org"));
    }

    static MatrixUserId matrixUser(int i) {
        return MatrixUserId.parse("@user" + i + ":" + HS_NAME);
    }

    static MatrixRoomId matrixRoom(int j) {
        return MatrixRoomId.parse("!room" + j + ":" + HS_NAME);
    }

    static String matrixEvent(int i) {
        return "$event" + i;
    }

    /**
     * Fills the store: half the ghosts are XMPP ghosts of Matrix users, half Matrix ghosts of XMPP users; each room a
     * portal linking a Matrix room with its XMPP portal on the component; each message relayed between the two, so
     * two mappings (its Matrix event id, its XMPP stanza id). Gives the rows counted back.
     */
    static long[] fill(JdbcStoreConfig store, Settings s, GhostNaming naming) throws Exception {
        int half = s.ghosts() / 2;
        List<List<Address>> rooms = new ArrayList<>(s.rooms());
        for (int j = 0; j < s.rooms(); j++) {
            rooms.add(List.of(matrixRoom(j), naming.portalFor(matrixRoom(j), Network.XMPP)));
        }
        try (StoreFiller f = StoreFiller.open(store)) {
            f.links(Link.Kind.PORTAL, rooms);
            f.ghosts(s.ghosts(), new StoreFiller.GhostSource() {
                @Override
                public Address real(int i) {
                    return i < half ? matrixUser(i) : Jid.parse("user" + i + "@localhost");
                }

                @Override
                public Address ghost(int i) {
                    return naming.ghostFor(real(i), i < half ? Network.XMPP : Network.MATRIX);
                }
            });
            f.mappings(s.mappings() / 2, List.of(Network.MATRIX, Network.XMPP), new StoreFiller.MappingSource() {
                @Override
                public Address room(int i, Network network) {
                    return network == Network.MATRIX ? matrixRoom(i % s.rooms()) : rooms.get(i % s.rooms()).get(1);
                }

                @Override
                public String nativeId(int i, Network network) {
                    return network == Network.MATRIX ? matrixEvent(i)
                            : XmppIds.nativeId(room(i, Network.XMPP), "stanza" + i).value();
                }
            });
            return new long[] {f.count("ghosts"), f.count("links"), f.count("message_map")};
        }
    }

    private static Loaded loaded(String name, JdbcStoreConfig store, Settings s, XmppServer xmpp, StubHomeserver hs,
            Path dir, Function<Integer, String> config) throws Exception {
        Files.createDirectories(dir);
        long fillStart = System.nanoTime();
        long[] rows = fill(store, s, naming(xmpp));
        double fill = (System.nanoTime() - fillStart) / 1e9;
        Timed t = start("loaded", dir, config, env(s, Map.of()));
        try {
            settle(s);
            Probe ready = probe(t.process());
            String appService = "http://127.0.0.1:" + configuredListenPort(t.process(), dir);
            long pushed = traffic(hs, appService, s);
            Map<String, Long> inbound = awaitInbound(t.process(), pushed);
            settle(s);
            Probe after = probe(t.process());
            return new Loaded(name, rows[0], rows[1], rows[2], fill, t.seconds(), ready, after, pushed, inbound);
        } finally {
            t.process().close();
        }
    }

    private static int configuredListenPort(GatewayProcess p, Path dir) throws IOException {
        String yaml = Files.readString(dir.resolve(p.name() + ".yaml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("listen-port: (\\d+)").matcher(yaml);
        if (!m.find()) {
            throw new IllegalStateException("no connectors.matrix.listen-port in " + dir);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Pushes {@code s.traffic()} Matrix events in transactions of 50 to the appservice, from Matrix users that have
     * ghosts into linked rooms: four texts, then an edit of a message in the store (its mapping is read to find the
     * XMPP stanza to correct). Gives the number pushed.
     */
    static long traffic(StubHomeserver hs, String appService, Settings s) {
        Random random = new Random(42);
        String hsToken = ConfigTemplate.example("passerelle.yaml").get("connectors.matrix.hs-token");
        long ts = System.currentTimeMillis();
        int pushed = 0;
        for (int txn = 0; pushed < s.traffic(); txn++) {
            List<ObjectNode> events = new ArrayList<>();
            for (int k = 0; k < 50 && pushed < s.traffic(); k++, pushed++) {
                ObjectNode content = JsonNodeFactory.instance.objectNode().put("msgtype", "m.text");
                int room;
                if (pushed % 5 == 4) {
                    int old = random.nextInt(s.mappings() / 2);
                    room = old % s.rooms();
                    content.put("body", "* edited " + pushed);
                    content.putObject("m.new_content").put("msgtype", "m.text").put("body", "edited " + pushed);
                    content.putObject("m.relates_to").put("rel_type", "m.replace").put("event_id", matrixEvent(old));
                } else {
                    room = random.nextInt(s.rooms());
                    content.put("body", "message " + pushed);
                }
                events.add(JsonNodeFactory.instance.objectNode()
                        .put("event_id", "$bench" + pushed + "-" + ts)
                        .put("type", "m.room.message")
                        .put("sender", matrixUser(random.nextInt(Math.max(1, s.ghosts() / 2))).toString())
                        .put("room_id", matrixRoom(room).toString())
                        .put("origin_server_ts", ts + pushed)
                        .set("content", content));
            }
            TransactionResult r = hs.pushTransaction(appService, hsToken, "bench-" + ts + "-" + txn, events);
            if (!r.acknowledged()) {
                throw new IllegalStateException("the gateway did not acknowledge transaction " + txn + ": " + r);
            }
        }
        return pushed;
    }

    /** Waits until the router has taken every pushed event in; gives the inbound counts by outcome. */
    private static Map<String, Long> awaitInbound(GatewayProcess p, long pushed) {
        long deadline = System.nanoTime() + READY.toNanos();
        Map<String, Long> counts = Map.of();
        while (System.nanoTime() < deadline) {
            String metrics = p.metrics();
            Map<String, Long> now = new java.util.TreeMap<>();
            for (String outcome : List.of("relayed", "duplicate", "unlinked", "echo")) {
                long n = (long) GatewayProcess.sum(metrics, "passerelle_events_in_total",
                        Map.of("network", "matrix", "outcome", outcome));
                if (n > 0) {
                    now.put(outcome, n);
                }
            }
            counts = now;
            if (now.values().stream().mapToLong(Long::longValue).sum() >= pushed) {
                return counts;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000);
        }
        throw new IllegalStateException("the router took in only " + counts + " of " + pushed + " pushed events");
    }

    // ---- the report ----

    static String section(Settings s, Startups bareStarts, Probe bare, Idle idle, Idle cds, List<Loaded> loaded,
            String database) {
        StringBuilder r = new StringBuilder(HEADING).append("\n\n");
        r.append("Measured ").append(LocalDate.now()).append(" on ").append(RouterBench.Machine.describe())
                .append(" (the benchmark's JVM; the gateway's is the launcher's), commit `")
                .append(RouterBench.Machine.commit()).append("`, load average ")
                .append(RouterBench.Machine.loadAverage()).append(" at the end.\n");
        r.append("Command: `scripts/bench` (`mvn -B -Pbench -DskipTests -pl tests -am verify`). The gateway is "
                + "`deploy/target/passerelle.jar` run by `deploy/bin/passerelle run --config FILE` with the launcher's "
                + "defaults (`PASSERELLE_HEAP` 512m, serial GC, 512 KiB thread stacks), configured from "
                + "`deploy/examples/passerelle/passerelle.yaml` without its MIMI connector: the xmpp connector as "
                + "the component of a Prosody on loopback, the matrix connector on a stub homeserver (WireMock) in "
                + "the benchmark's JVM. Baseline: `BareServer` (Vert.x and one HTTP server, nothing else) run by the "
                + "same launcher. Start-up: from the launcher's process start to the first 200 of `/health` (polled "
                + "every 10 ms), which the gateway answers once the store and every connector are up; CPU: user and "
                + "system time of the process by then (all threads, from /proc), which a shared machine disturbs "
                + "less. RSS: `VmRSS`; heap: `jvm_memory_used_bytes{area=\"heap\"}` from `/metrics`, then again "
                + "after a full GC (`jcmd PID GC.run`) for the live heap. Samples after ").append(s.settleSeconds())
                .append(" s of quiet. \"With CDS\": `PASSERELLE_CDS_ARCHIVE` set, as the systemd unit sets it (the "
                        + "first start writes the class data sharing archive as it exits, the others map it).\n\n");
        r.append(String.format("Start-up (%d starts each, after a first start that made the store; the gateway on an "
                + "existing H2 store, as a restart):%n%n", idle.starts().seconds().size()));
        r.append("| process | median | max | ratio of medians | CPU used by ready, median | ratio | target |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        r.append(String.format("| baseline: bare Vert.x HTTP server | %.2f s | %.2f s | 1.00 | %.2f s | 1.00 | |%n",
                bareStarts.median(), bareStarts.max(), bareStarts.cpuMedian()));
        for (Idle i : List.of(idle, cds)) {
            Startups st = i.starts();
            r.append(String.format("| gateway, xmpp + matrix, H2%s | %.2f s | %.2f s | %.2f | %.2f s | %.2f "
                    + "| < 2 s: %s |%n", i == cds ? ", with CDS" : "", st.median(), st.max(),
                    st.median() / bareStarts.median(), st.cpuMedian(), st.cpuMedian() / bareStarts.cpuMedian(),
                    verdict(st.max() < 2)));
        }
        r.append(String.format("%nThe first start, which also creates the H2 store (Flyway migration): %.2f s (with "
                + "CDS, which also writes the archive: %.2f s). All starts: baseline %s; gateway %s; with CDS %s.%n%n",
                idle.firstSeconds(), cds.firstSeconds(), list(bareStarts), list(idle.starts()), list(cds.starts())));
        r.append("Memory idle:\n\n| process | RSS | ratio | heap used | heap committed | heap live after GC "
                + "| classes loaded | threads | target |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        r.append(String.format("| baseline: bare Vert.x HTTP server | %s | 1.00 | %s | %s | %s | %,d | %d | |%n",
                mib(bare.rss()), mib(bare.heapUsed()), mib(bare.heapCommitted()), mib(bare.heapLive()),
                bare.classes(), bare.threads()));
        for (Idle i : List.of(idle, cds)) {
            Probe p = i.memory();
            r.append(String.format("| gateway, xmpp + matrix, H2, idle%s | %s | %.2f | %s | %s | %s | %,d | %d "
                    + "| < 150 MiB: %s |%n", i == cds ? ", with CDS" : "", mib(p.rss()), (double) p.rss() / bare.rss(),
                    mib(p.heapUsed()), mib(p.heapCommitted()), mib(p.heapLive()), p.classes(), p.threads(),
                    verdict(p.rss() < 150L << 20)));
        }
        r.append(String.format("%nWhere the start-up goes: the gateway loads %,d classes, %.1f times the baseline's "
                + "%,d (Vert.x, Netty, Jackson, H2, Flyway, HikariCP, Micrometer, logback, Smack, OkHttp, the connectors), each read "
                + "from the jar, verified and first run in the interpreter: its CPU to ready is %.1f times the "
                + "baseline's. "
                + "Mapping them from the CDS archive instead cuts that CPU by %.0f%% and the time to ready by %.0f%% "
                + "(medians), and RSS by %s.%n", idle.memory().classes(),
                (double) idle.memory().classes() / bare.classes(), bare.classes(),
                idle.starts().cpuMedian() / bareStarts.cpuMedian(),
                100 * (1 - cds.starts().cpuMedian() / idle.starts().cpuMedian()),
                100 * (1 - cds.starts().median() / idle.starts().median()),
                mib(idle.memory().rss() - cds.memory().rss())));
        if (!s.javaOpts().isEmpty()) {
            r.append(String.format("%nEvery process here also had `JAVA_OPTS=%s`.%n", s.javaOpts()));
        }
        if (loaded.isEmpty()) {
            return r.toString();
        }
        r.append(String.format("%nWith a loaded store (%,d ghosts, %,d rooms, %,d message mappings, filled offline "
                + "with JDBC batches into the schema Flyway made), once ready and after %,d Matrix events pushed to "
                + "the appservice in transactions of 50 from users with ghosts into linked rooms (every fifth an edit "
                + "of a stored message, so its mapping is read):%n%n", s.ghosts(), s.rooms(), s.mappings(),
                s.traffic()));
        r.append("| store | rows (ghosts / links / mappings) | filled in | ready in | moment | RSS | ratio to baseline "
                + "| heap used | heap committed | heap live after GC | target |\n"
                + "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Loaded l : loaded) {
            for (int i = 0; i < 2; i++) {
                Probe p = i == 0 ? l.ready() : l.afterTraffic();
                r.append(String.format("| %s | %,d / %,d / %,d | %.1f s | %.2f s | %s | %s | %.2f | %s | %s | %s | "
                        + "< 512 MiB: %s |%n", l.store(), l.ghosts(), l.rooms(), l.mappings(), l.fillSeconds(),
                        l.readySeconds(), i == 0 ? "ready" : "after traffic", mib(p.rss()),
                        (double) p.rss() / bare.rss(), mib(p.heapUsed()), mib(p.heapCommitted()),
                        mib(p.heapLive()), verdict(p.rss() < 512L << 20)));
            }
        }
        r.append("\nInbound events the router counted, by outcome: ");
        for (Loaded l : loaded) {
            r.append(l.store()).append(' ').append(l.inbound()).append(" of ").append(l.pushed()).append(" pushed; ");
        }
        r.append("PostgreSQL: ").append(database).append(".\n");
        return r.toString();
    }

    private static String list(Startups s) {
        return s.seconds().stream().map(d -> String.format("%.2f", d)).reduce((a, b) -> a + ", " + b).orElse("")
                + " s";
    }

    static String mib(long bytes) {
        return String.format("%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
