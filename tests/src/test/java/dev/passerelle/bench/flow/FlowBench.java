package dev.passerelle.bench.flow;

import dev.passerelle.bench.BenchXmpp;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The flow benchmarks ({@code scripts/bench}): XMPP to Matrix and Matrix to XMPP through Passerelle, and XMPP to
 * XMPP through two instances speaking MIMI, beside Prosody alone (client to client and MUC) and a pass-through
 * component, all in one run on one Prosody. Usage:
 * {@code FlowBench BENCHMARKS.md} with {@code -Dbench.flow.*} settings ({@link FlowSettings}); without
 * {@code -Dpasserelle.test.prosody} it starts its own servers with {@code scripts/test-servers} and stops them after.
 */
public final class FlowBench {

    private final FlowSettings settings;
    private final XmppServer server;
    private final Path workDir;
    private final PrintStream log;
    private final AtomicInteger probeIds = new AtomicInteger();
    private final String tag = "fb" + UUID.randomUUID().toString().substring(0, 6);
    private final List<Proc> xmppOnly;
    private final Proc prosody;
    private final Proc bench = Proc.self("bench JVM");

    FlowBench(FlowSettings settings, XmppServer server, Path root, Path workDir, PrintStream log) {
        this.settings = settings;
        this.server = server;
        this.workDir = workDir;
        this.log = log;
        this.prosody = prosodyProc(root);
        this.xmppOnly = prosody == null ? List.of(bench) : List.of(prosody, bench);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FlowBench BENCHMARKS.md");
        }
        Path report = Path.of(args[0]).toAbsolutePath();
        // Run from the tests module, as Maven runs it (GatewayProcess finds the distribution jar the same way).
        Path root = Path.of("..").toAbsolutePath().normalize();
        FlowSettings settings = FlowSettings.fromProperties();
        try (BenchXmpp servers = BenchXmpp.prosody()) {
            RunInfo before = RunInfo.now(root);
            Results results = new FlowBench(settings, servers.server(), root,
                    Files.createDirectories(root.resolve("tests/target/flow-bench")), System.out).run();
            Path plot = root.resolve("docs/bench/flow-latency.png");
            Files.createDirectories(plot.getParent());
            FlowPlot.write(plot, results);
            FlowReport.write(report, plot, results, settings, before, RunInfo.now(root));
            System.out.println("flow bench: wrote " + report + " and " + plot);
        }
        // Vert.x and socket reader threads are daemons, but the exec plugin's JVM should not wait for stragglers.
        System.exit(0);
    }

    /** Every result of one run. */
    record Results(Sweep.Result clientToClient, Sweep.Result mucRooms, Sweep.Result mucRoom,
            Sweep.Result bridgeRooms, Sweep.Result bridgeRoom, Sweep.Result fromMatrix1, Sweep.Result fromMatrix50,
            Sweep.Result throughMimi, List<Window> passRooms, List<Window> passRoom, List<Window> passMimi,
            Map<String, Long> unknownRoutes, long gatewayReadyMillis) {

        List<Sweep.Result> sweeps() {
            return List.of(clientToClient, mucRooms, mucRoom, bridgeRooms, bridgeRoom, fromMatrix1, fromMatrix50,
                    throughMimi);
        }
    }

    Results run() throws Exception {
        Sweep sweep = new Sweep(settings, probeIds::incrementAndGet, log);
        int n = settings.streams();
        Sweep.Result c2c;
        try (Flow f = clientToClient(n)) {
            c2c = sweep.run(f);
        }
        Sweep.Result mucRooms;
        try (Flow f = muc("Prosody MUC, " + n + " rooms x 1", n)) {
            mucRooms = sweep.run(f);
        }
        Sweep.Result mucRoom;
        try (Flow f = muc("Prosody MUC, 1 room x " + n, 1)) {
            mucRoom = sweep.run(f);
        }

        Vertx vertx = Vertx.vertx();
        try {
            Sweep.Result rooms;
            Sweep.Result room;
            Sweep.Result m1;
            Sweep.Result m50;
            Map<String, Long> unknown;
            long ready;
            Map<String, String> env = settings.jfr()
                    ? Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename=" + workDir.resolve("gateway.jfr")
                            + ",settings=profile")
                    : Map.of();
            long t0 = System.nanoTime();
            try (Bridge bridge = Bridge.start(vertx, server, workDir.resolve("gateway-" + tag), env,
                    settings.pushConnections())) {
                ready = (System.nanoTime() - t0) / 1_000_000;
                List<Proc> procs = procs(bridge.proc());
                Senders roomSenders = bridgedSenders(bridge, tag + "-gw" + n, n);
                try {
                    Flow toMatrix = new XmppFlow("Passerelle XMPP->Matrix, " + n + " rooms x 1", roomSenders,
                            settings.bodySize(), r -> bridge.homeserver().onSend(Flow.into(r)), procs, () -> { });
                    try {
                        warmUp(toMatrix);
                    } finally {
                        log.println("flow bench: stub calls so far " + bridge.homeserver().calls());
                    }
                    rooms = sweep.run(toMatrix);
                    try (Senders one = bridgedSenders(bridge, tag + "-gw1", 1)) {
                        Flow f = new XmppFlow("Passerelle XMPP->Matrix, 1 room x " + n, one, settings.bodySize(),
                                r -> bridge.homeserver().onSend(Flow.into(r)), procs, () -> { });
                        warmUp(f);
                        room = sweep.run(f);
                    }
                    List<String> matrixRooms = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        matrixRooms.add(Bridge.matrixRoom(tag + "-gw" + n + "-r" + i));
                    }
                    // The senders of the rooms are their occupants: they receive what Matrix users say there.
                    java.util.function.Consumer<Receipts> occupants = r -> {
                        for (int i = 0; i < n; i++) {
                            roomSenders.client(i).sink(Flow.into(r));
                        }
                    };
                    Flow from1 = new MatrixFlow("Passerelle Matrix->XMPP, transactions of 1", bridge.homeserver(),
                            matrixRooms, 1, settings.bodySize(), occupants, procs);
                    warmUp(from1);
                    m1 = sweep.run(from1);
                    Flow from50 = new MatrixFlow("Passerelle Matrix->XMPP, transactions of 50", bridge.homeserver(),
                            matrixRooms, 50, settings.bodySize(), occupants, procs);
                    warmUp(from50);
                    m50 = sweep.run(from50);
                    unknown = bridge.homeserver().unknownRoutes();
                } finally {
                    roomSenders.close();
                }
            }
            Sweep.Result mimi = throughMimi(sweep, n);
            List<Window> passRooms;
            try (Flow f = passThrough("Pass-through component, " + n + " rooms x 1", n)) {
                passRooms = sweep.at(f, rooms.max() > 0 ? rooms.max() : mucRooms.max(), settings.fractions());
            }
            List<Window> passRoom;
            try (Flow f = passThrough("Pass-through component, 1 room x " + n, 1)) {
                passRoom = sweep.at(f, room.max() > 0 ? room.max() : mucRoom.max(), settings.fractions());
            }
            List<Window> passMimi;
            try (Flow f = passThrough("Pass-through component, " + n + " rooms x 1, at the MIMI rates", n)) {
                passMimi = sweep.at(f, mimi.max() > 0 ? mimi.max() : mucRooms.max(), settings.fractions());
            }
            return new Results(c2c, mucRooms, mucRoom, rooms, room, m1, m50, mimi, passRooms, passRoom, passMimi,
                    unknown, ready);
        } finally {
            FastHomeserver.await(vertx.close(), "closing Vert.x");
        }
    }

    /**
     * XMPP to XMPP through MIMI: senders in {@code n} group chats, each linked by instance A to a MIMI room it hosts,
     * which instance B links to a group chat of its own, where one client receives what B's ghosts of the senders
     * say.
     */
    private Sweep.Result throughMimi(Sweep sweep, int n) throws Exception {
        String t = tag + "-mimi" + n;
        try (MimiBridge mimi = MimiBridge.start(server, workDir.resolve("mimi-" + tag), mimiEnv())) {
            List<Proc> procs = new ArrayList<>(mimi.procs());
            procs.addAll(xmppOnly);
            Senders senders = Senders.inRooms(server, t, settings.streams(), n);
            XmppClient receiver = null;
            try {
                receiver = login(t + "-rx");
                String rx = receiver.jid().replaceFirst("/.*", "");
                for (int i = 0; i < n; i++) {
                    String roomB = t + "-b" + i + "@" + server.mucDomain();
                    receiver.join(roomB, "rx");
                    mimi.link(t + "-" + i, senders.rooms().get(i), senders.client(i).jid().replaceFirst("/.*", ""),
                            roomB, rx);
                }
                receiver.startReading();
            } catch (IOException | RuntimeException e) {
                senders.close();
                if (receiver != null) {
                    receiver.close();
                }
                throw e;
            }
            XmppClient rxClient = receiver;
            try (Flow f = new XmppFlow("Passerelle XMPP->MIMI->XMPP, " + n + " rooms x 1", senders,
                    settings.bodySize(), r -> rxClient.sink(Flow.into(r)), procs, rxClient)) {
                warmUp(f);
                return sweep.run(f);
            }
        }
    }

    /** With a flight recording, each instance writes its own file (named after its pid) into one directory. */
    private Map<String, String> mimiEnv() throws IOException {
        if (!settings.jfr()) {
            return Map.of();
        }
        Path dir = Files.createDirectories(workDir.resolve("mimi-jfr"));
        return Map.of("JAVA_OPTS", "-XX:StartFlightRecording=filename=" + dir + "/,settings=profile");
    }

    private List<Proc> procs(Proc gateway) {
        List<Proc> all = new ArrayList<>();
        all.add(gateway);
        all.addAll(xmppOnly);
        return all;
    }

    private Flow clientToClient(int n) throws IOException {
        XmppClient receiver = login(tag + "-c2c-rx");
        receiver.startReading();
        Senders senders = Senders.direct(server, tag + "-c2c", n, receiver.jid());
        senders.startReading();
        return new XmppFlow("Prosody client to client", senders, settings.bodySize(),
                r -> receiver.sink(Flow.into(r)), xmppOnly, receiver);
    }

    /** Senders in {@code rooms} new group chats and one more client in all of them, receiving. */
    private Flow muc(String name, int rooms) throws IOException {
        String t = tag + "-muc" + rooms;
        Senders senders = Senders.inRooms(server, t, settings.streams(), rooms);
        XmppClient receiver = login(t + "-rx");
        for (String room : senders.rooms()) {
            receiver.join(room, "rx");
        }
        receiver.startReading();
        return new XmppFlow(name, senders, settings.bodySize(), r -> receiver.sink(Flow.into(r)), xmppOnly,
                receiver);
    }

    /** Senders in {@code rooms} new group chats, which the pass-through component forwards to one client. */
    private Flow passThrough(String name, int rooms) throws IOException {
        String t = tag + "-pt" + rooms;
        Senders senders = Senders.inRooms(server, t, settings.streams(), rooms);
        XmppClient receiver = login(t + "-rx");
        receiver.startReading();
        PassThrough pt = PassThrough.start(server.host(), server.componentPort(), server.componentDomain(),
                server.componentSecret(), senders.rooms(), receiver.jid());
        return new XmppFlow(name, senders, settings.bodySize(), r -> receiver.sink(Flow.into(r)), xmppOnly, () -> {
            pt.close();
            receiver.close();
        });
    }

    /** Senders in {@code rooms} new group chats, each linked by the gateway to a new Matrix room on the stub. */
    private Senders bridgedSenders(Bridge bridge, String t, int rooms) throws IOException {
        Senders senders = Senders.inRooms(server, t, settings.streams(), rooms);
        StringBuilder hello = new StringBuilder();
        for (int i = 0; i < rooms; i++) {
            String matrixRoom = Bridge.matrixRoom(t + "-r" + i);
            bridge.link(senders.rooms().get(i), matrixRoom);
            hello.append(i == 0 ? "" : ",").append("{\"type\":\"m.room.message\",\"room_id\":\"").append(matrixRoom)
                    .append("\",\"sender\":\"@hello:").append(Bridge.SERVER_NAME).append("\",\"event_id\":\"$hello-")
                    .append(t).append('-').append(i).append("\",\"origin_server_ts\":")
                    .append(System.currentTimeMillis())
                    .append(",\"content\":{\"msgtype\":\"m.text\",\"body\":\"hello\"}}");
        }
        // A link made while the gateway runs is joined on the XMPP side only with the first delivery into the
        // room (Plumbing.ensurePlumbed); until then the gateway does not hear the room. A Matrix user's first
        // message seats the listener, as it would in a real room.
        FastHomeserver.await(bridge.homeserver().push("hello-" + t,
                ("{\"events\":[" + hello + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "pushing the first Matrix messages to " + t);
        return senders;
    }

    /**
     * Sends a little until everything arrives: the first messages make the gateway register and join its ghosts
     * and its listener join the rooms; those are not what the benchmark measures.
     */
    private void warmUp(Flow flow) {
        boolean through = false;
        for (int attempt = 0; attempt < 15 && !through; attempt++) {
            Window w = flow.measure(probeIds.incrementAndGet(), 2.0 * flow.streams(), 1);
            through = w.outcome().lost() == 0 && w.outcome().duplicates() == 0;
        }
        if (!through) {
            throw new IllegalStateException(flow.name() + ": messages still lost after 15 warm-up windows");
        }
        // The gateway's JIT compiler and caches warm up before the search, which measures a steady state.
        if (settings.warmUpSeconds() > 0) {
            Window w = flow.measure(probeIds.incrementAndGet(), settings.startRate() / 2, settings.warmUpSeconds());
            log.println("flow bench: " + flow.name() + " warmed up: " + w.outcome().received() + " of "
                    + w.outcome().sent() + " in " + settings.warmUpSeconds() + " s at " + settings.startRate() / 2
                    + "/s, p99 " + FlowReport.ms(w.outcome().p99()) + " ms (not reported)");
        }
    }

    private XmppClient login(String user) throws IOException {
        return XmppClient.login(server.host(), server.c2sPort(), server.domain(), user, "pw-" + user);
    }

    /** Prosody's process, from the pid file scripts/test-servers keeps, if it is there and alive. */
    private static Proc prosodyProc(Path root) {
        Path pidFile = root.resolve("target/test-servers/prosody/prosody.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return null;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (!Files.exists(cmdline) || !Files.readString(cmdline).contains("prosody")) {
                return null;
            }
            return new Proc("Prosody", pid);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
