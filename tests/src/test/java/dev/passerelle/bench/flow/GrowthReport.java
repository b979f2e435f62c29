package dev.passerelle.bench.flow;

import dev.passerelle.bench.flow.LargeRooms.Absorbed;
import dev.passerelle.bench.flow.LargeRooms.Direction;
import dev.passerelle.bench.flow.LargeRooms.Room;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The "Large rooms" section of BENCHMARKS.md: one table per kind of room, a row per figure, the small room's value
 * beside the large room's and their ratio (large / small).
 */
final class GrowthReport {

    private GrowthReport() {
    }

    static String render(LargeRooms.Results r, GrowthSettings s, RunInfo before, RunInfo after) {
        StringBuilder out = new StringBuilder(LargeRooms.HEADING).append("\n\n");
        out.append(String.format(Locale.ROOT, "Measured %s on %s, commit %s, load average %s at the start and %s at "
                + "the end (the machine may be shared).%n", LocalDate.ofInstant(after.at(), ZoneOffset.UTC),
                after.machine(), after.commit(), before.loadAverage(), after.loadAverage()));
        out.append(String.format(Locale.ROOT, "Command: `scripts/bench` (`mvn -B -Pbench -DskipTests -pl tests -am "
                + "verify`; this section is `dev.passerelle.bench.GrowthBench`), here with `-Dbench.growth.members=%d "
                + "-Dbench.growth.occupants=%d -Dbench.growth.baseline=%d -Dbench.growth.senders=%d "
                + "-Dbench.growth.joinBatch=%d -Dbench.growth.rate=%s -Dbench.growth.seconds=%s "
                + "-Dbench.growth.warmUpSeconds=%s -Dbench.growth.search=%s`.%n%n", s.members(), s.occupants(),
                s.baseline(), s.senders(), s.joinBatch(), number(s.rate()), number(s.seconds()),
                number(s.warmUpSeconds()), s.search()));
        out.append("The gateway is `deploy/target/passerelle.jar` run by `deploy/bin/passerelle` with the launcher's "
                + "defaults, configured from `deploy/examples/passerelle/passerelle.yaml` (H2 store, no MIMI) with its "
                + "per-user rate limit raised to " + String.format(Locale.ROOT, "%,d", LargeRooms.RATE_LIMIT)
                + "/s (the benchmark's few senders would otherwise measure the limit); its xmpp connector is a "
                + "component of the ejabberd 23.01 test server (`deploy/examples/xmpp/ejabberd`, MUC `max_users` "
                + "10,000) under a domain of the run's own, its matrix connector the appservice of a stub "
                + "homeserver in the benchmark's JVM, all on "
                + "loopback. Member joins are `m.room.member` events with a display name, pushed to the appservice "
                + "as the homeserver does: one transaction of " + s.joinBatch() + " after the other; each becomes "
                + "two events (the membership and the profile it carries), and the joins are delivered once the "
                + "gateway has confirmed a delivery to XMPP for each. Heap: `jvm_memory_used_bytes{area=\"heap\"}` "
                + "after a full GC (`jcmd PID GC.run`); RSS: `VmRSS`. Messages: " + s.senders() + " XMPP clients "
                + "in the room write to it (XMPP->Matrix, received by the stub's `PUT /send`), and " + s.senders()
                + " Matrix users write into the Matrix room one event a transaction (Matrix->XMPP, received by the "
                + "first of those clients); latency from the scheduled send to the receipt. CPU in % of one core "
                + "over the window. Each gateway is warmed up first, " + number(s.warmUpSeconds()) + " s at "
                + number(2 * s.startRate()) + "/s each way in the small room, not reported."
                + (s.search() ? " Maximum sustained: the flow benchmarks' search, shortened "
                + "(2 s probes doubling from " + number(s.startRate()) + "/s, two bisections, one 5 s window to "
                + "confirm; sustained = nothing lost, p99 within " + s.p99LimitMillis() + " ms)." : "") + "\n\n");

        Room smallHosted = r.hosted().get(0);
        Room largeHosted = r.hosted().get(1);
        out.append("### A Matrix room hosted as a portal on the component\n\n");
        out.append(String.format(Locale.ROOT, "The same gateway, a small room of %,d members first, then a room of "
                + "%,d; %d XMPP occupants in each while the members join.%n%n", smallHosted.size(),
                largeHosted.size(), s.senders()));
        table(out, smallHosted, largeHosted, "members", r.serverMeasured());
        for (LargeRooms.Joined j : largeHosted.joins()) {
            if (!j.complete()) {
                out.append(String.format(Locale.ROOT, "%nThe late client's join into the room of %,d members never "
                        + "completed: the room sent the presences of %,d other occupants and then nothing, neither "
                        + "the rest nor the client's own presence, for 15 s.%n", j.members(), j.presences()));
            }
        }
        out.append("\n### A plumbed MUC on ejabberd\n\n");
        Room smallMuc = r.plumbed().get(0);
        Room largeMuc = r.plumbed().get(1);
        out.append(String.format(Locale.ROOT, "Another gateway; each Matrix member's join seats its ghost in the "
                + "MUC (an occupant on the gateway's component, to which ejabberd then sends every message and "
                + "presence of the room). A MUC with %,d ghosts first, then one with %,d; %d XMPP clients in "
                + "each besides the gateway's listener. The rooms archive (the example config's `mam: true`). "
                + "Matrix->XMPP into one MUC: the router sends a room's deliveries in order, up to 32 in flight "
                + "(the XMPP connector's send window), and a send to a plumbed room completes with the room's "
                + "reflection of it.%n%n", smallMuc.size(), largeMuc.size(), s.senders()));
        table(out, smallMuc, largeMuc, "ghosts", r.serverMeasured());
        out.append("\n").append(findings(smallHosted, largeHosted, smallMuc, largeMuc));
        if (!r.unknownRoutes().isEmpty()) {
            out.append("\nStub routes the gateway called that the stub does not model: ").append(r.unknownRoutes())
                    .append(".\n");
        }
        return out.toString();
    }

    private static void table(StringBuilder out, Room small, Room large, String unit, boolean server) {
        out.append(String.format(Locale.ROOT, "| figure | %,d %s | %,d %s | ratio |%n| --- | ---: | ---: | ---: |%n",
                small.size(), unit, large.size(), unit));
        row(out, "joins: transactions acknowledged in", small, large, a -> a.absorbed().ackSeconds(), "%.2f s");
        row(out, "joins: delivered to XMPP in", small, large, a -> a.absorbed().seconds(), "%.2f s");
        row(out, "joins delivered a second", small, large, a -> a.size() / a.absorbed().seconds(), "%,.0f");
        row(out, "joins: gateway CPU", small, large, a -> a.absorbed().gatewayCpu(), "%.2f s");
        if (server) {
            row(out, "joins: ejabberd CPU", small, large, a -> a.absorbed().serverCpu(), "%.2f s");
        }
        out.append(String.format(Locale.ROOT, "| joins: deliveries confirmed / events relayed (retried, dead) "
                + "| %s | %s | |%n", counts(small.absorbed()), counts(large.absorbed())));
        row(out, "heap live before the joins", small, large, a -> a.before().heapLive() / MIB, "%.1f MiB");
        row(out, "heap live after the joins", small, large, a -> a.after().heapLive() / MIB, "%.1f MiB");
        row(out, "RSS before the joins", small, large, a -> a.before().rss() / MIB, "%.0f MiB");
        row(out, "RSS after the joins", small, large, a -> a.after().rss() / MIB, "%.0f MiB");
        for (int i = 0; i < Math.min(small.joins().size(), large.joins().size()); i++) {
            LargeRooms.Joined js = small.joins().get(i);
            LargeRooms.Joined jl = large.joins().get(i);
            String when = i == 0 ? "with 90 % of the members in" : "with every member in";
            out.append(String.format(Locale.ROOT, "| a late XMPP client's join %s (%,d and %,d): presences of "
                    + "others received | %,d | %,d | %s |%n", when, js.members(), jl.members(), js.presences(),
                    jl.presences(), ratio(js.presences(), jl.presences())));
            out.append(String.format(Locale.ROOT, "| a late XMPP client's join %s: time to its own presence "
                    + "| %s | %s | %s |%n", when, joinTime(js), joinTime(jl),
                    js.complete() && jl.complete() ? ratio(js.seconds(), jl.seconds()) : ""));
        }
        for (String dir : List.of("XMPP->Matrix", "Matrix->XMPP")) {
            Direction ds = small.direction(dir);
            Direction dl = large.direction(dir);
            String at = String.format(Locale.ROOT, "%s at %s/s", dir, number(ds.fixed().offered()));
            out.append(String.format(Locale.ROOT, "| %s: received / sent | %,d / %,d | %,d / %,d | |%n", at,
                    ds.fixed().outcome().received(), ds.fixed().outcome().sent(), dl.fixed().outcome().received(),
                    dl.fixed().outcome().sent()));
            row(out, at + ": p50", ds, dl, d -> d.fixed().outcome().p50() / 1e6, "%.1f ms");
            row(out, at + ": p99", ds, dl, d -> d.fixed().outcome().p99() / 1e6, "%.1f ms");
            row(out, at + ": gateway CPU", ds, dl, d -> cpu(d.fixed(), "gateway"), "%.0f %%");
            if (server) {
                row(out, at + ": ejabberd CPU", ds, dl, d -> cpu(d.fixed(), "ejabberd"), "%.0f %%");
            }
            row(out, at + ": gateway RSS", ds, dl, d -> rss(d.fixed(), "gateway") / MIB, "%.0f MiB");
            if (ds.search() != null && dl.search() != null) {
                out.append(String.format(Locale.ROOT, "| %s: maximum sustained | %s | %s | %s |%n", dir,
                        max(ds.search()), max(dl.search()), ds.search().max() > 0
                                ? String.format(Locale.ROOT, "%.2f", dl.search().max() / ds.search().max()) : ""));
                row(out, dir + " at the maximum: p99", ds, dl, d -> busiest(d).outcome().p99() / 1e6, "%.1f ms");
                row(out, dir + " at the maximum: gateway CPU", ds, dl, d -> cpu(busiest(d), "gateway"), "%.0f %%");
                if (server) {
                    row(out, dir + " at the maximum: ejabberd CPU", ds, dl, d -> cpu(busiest(d), "ejabberd"),
                            "%.0f %%");
                }
            }
        }
    }

    private static final double MIB = 1024.0 * 1024.0;

    private static <T> void row(StringBuilder out, String name, T small, T large, Function<T, Double> value,
            String format) {
        double a = value.apply(small);
        double b = value.apply(large);
        out.append(String.format(Locale.ROOT, "| %s | " + format + " | " + format + " | %s |%n", name, a, b,
                ratio(a, b)));
    }

    private static String ratio(double small, double large) {
        return small > 0 ? String.format(Locale.ROOT, "%.2f", large / small) : "";
    }

    private static String joinTime(LargeRooms.Joined j) {
        return j.complete() ? String.format(Locale.ROOT, "%.1f ms", j.seconds() * 1000)
                : "**never** (nothing more for 15 s)";
    }

    private static String counts(Absorbed a) {
        return String.format(Locale.ROOT, "%,d / %,d (%d, %d)", a.delivered(), a.events(), a.retried(), a.dead());
    }

    private static String max(Sweep.Result r) {
        if (r.max() == 0) {
            return "none held";
        }
        return number(r.max()) + "/s" + (r.confirmed() ? "" : " (not held)");
    }

    /** The window at the highest rate held: the search's last confirmation, else the fixed-rate window. */
    static Window busiest(Direction d) {
        if (d.search() == null || d.search().confirms().isEmpty()) {
            return d.fixed();
        }
        return d.search().confirms().get(d.search().confirms().size() - 1);
    }

    private static double cpu(Window w, String process) {
        return w.usage().stream().filter(u -> u.process().equals(process)).mapToDouble(Window.Usage::cpuPercent)
                .findFirst().orElse(0);
    }

    private static double rss(Window w, String process) {
        return w.usage().stream().filter(u -> u.process().equals(process)).mapToLong(Window.Usage::rss)
                .findFirst().orElse(0);
    }

    /** Per member, per ghost and per message: what the tables come to, large room against small. */
    private static String findings(Room smallHosted, Room largeHosted, Room smallMuc, Room largeMuc) {
        StringBuilder f = new StringBuilder("Per unit, from the tables: ");
        f.append(String.format(Locale.ROOT, "a portal member costs the gateway %.2f ms of CPU to take in (%.2f in "
                + "the small room) and %s of live heap; ", perMember(largeHosted), perMember(smallHosted),
                bytes(heapPerMember(largeHosted))));
        f.append(String.format(Locale.ROOT, "a ghost seated in a MUC costs %.2f ms of gateway CPU (%.2f in the small "
                + "MUC) and %.2f ms of ejabberd CPU, and %s of live heap. ", perMember(largeMuc),
                perMember(smallMuc), largeMuc.absorbed().serverCpu() * 1000 / largeMuc.size(),
                bytes(heapPerMember(largeMuc))));
        f.append("Gateway CPU per message received at the highest rate held (the search's confirming window, "
                + "else the fixed rate), small room then large: ");
        List<String> parts = new java.util.ArrayList<>();
        for (Room[] pair : new Room[][] {{smallHosted, largeHosted}, {smallMuc, largeMuc}}) {
            for (String dir : List.of("XMPP->Matrix", "Matrix->XMPP")) {
                parts.add(String.format(Locale.ROOT, "%s %s %.2f and %.2f ms", pair[0].kind(), dir,
                        perMessage(busiest(pair[0].direction(dir))), perMessage(busiest(pair[1].direction(dir)))));
            }
        }
        f.append(String.join("; ", parts)).append(".\n");
        return f.toString();
    }

    private static double perMember(Room r) {
        return r.absorbed().gatewayCpu() * 1000 / r.size();
    }

    private static double heapPerMember(Room r) {
        return (double) (r.after().heapLive() - r.before().heapLive()) / r.size();
    }

    private static double perMessage(Window w) {
        long received = w.outcome().received();
        return received == 0 ? 0 : cpu(w, "gateway") / 100 * w.seconds() * 1000 / received;
    }

    /** A per-member heap figure; none when the live heap did not grow (the GC's noise is larger than the room). */
    private static String bytes(double b) {
        if (b <= 0) {
            return "no live heap measurable beyond the noise";
        }
        return b >= 1024 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024)
                : String.format(Locale.ROOT, "%.0f bytes", b);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%s", d);
    }
}
