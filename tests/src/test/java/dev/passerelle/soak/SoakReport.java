package dev.passerelle.soak;

import dev.passerelle.bench.BenchReport;
import dev.passerelle.e2e.Side;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Writes what a soak measured: the samples as a CSV ({@code soak.csv}), the plot ({@code soak.png}) and the report,
 * a section of BENCHMARKS.md ({@value #HEADING}...) that {@link BenchReport} keeps apart from the benchmarks'
 * sections. The verdict: no message lost, and neither instance's heap after major collections nor RSS growing after
 * the warm-up by more than the limits of {@link SoakSettings}. Messages that arrived in another form are reported, not judged.
 */
final class SoakReport {

    static final String HEADING = "## Soak";
    private static final double MIB = 1024.0 * 1024.0;

    /** The outcome: whether the soak passed, and one line saying why. */
    record Verdict(boolean passed, String summary) {
    }

    /**
     * One memory series after the warm-up: judged against {@code limit} bytes/h, or only shown when the limit is 0;
     * {@code trend} is null when the series had too few points to fit a line (which does not pass).
     */
    private record Judged(String instance, String measure, Growth.Trend trend, long limit) {
        boolean flat() {
            return limit == 0 || (trend != null && trend.flat(limit));
        }

        String verdict() {
            if (limit == 0) {
                return "shown, not judged";
            }
            if (trend == null) {
                return "too few major collections after the warm-up to judge";
            }
            return flat() ? "no growth" : "grows";
        }
    }

    private SoakReport() {
    }

    static Verdict write(Soak.Result r) throws IOException {
        SoakSettings s = r.settings();
        Files.createDirectories(s.outDir());
        Path csv = s.outDir().resolve("soak.csv");
        Path png = s.outDir().resolve("soak.png");
        StringBuilder lines = new StringBuilder(Sample.CSV_HEADER).append('\n');
        for (Sample x : r.samples()) {
            lines.append(x.csv()).append('\n');
        }
        Files.writeString(csv, lines);

        double warm = s.warmUp().toMillis() / 1000.0;
        // Six samples a window: one minute at the 10 s of a real soak.
        double window = s.sampleEvery().toMillis() / 1000.0 * 6;
        List<Judged> judged = List.of(
                afterMajorGc("A", r, Sample::liveA, warm),
                judge("A", "heap floor", r, Sample::heapA, warm, window, 0),
                judge("A", "RSS", r, Sample::rssA, warm, 0, SoakSettings.RSS_LIMIT_PER_HOUR),
                afterMajorGc("B", r, Sample::liveB, warm),
                judge("B", "heap floor", r, Sample::heapB, warm, window, 0),
                judge("B", "RSS", r, Sample::rssB, warm, 0, SoakSettings.RSS_LIMIT_PER_HOUR));
        SoakPlot.write(png, "Passerelle soak: heap used and RSS of instances A and B (" + plain(s.rate())
                + " messages/s, " + minutes(r.trafficSeconds()) + " min)", r.samples(), warm, List.of(
                new SoakPlot.Series("A heap used", new Color(0x1f77b4), Sample::heapA, judged.get(1).trend()),
                new SoakPlot.Series("A RSS", new Color(0xd62728), Sample::rssA, judged.get(2).trend()),
                new SoakPlot.Series("B heap used", new Color(0x2ca02c), Sample::heapB, judged.get(4).trend()),
                new SoakPlot.Series("B RSS", new Color(0xff7f0e), Sample::rssB, judged.get(5).trend())));

        Ledger.Count total = r.ledger().total();
        boolean flat = judged.stream().allMatch(Judged::flat);
        boolean passed = total.lost() == 0 && flat;
        String summary = String.format(Locale.ROOT, "soak %s: %,d messages sent, %,d deliveries expected, %,d arrived "
                        + "in their own form, %,d in another form, %,d lost; memory %s after the warm-up",
                passed ? "passed" : "FAILED", total.sent() / 2, total.sent(), total.arrived(), total.otherForm(),
                total.lost(), flat ? "flat" : "GROWS");
        BenchReport.replaceSection(s.benchmarks(), HEADING, section(r, judged, csv, png, passed, summary));
        return new Verdict(passed, summary);
    }

    // The heap judged: what a major collection leaves. The floor of heap used still holds the garbage promoted to
    // the old generation since the last major collection, which rises between them however flat the live data is.
    private static Judged afterMajorGc(String instance, Soak.Result r, ToLongFunction<Sample> value, double warm) {
        Growth.Trend trend;
        try {
            trend = Growth.steps(r.samples(), value, warm);
        } catch (IllegalArgumentException tooFew) {
            trend = null;
        }
        return new Judged(instance, "heap after major GC", trend, SoakSettings.HEAP_LIMIT_PER_HOUR);
    }

    private static Judged judge(String instance, String measure, Soak.Result r, ToLongFunction<Sample> value,
            double warm, double window, long limit) {
        Growth.Trend trend = window > 0 ? Growth.floor(r.samples(), value, warm, window)
                : Growth.fit(r.samples(), value, warm);
        return new Judged(instance, measure, trend, limit);
    }

    private static String section(Soak.Result r, List<Judged> judged, Path csv, Path png, boolean passed,
            String summary) {
        SoakSettings s = r.settings();
        Path base = s.benchmarks().toAbsolutePath().getParent();
        StringBuilder md = new StringBuilder();
        md.append(HEADING).append(": ").append(minutes(r.trafficSeconds()))
                .append(" minutes of mixed traffic through XMPP, Matrix and MIMI\n\n");
        md.append("Measured ").append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                        .format(r.started().atOffset(ZoneOffset.UTC)))
                .append(" on ").append(dev.passerelle.bench.BenchMachine.hardware()).append(", commit ").append(r.commit()).append(".\n");
        md.append("Command: `").append(s.command()).append("`. The machine is shared: other builds and tests ran ")
                .append("during the soak (load average ").append(r.loadBefore()).append(" at the start, ")
                .append(r.loadAfter()).append(" at the end, on 1, 5 and 15 minutes).\n\n");
        md.append("Set-up: the end-to-end topology (`tests/.../e2e/Topology`): instance A (XMPP on ")
                .append(r.xmppServer()).append(", a Matrix homeserver, the MIMI provider hosting the room) and ")
                .append("instance B (the other MIMI provider, its own Matrix homeserver), each the distribution jar ")
                .append("in its own JVM started by `deploy/bin/passerelle` with its defaults (serial GC, two glibc ")
                .append("arenas, the C heap trimmed every 30 s) but a 256 MiB max heap and `")
                .append(Soak.JAVA_OPTS).append("` (so that what a major collection leaves is the live data, not up ")
                .append("to 5% of the old generation left in place as dead objects), H2 store, `store.cache-size` ")
                .append(Soak.CACHE_SIZE)
                .append(" so the caches fill during the warm-up). Traffic: ").append(plain(s.rate()))
                .append(" messages/s in total after the warm-up, ").append(plain(s.warmUpRate()))
                .append(" during it, a third from each network's user (a MUC member on XMPP, a Matrix ")
                .append("user of A, a Matrix user of B behind MIMI), each going round a cycle of 20: 10 texts, ")
                .append("3 replies, 3 edits, 3 reactions and 1 attachment (a 24x24 PNG); edits, replies and ")
                .append("reactions refer to the sender's own texts that have already arrived everywhere. Heap used ")
                .append("(`jvm_memory_used_bytes{area=\"heap\"}` from `/metrics`) and RSS (`VmRSS`) of both ")
                .append("instances every ").append(s.sampleEvery().toSeconds()).append(" s; the first ")
                .append(minutes(s.warmUp().toMillis() / 1000.0)).append(" minutes are warm-up, at ")
                .append(plain(s.warmUpRate() / s.rate())).append(" times the rate: the JIT compiles a method ")
                .append("with C2 after about 5,000 calls, which at ").append(plain(s.rate()))
                .append(" messages/s takes ").append(minutes(5000 / s.rate()))
                .append(" minutes for a method called once a message and far longer for one called for a kind of ")
                .append("message only; every compilation adds to the code cache, so to RSS, and the warm-up ")
                .append("compiles the code of the steady traffic before the part of the run that is judged.\n\n");

        md.append(String.format(Locale.ROOT, "Traffic lasted %.0f s (%,d messages sent, %.1f/s); the last arrival "
                        + "was seen %.1f s after it stopped (arrivals are read every second).%n%n", r.trafficSeconds(), r.ledger().total().sent() / 2,
                r.ledger().total().sent() / 2 / r.trafficSeconds(), r.drainSeconds()));
        md.append("Each message is expected on the two other networks. Arrived: in its own form (an edit as an edit, ")
                .append("a reply as a reply, a reaction as a reaction to the right message, an attachment with its ")
                .append("file); ")
                .append("in another form: it turned up, but not whole (an attachment as its caption alone); lost: ")
                .append("it never turned up.\n\n");
        md.append("| direction |").append(COLUMNS);
        for (Side from : Side.values()) {
            for (Side to : Side.values()) {
                if (from != to) {
                    row(md, from.to(to), r.ledger().direction(from, to));
                }
            }
        }
        row(md, "**all six**", r.ledger().total());
        md.append("\n| kind |").append(COLUMNS);
        for (Kind k : Kind.values()) {
            row(md, k.id(), r.ledger().kind(k));
        }
        md.append("\nAttachments alone:\n\n| direction |").append(COLUMNS);
        for (Side from : Side.values()) {
            for (Side to : Side.values()) {
                if (from != to) {
                    row(md, from.to(to), r.ledger().direction(from, to, Kind.ATTACHMENT));
                }
            }
        }
        md.append("\nMemory after the warm-up (the heap judged by what each major collection left, ")
                .append("`jvm_gc_live_data_size_bytes`, fitted through its values after the warm-up; the heap floor, ")
                .append("the lowest of each six samples of heap used, is shown but not judged, since it still holds ")
                .append("the garbage promoted since the last major collection; values at the warm-up's end and at ")
                .append("the end are read from the fitted line):\n\n");
        md.append("| instance | measure | at warm-up end | at end | growth | limit | verdict |\n"
                + "| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Judged j : judged) {
            String limit = j.limit() == 0 ? "-" : String.format(Locale.ROOT, "%.0f MiB/h", j.limit() / MIB);
            if (j.trend() == null) {
                md.append(String.format(Locale.ROOT, "| %s | %s | - | - | - | %s | %s |%n", j.instance(),
                        j.measure(), limit, j.verdict()));
            } else {
                md.append(String.format(Locale.ROOT, "| %s | %s | %.1f MiB | %.1f MiB | %+.1f MiB/h | %s | %s |%n",
                        j.instance(), j.measure(), j.trend().atWarmUpEnd() / MIB, j.trend().atEnd() / MIB,
                        j.trend().bytesPerHour() / MIB, limit, j.verdict()));
            }
        }
        md.append("\n**").append(passed ? "Passed" : "Failed").append("**: ").append(summary).append(".\n\n");
        md.append("![heap and RSS of both instances over the soak](").append(relative(base, png)).append(")\n\n");
        md.append("Samples: [").append(relative(base, csv)).append("](").append(relative(base, csv)).append(").");
        List<String> missing = new ArrayList<>();
        for (Side to : Side.values()) {
            for (String m : r.ledger().missing(to, Integer.MAX_VALUE)) {
                if (!m.contains("another form") && missing.size() < 15) {
                    missing.add(m + " on " + to.id());
                }
            }
        }
        if (!missing.isEmpty()) {
            md.append(" Lost (first ones): ").append(String.join(", ", missing)).append('.');
        }
        return md.append("\n").toString();
    }

    private static final String COLUMNS = " sent | arrived | in another form | lost |\n"
            + "| --- | ---: | ---: | ---: | ---: |\n";

    private static void row(StringBuilder md, String name, Ledger.Count c) {
        md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d |%n", name, c.sent(), c.arrived(),
                c.otherForm(), c.lost()));
    }

    private static String relative(Path base, Path file) {
        return base.relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    private static String minutes(double seconds) {
        return plain(Math.round(seconds / 6.0) / 10.0);
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * The checked-out commit, short, and "with uncommitted changes" when the tree differs from it, the soak's own
     * outputs (docs/soak/ and BENCHMARKS.md, which an earlier soak may have rewritten) left out.
     */
    static String commit(Path dir) {
        return dev.passerelle.bench.BenchMachine.commitInMarkdown(dir);
    }
}
