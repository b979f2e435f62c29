package dev.passerelle.bench.flow;

import dev.passerelle.bench.BenchReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The flow benchmarks' section of BENCHMARKS.md: rates as ratios of Prosody alone, latency beside pass-through. */
final class FlowReport {

    static final String HEADING = "## XMPP, Matrix and MIMI flows";
    private static final double MIB = 1024.0 * 1024.0;

    private FlowReport() {
    }

    static void write(Path file, Path plot, FlowBench.Results r, FlowSettings s, RunInfo before, RunInfo after)
            throws IOException {
        String image = file.getParent().relativize(plot).toString().replace('\\', '/');
        BenchReport.replaceSection(file, HEADING, render(r, s, before, after, image));
    }

    static String render(FlowBench.Results r, FlowSettings s, RunInfo before, RunInfo after, String image) {
        StringBuilder md = new StringBuilder(HEADING).append("\n\n");
        md.append("Command: `scripts/bench` (`dev.passerelle.bench.flow.FlowBench`; settings: ")
                .append(settings(s)).append("). Run ").append(before.at()).append(" to ").append(after.at())
                .append(", commit ").append(before.commit()).append(", ").append(before.machine())
                .append(". Load average (1, 5, 15 min) before ").append(before.loadAverage()).append(", after ")
                .append(after.loadAverage()).append(".\n\n");
        md.append("Everything on loopback: Prosody 0.12 from `scripts/test-servers` (Nagle off), the distribution jar"
                + " with the launcher's defaults and the embedded H2 store (ready ")
                .append(r.gatewayReadyMillis()).append(" ms after launch, as seen from the benchmark), the homeserver"
                + " stub (bare Vert.x), the XMPP clients (raw sockets, pre-serialised stanzas) and the pass-through"
                + " component, all in the benchmark's JVM, which stamps each message with `System.nanoTime` when it is"
                + " due and again when it arrives. XMPP->MIMI->XMPP: two instances of the distribution jar on the"
                + " same Prosody (components `gw` and `gw2`), A hosting a MIMI room per sender's group chat and B"
                + " linking it to a group chat of its own where one client receives; MIMI between them over TLS on"
                + " loopback with certificates of a test CA. ")
                .append(s.streams()).append(" senders, ").append(s.bodySize()).append("-character bodies. A rate is"
                + " sustained when a window loses nothing, duplicates nothing and has p99 <= ")
                .append(s.p99LimitMillis()).append(" ms; the search doubles from ").append(plain(s.startRate()))
                .append(" msg/s in ").append(plain(s.probeSeconds()))
                .append(" s probes (halving instead if the start rate fails; the gateway first runs ")
                .append(plain(s.warmUpSeconds())).append(" s at half the start rate to warm up; a probe that loses nothing but misses the p99 limit is"
                        + " measured once more, since one collector pause fails a short window), bisects ")
                .append(s.bisectSteps()).append(" times, and the rate found must then hold in ")
                .append(s.confirmations()).append(" windows of ").append(plain(s.windowSeconds()))
                .append(" s (else it steps down 15 %). \"Lag\" is how far the generator fell behind its schedule.\n\n");

        Sweep.Result c2c = r.clientToClient();
        md.append("### Maximum sustained rate\n\n");
        md.append("| Flow | Max msg/s | / Prosody client to client | / Prosody MUC, same shape | Target"
                + " | Windows at max (p99 ms; generator lag ms) |\n| --- | ---: | ---: | ---: | --- | --- |\n");
        rateRow(md, c2c, c2c, null, "baseline");
        rateRow(md, r.mucRooms(), c2c, null, "baseline");
        rateRow(md, r.mucRoom(), c2c, null, "baseline");
        rateRow(md, r.bridgeRooms(), c2c, r.mucRooms(), ">= 0.5 of client to client");
        rateRow(md, r.bridgeRoom(), c2c, r.mucRoom(), ">= 0.9 of the MUC");
        rateRow(md, r.fromMatrix1(), c2c, r.mucRooms(), ">= XMPP->Matrix ("
                + plain(r.bridgeRooms().max()) + ")");
        rateRow(md, r.fromMatrix50(), c2c, r.mucRooms(), ">= XMPP->Matrix ("
                + plain(r.bridgeRooms().max()) + ")");
        rateRow(md, r.throughMimi(), c2c, r.mucRooms(), "none given");
        md.append('\n');

        md.append("### Latency at fractions of the maximum\n\nThe pass-through component runs at the gateway's"
                + " rates, right under it. CPU is percent of one core over the window, RSS at its end.\n\n");
        md.append("| Flow | Load | msg/s | p50 ms | p99 ms | p99.9 ms | lost | dup | CPU | RSS MiB |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Sweep.Result sweep : List.of(c2c, r.mucRooms(), r.mucRoom())) {
            points(md, sweep.flow(), sweep.points(), s.fractions());
        }
        points(md, r.bridgeRooms().flow(), r.bridgeRooms().points(), s.fractions());
        points(md, "Pass-through component, " + s.streams() + " rooms x 1", r.passRooms(), s.fractions());
        points(md, r.bridgeRoom().flow(), r.bridgeRoom().points(), s.fractions());
        points(md, "Pass-through component, 1 room x " + s.streams(), r.passRoom(), s.fractions());
        points(md, r.fromMatrix1().flow(), r.fromMatrix1().points(), s.fractions());
        points(md, r.fromMatrix50().flow(), r.fromMatrix50().points(), s.fractions());
        points(md, r.throughMimi().flow(), r.throughMimi().points(), s.fractions());
        points(md, "Pass-through component, " + s.streams() + " rooms x 1, at the MIMI rates", r.passMimi(),
                s.fractions());
        md.append('\n');
        md.append(halfLoadCheck("10 rooms x 1", r.bridgeRooms(), r.passRooms(), s))
                .append(halfLoadCheck("1 room x 10", r.bridgeRoom(), r.passRoom(), s))
                .append(halfLoadCheck("XMPP->MIMI->XMPP, 10 rooms x 1", r.throughMimi(), r.passMimi(), s))
                .append('\n');

        md.append("### Matrix->XMPP transaction acknowledgements\n\nTarget: p99 < 20 ms with 50 events. At most ")
                .append(s.pushConnections()).append(" transactions in flight.\n\n");
        md.append("| Flow | Load | msg/s | transactions | ack p50 ms | ack p99 ms | ack max ms | failed |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Sweep.Result sweep : List.of(r.fromMatrix1(), r.fromMatrix50())) {
            List<Window> all = new ArrayList<>(sweep.points());
            if (!sweep.confirms().isEmpty()) {
                all.add(sweep.confirms().get(sweep.confirms().size() - 1));
            }
            boolean probes = all.isEmpty();
            if (probes) {
                // No rate held: the probes' acknowledgements are all there is.
                all.addAll(sweep.probes());
            }
            for (Window w : all) {
                Window.Acks a = w.acks();
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %s | %s | %s | %d |%n", sweep.flow(),
                        probes ? "probe" : load(w, sweep.max()), plain(w.offered()), a.count(), ms(a.p50()),
                        ms(a.p99()), ms(a.max()), a.failed()));
            }
        }
        md.append('\n');

        md.append("![p99 latency against offered rate](").append(image).append(")\n\n");
        md.append("<details><summary>Every window of the search</summary>\n\n");
        for (Sweep.Result sweep : r.sweeps()) {
            md.append("- ").append(sweep.flow()).append(": ").append(sweep.probes().stream()
                    .map(w -> plain(w.offered()) + (w.sustained(s.p99LimitNanos()) ? " ok" : " no ("
                            + why(w, s) + ")")).collect(Collectors.joining(", ")));
            md.append("; confirmed: ").append(sweep.confirms().stream()
                    .map(w -> plain(w.offered()) + (w.sustained(s.p99LimitNanos()) ? " ok" : " no (" + why(w, s)
                            + ")")).collect(Collectors.joining(", "))).append('\n');
        }
        md.append("\n</details>\n");
        if (!r.unknownRoutes().isEmpty()) {
            md.append("\nCalls the stub answered with `{}` (not modelled): ").append(r.unknownRoutes().entrySet()
                    .stream().map(e -> "`" + e.getKey() + "` x" + e.getValue()).collect(Collectors.joining(", ")))
                    .append(".\n");
        }
        return md.append('\n').toString();
    }

    private static void rateRow(StringBuilder md, Sweep.Result sweep, Sweep.Result c2c, Sweep.Result muc,
            String target) {
        String windows = sweep.confirms().stream().filter(w -> w.offered() == sweep.max())
                .map(w -> ms(w.outcome().p99()) + "; " + ms(w.maxLagNanos())).collect(Collectors.joining(" / "));
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", sweep.flow(),
                sweep.max() <= 0 ? "< " + plain(sweep.probes().get(0).offered())
                        : plain(sweep.max()) + (sweep.confirmed() ? "" : " (not held)"),
                ratio(sweep.max(), c2c.max()), muc == null ? "" : ratio(sweep.max(), muc.max()), target,
                windows.isEmpty() ? "none held" : windows));
    }

    private static void points(StringBuilder md, String flow, List<Window> points, List<Double> fractions) {
        for (int i = 0; i < points.size(); i++) {
            Window w = points.get(i);
            Receipts.Outcome o = w.outcome();
            String fraction = i < fractions.size() ? Math.round(fractions.get(i) * 100) + " %" : "";
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d | %d | %s | %s |%n", flow,
                    fraction, plain(w.offered()), ms(o.p50()), ms(o.p99()), ms(o.p999()), o.lost(), o.duplicates(),
                    w.usage().stream().map(u -> u.process() + " " + Math.round(u.cpuPercent()))
                            .collect(Collectors.joining(", ")),
                    w.usage().stream().map(u -> u.process() + " " + Math.round(u.rss() / MIB))
                            .collect(Collectors.joining(", "))));
        }
    }

    /** The target "latency at half the sustained rate: p99 <= pass-through p99 + 5 ms", checked. */
    private static String halfLoadCheck(String shape, Sweep.Result gateway, List<Window> pass, FlowSettings s) {
        int half = s.fractions().indexOf(0.5);
        if (half < 0 || gateway.points().size() <= half || pass.size() <= half) {
            return "- " + shape + ": no window at 50 % to compare.\n";
        }
        long g = gateway.points().get(half).outcome().p99();
        long p = pass.get(half).outcome().p99();
        return String.format(Locale.ROOT, "- %s at 50 %% (%s msg/s): gateway p99 %s ms, pass-through p99 %s ms,"
                + " difference %s ms (target <= 5 ms): %s.%n", shape, plain(gateway.points().get(half).offered()),
                ms(g), ms(p), ms(g - p), g - p <= 5_000_000L ? "met" : "not met");
    }

    private static String why(Window w, FlowSettings s) {
        Receipts.Outcome o = w.outcome();
        List<String> reasons = new ArrayList<>();
        if (o.lost() != 0) {
            reasons.add(o.lost() + " lost");
        }
        if (o.duplicates() != 0) {
            reasons.add(o.duplicates() + " dup");
        }
        if (o.malformed() != 0) {
            reasons.add(o.malformed() + " unreadable");
        }
        if (o.p99() > s.p99LimitNanos()) {
            reasons.add("p99 " + ms(o.p99()) + " ms");
        }
        if (w.acks() != null && w.acks().failed() > 0) {
            reasons.add(w.acks().failed() + " transactions failed");
        }
        return String.join(", ", reasons);
    }

    private static String load(Window w, double max) {
        return max > 0 ? Math.round(100 * w.offered() / max) + " %" : "";
    }

    private static String ratio(double value, double baseline) {
        return baseline > 0 ? String.format(Locale.ROOT, "%.2f", value / baseline) : "n/a";
    }

    static String ms(long nanos) {
        double v = nanos / 1e6;
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String settings(FlowSettings s) {
        return String.format(Locale.ROOT, "probe %s s, window %s s x %d, points %s s at %s, p99 limit %d ms",
                plain(s.probeSeconds()), plain(s.windowSeconds()), s.confirmations(), plain(s.pointSeconds()),
                s.fractions(), s.p99LimitMillis());
    }
}
