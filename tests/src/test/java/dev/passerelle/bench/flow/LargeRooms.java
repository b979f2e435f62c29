package dev.passerelle.bench.flow;

import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.e2e.ConfigTemplate;
import dev.passerelle.e2e.GatewayProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Large rooms through the distribution jar, each beside a small room measured in the same run: a Matrix room of
 * {@link GrowthSettings#members} members hosted as a portal on the gateway's component, and a plumbed MUC on
 * ejabberd in which the gateway seats {@link GrowthSettings#occupants} ghosts of Matrix members. For each room: how
 * fast the gateway takes the member joins in (appservice transactions) and delivers them, its RSS and heap before
 * and after, the time an XMPP client takes to join a portal (it receives every occupant), and messages both ways at
 * a fixed rate and, if asked, a short search for the maximum sustained rate. One gateway per kind of room.
 */
public final class LargeRooms {

    public static final String HEADING = "## Large rooms";
    private static final String HOSTED = "hosted";
    private static final String PLUMBED = "plumbed";
    /** The gateway's per-user limit, raised so that the benchmark's few senders measure the rooms, not the limit. */
    static final int RATE_LIMIT = 10_000;

    private final GrowthSettings settings;
    private final XmppServer server;
    private final Path workDir;
    private final PrintStream log;
    private final Proc xmppServer;
    private final Proc bench = Proc.self("bench JVM");
    private final AtomicInteger probeIds = new AtomicInteger();
    private final String tag = "lr" + UUID.randomUUID().toString().substring(0, 6);
    /** The directions warmed up on the current gateway (see {@link #direction}). */
    private final Set<String> warmed = new HashSet<>();

    LargeRooms(GrowthSettings settings, XmppServer server, Path root, Path workDir, PrintStream log) {
        if (!server.name().equals("ejabberd")) {
            throw new IllegalArgumentException("the large-room benchmark runs on ejabberd (its MUC takes 10,000 "
                    + "occupants in deploy/examples/xmpp/ejabberd), not " + server.name());
        }
        this.settings = settings;
        // A component domain of the run's own: ejabberd's listener takes any domain with its secret, and tests that
        // use gw.localhost on the same server would otherwise share (and take) the gateway's traffic.
        this.server = new XmppServer(server.name(), server.host(), server.c2sPort(), server.componentPort(),
                server.httpPort(), server.domain(), tag + ".localhost", server.componentSecret(), server.mucDomain());
        this.workDir = workDir;
        this.log = log;
        this.xmppServer = ejabberdProc(root);
    }

    /**
     * Runs every measurement against {@code server} (ejabberd) and answers the report's section. The gateway and its
     * files live under {@code root}/tests/target/growth-bench.
     */
    public static String run(GrowthSettings settings, XmppServer server, Path root, PrintStream log)
            throws Exception {
        RunInfo before = RunInfo.now(root);
        Path work = Files.createDirectories(root.resolve("tests/target/growth-bench"));
        Results r = new LargeRooms(settings, server, root, work, log).run();
        return GrowthReport.render(r, settings, before, RunInfo.now(root));
    }

    // ---- results ----

    /** The gateway's memory at one moment: RSS, heap used, and heap used after a full GC (the live heap). */
    record Memory(long rss, long heapUsed, long heapLive) {
    }

    /**
     * Member joins taken in: how many, the relayed events they became, the seconds until the last transaction was
     * acknowledged and until the last delivery to XMPP was confirmed, the CPU seconds the gateway and the XMPP
     * server used meanwhile, and the deliveries retried and dead-lettered.
     */
    record Absorbed(int members, long events, long delivered, double ackSeconds, double seconds, double gatewayCpu,
            double serverCpu, long retried, long dead) {

        boolean complete() {
            return delivered >= events && dead == 0;
        }

        /** Two batches of joins taken in one after the other, as one. */
        Absorbed plus(Absorbed o) {
            return new Absorbed(members + o.members, events + o.events, delivered + o.delivered,
                    ackSeconds + o.ackSeconds, seconds + o.seconds, gatewayCpu + o.gatewayCpu, serverCpu + o.serverCpu,
                    retried + o.retried, dead + o.dead);
        }
    }

    /**
     * A late XMPP client's join into a room of {@code members}: the presences of other occupants it received, and,
     * when the room's presence to self came ({@code complete}), the seconds from its join to that.
     */
    record Joined(int members, int presences, boolean complete, double seconds) {
    }

    /** One direction in one room: the fixed-rate window and the search (null when not asked for). */
    record Direction(String name, Window fixed, Sweep.Result search) {
    }

    /** One room: its kind (hosted or plumbed), its size, and its figures. */
    record Room(String kind, int size, Memory before, Absorbed absorbed, Memory after, List<Joined> joins,
            List<Direction> directions) {

        Direction direction(String prefix) {
            return directions.stream().filter(d -> d.name().startsWith(prefix)).findFirst().orElseThrow();
        }
    }

    /** Everything one run measured; {@code unknownRoutes} are stub calls the stub does not model. */
    record Results(List<Room> hosted, List<Room> plumbed, Map<String, Long> unknownRoutes, boolean serverMeasured) {
    }

    Results run() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            List<Room> hosted = new ArrayList<>();
            List<Room> plumbed = new ArrayList<>();
            Map<String, Long> unknown = new TreeMap<>();
            try (Bridge bridge = start(vertx, HOSTED)) {
                for (int size : List.of(settings.baseline(), settings.members())) {
                    hosted.add(hosted(bridge, size));
                }
                unknown.putAll(bridge.homeserver().unknownRoutes());
            }
            try (Bridge bridge = start(vertx, PLUMBED)) {
                for (int size : List.of(settings.baseline(), settings.occupants())) {
                    plumbed.add(plumbed(bridge, size));
                }
                unknown.putAll(bridge.homeserver().unknownRoutes());
            }
            return new Results(hosted, plumbed, unknown, xmppServer != null);
        } finally {
            FastHomeserver.await(vertx.close(), "closing Vert.x");
        }
    }

    private Bridge start(Vertx vertx, String kind) {
        warmed.clear();
        Path dir = workDir.resolve(kind + "-" + tag);
        Map<String, String> env = settings.jfr() ? Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename="
                + dir.toAbsolutePath().resolve("gateway.jfr") + ",settings=profile") : Map.of();
        return Bridge.start(vertx, server, dir, env, 4,
                config -> config.set("connectors.xmpp.rate-limit", Map.of("per-second", RATE_LIMIT,
                        "burst", RATE_LIMIT)));
    }

    // ---- (a) a Matrix room hosted as a portal ----

    private Room hosted(Bridge bridge, int size) throws Exception {
        String t = tag + "-h" + size;
        String matrixRoom = Bridge.matrixRoom(t);
        String portal = naming().portalFor(MatrixRoomId.parse(matrixRoom), Network.XMPP).toString();
        bridge.linkPortal(portal, matrixRoom);
        List<Proc> procs = procs(bridge);
        // The senders join first: they are the XMPP occupants every member's arrival is announced to.
        try (Senders senders = Senders.inRoom(server, t, settings.senders(), portal)) {
            Memory before = memory(bridge);
            // A late client joins once with 90 % of the members in, and again with all of them.
            int most = size - Math.max(1, size / 10);
            Absorbed absorbed = addMembers(bridge, matrixRoom, t, 0, most);
            Joined first = timeJoin(portal, t + "-late1", most);
            absorbed = absorbed.plus(addMembers(bridge, matrixRoom, t, most, size));
            Memory after = memory(bridge);
            Joined all = timeJoin(portal, t + "-late2", size);
            List<Direction> directions = directions(bridge, senders, matrixRoom, procs, "hosted room of "
                    + String.format(Locale.ROOT, "%,d", size));
            return new Room(HOSTED, size, before, absorbed, after, List.of(first, all), directions);
        }
    }

    /** A new client joins the portal, which has {@code members} members: the time until its presence to self. */
    private Joined timeJoin(String portal, String user, int members) throws IOException {
        try (XmppClient late = XmppClient.login(server.host(), server.c2sPort(), server.domain(), user,
                "pw-" + user)) {
            long start = System.nanoTime();
            XmppClient.Entered e = late.joinCounting(portal, "late");
            Joined j = new Joined(members, e.presences(), e.self(), (System.nanoTime() - start) / 1e9);
            log.println(String.format(Locale.ROOT, "growth bench: a late XMPP client joining the portal of %,d "
                    + "members: %,d presences, %s", members, j.presences(), j.complete()
                            ? String.format(Locale.ROOT, "its own after %.3f s", j.seconds())
                            : "then nothing for 15 s: no presence to self"));
            return j;
        }
    }

    // ---- (b) a plumbed MUC on ejabberd ----

    private Room plumbed(Bridge bridge, int size) throws Exception {
        String t = tag + "-p" + size;
        List<Proc> procs = procs(bridge);
        try (Senders senders = Senders.inRooms(server, t, settings.senders(), 1)) {
            String muc = senders.rooms().get(0);
            String matrixRoom = Bridge.matrixRoom(t);
            bridge.link(muc, matrixRoom);
            Memory before = memory(bridge);
            // Each join seats the member's ghost in the MUC; the first also makes the gateway's listener join it.
            Absorbed absorbed = addMembers(bridge, matrixRoom, t, 0, size);
            Memory after = memory(bridge);
            List<Direction> directions = directions(bridge, senders, matrixRoom, procs, "plumbed MUC of "
                    + String.format(Locale.ROOT, "%,d", size));
            // The server keeps a component's occupants when the component goes: the room would stay full of ghosts.
            senders.client(0).destroy(muc, false);
            return new Room(PLUMBED, size, before, absorbed, after, List.of(), directions);
        }
    }

    // ---- shared steps ----

    /**
     * XMPP to Matrix (the senders write in the room, the stub receives the gateway's sends), then Matrix to XMPP
     * (one Matrix user per sender writes, the first XMPP sender receives).
     */
    private List<Direction> directions(Bridge bridge, Senders senders, String matrixRoom, List<Proc> procs,
            String room) {
        List<Direction> out = new ArrayList<>();
        Flow toMatrix = new XmppFlow("XMPP->Matrix, " + room, senders, GrowthSettings.BODY_SIZE,
                r -> bridge.homeserver().onSend(Flow.into(r)), procs, () -> { });
        out.add(direction(toMatrix));
        Flow toXmpp = new MatrixFlow("Matrix->XMPP, " + room, bridge.homeserver(),
                Collections.nCopies(senders.count(), matrixRoom), 1, GrowthSettings.BODY_SIZE,
                r -> senders.client(0).sink(Flow.into(r)), procs);
        out.add(direction(toXmpp));
        return out;
    }

    private Direction direction(Flow flow) {
        warmUp(flow);
        // The gateway's first room (the small one) would otherwise be measured while its JIT compiler is still at
        // work: a window at twice the search's start rate first in each direction, not reported.
        if (warmed.add(flow.name().substring(0, flow.name().indexOf(',')))) {
            Window w = flow.measure(probeIds.incrementAndGet(), 2 * settings.startRate(), settings.warmUpSeconds());
            log.println(String.format(Locale.ROOT, "growth bench: %s warmed up: %d of %d in %.0f s at %.0f/s, p99 "
                    + "%.1f ms (not reported)", flow.name(), w.outcome().received(), w.outcome().sent(),
                    settings.warmUpSeconds(), 2 * settings.startRate(), w.outcome().p99() / 1e6));
        }
        Window fixed = flow.measure(probeIds.incrementAndGet(), settings.rate(), settings.seconds());
        Receipts.Outcome o = fixed.outcome();
        log.println(String.format(Locale.ROOT, "growth bench: %s at %.0f/s for %.0f s: sent %d received %d dup %d "
                + "p50 %.1f p99 %.1f ms", flow.name(), settings.rate(), settings.seconds(), o.sent(), o.received(),
                o.duplicates(), o.p50() / 1e6, o.p99() / 1e6));
        Sweep.Result search = settings.search()
                ? new Sweep(settings.flow(), probeIds::incrementAndGet, log).run(flow) : null;
        return new Direction(flow.name(), fixed, search);
    }

    /**
     * Sends a little until everything arrives: the first messages register and seat the senders' ghosts; that is
     * not what is measured.
     */
    private void warmUp(Flow flow) {
        for (int attempt = 0; attempt < 15; attempt++) {
            Window w = flow.measure(probeIds.incrementAndGet(), 2.0 * flow.streams(), 1);
            if (w.outcome().lost() == 0 && w.outcome().duplicates() == 0) {
                return;
            }
        }
        throw new IllegalStateException(flow.name() + ": messages still lost after 15 warm-up windows");
    }

    /**
     * Pushes the joins of members {@code from} to {@code to} (exclusive) into {@code matrixRoom} as the homeserver
     * would, one transaction of {@link GrowthSettings#joinBatch} after the other, each from the joining member with a
     * display name; then waits until the gateway has confirmed a delivery to XMPP for every event it relayed (a join
     * is two: the membership and the profile it carries).
     */
    private Absorbed addMembers(Bridge bridge, String matrixRoom, String t, int from, int to) {
        int count = to - from;
        GatewayProcess gateway = bridge.gateway();
        Proc gw = bridge.proc();
        String m0 = gateway.metrics();
        double in0 = relayed(m0);
        double out0 = delivered(m0);
        double retried0 = GatewayProcess.sum(m0, "passerelle_deliveries_retried_total", Map.of("network", "xmpp"));
        double dead0 = GatewayProcess.sum(m0, "passerelle_deliveries_dead_total", Map.of("network", "xmpp"));
        double gwCpu0 = gw.cpuSeconds();
        double serverCpu0 = xmppServer == null ? 0 : xmppServer.cpuSeconds();
        long start = System.nanoTime();
        long ts = System.currentTimeMillis();
        for (int i = from; i < to; i += settings.joinBatch()) {
            StringBuilder events = new StringBuilder("{\"events\":[");
            for (int k = i; k < Math.min(to, i + settings.joinBatch()); k++) {
                String user = "@" + t + "-m" + k + ":" + Bridge.SERVER_NAME;
                events.append(k == i ? "" : ",").append("{\"type\":\"m.room.member\",\"room_id\":\"")
                        .append(matrixRoom).append("\",\"sender\":\"").append(user).append("\",\"state_key\":\"")
                        .append(user).append("\",\"event_id\":\"$join-").append(t).append('-').append(k)
                        .append("\",\"origin_server_ts\":").append(ts + k)
                        .append(",\"content\":{\"membership\":\"join\",\"displayname\":\"Member ").append(k)
                        .append("\"}}");
            }
            byte[] json = events.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            FastHomeserver.await(bridge.homeserver().push("join-" + t + "-" + i, json),
                    "pushing member joins " + i + ".. into " + matrixRoom);
        }
        double acked = (System.nanoTime() - start) / 1e9;
        long events = Math.round(relayed(gateway.metrics()) - in0);
        // Delivered when every relayed event is confirmed; given up when nothing moves for a minute.
        double delivered = 0;
        double last = -1;
        long lastChange = System.nanoTime();
        long done = start;
        String m = m0;
        while (true) {
            m = gateway.metrics();
            delivered = delivered(m) - out0;
            long now = System.nanoTime();
            if (delivered >= events) {
                done = now;
                break;
            }
            if (delivered != last) {
                last = delivered;
                lastChange = now;
                done = now;
            } else if (now - lastChange > TimeUnit.SECONDS.toNanos(60)) {
                log.println("growth bench: " + matrixRoom + ": only " + (long) delivered + " of " + events
                        + " deliveries confirmed, nothing more for 60 s");
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        Absorbed a = new Absorbed(count, events, Math.round(delivered), acked, (done - start) / 1e9,
                gw.cpuSeconds() - gwCpu0, xmppServer == null ? 0 : xmppServer.cpuSeconds() - serverCpu0,
                Math.round(GatewayProcess.sum(m, "passerelle_deliveries_retried_total", Map.of("network", "xmpp"))
                        - retried0),
                Math.round(GatewayProcess.sum(m, "passerelle_deliveries_dead_total", Map.of("network", "xmpp"))
                        - dead0));
        log.println(String.format(Locale.ROOT, "growth bench: %s: %,d joins, %,d events, acknowledged in %.1f s, "
                + "delivered (%,d) in %.1f s; gateway CPU %.1f s, XMPP server CPU %.1f s; retried %d, dead %d",
                matrixRoom, count, events, acked, a.delivered(), a.seconds(), a.gatewayCpu(), a.serverCpu(),
                a.retried(), a.dead()));
        return a;
    }

    private static double relayed(String metrics) {
        return GatewayProcess.sum(metrics, "passerelle_events_in_total",
                Map.of("network", "matrix", "outcome", "relayed"));
    }

    private static double delivered(String metrics) {
        return GatewayProcess.sum(metrics, "passerelle_events_out_total", Map.of("network", "xmpp"));
    }

    /** RSS and heap used now; then a full GC (jcmd GC.run) and the heap used after it. */
    private static Memory memory(Bridge bridge) throws IOException, InterruptedException {
        GatewayProcess gateway = bridge.gateway();
        long used = (long) gateway.metric("jvm_memory_used_bytes", Map.of("area", "heap"));
        long rss = bridge.proc().rss();
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(gateway.pid()), "GC.run");
        Process jcmd = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        long live = (long) gateway.metric("jvm_memory_used_bytes", Map.of("area", "heap"));
        return new Memory(rss, used, live);
    }

    private List<Proc> procs(Bridge bridge) {
        List<Proc> all = new ArrayList<>(List.of(bridge.proc()));
        if (xmppServer != null) {
            all.add(xmppServer);
        }
        all.add(bench);
        return all;
    }

    /** The ghost naming of the gateway Bridge starts, to find a Matrix room's portal. */
    private GhostNaming naming() {
        ConfigTemplate example = ConfigTemplate.example("passerelle.yaml");
        return new GhostNaming(new GhostSpaces(server.componentDomain(), Bridge.SERVER_NAME,
                example.get("ghosts.matrix-prefix"), example.get("ghosts.mimi-provider")));
    }

    /** ejabberd's Erlang VM, from the pid file scripts/test-servers keeps, if it is there and alive. */
    private static Proc ejabberdProc(Path root) {
        Path pidFile = root.resolve("target/test-servers/ejabberd/ejabberd.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return null;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (!Files.exists(cmdline) || !Files.readString(cmdline).contains("beam")) {
                return null;
            }
            return new Proc("ejabberd", pid);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
