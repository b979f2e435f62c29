package dev.passerelle.bench.flow;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The bounded search for a flow's maximum sustained rate: short probes doubling from a start rate until one fails
 * (or halving until one holds, if the start rate is already too much), a few bisections between the last good and
 * the first bad rate, then full windows at the rate found, each of which must hold (nothing lost, nothing
 * duplicated, p99 within the limit); if one does not, the rate steps down by 15 % and is confirmed again (twice at
 * most; a rate still not held is reported as such). Then latency windows at fractions of it.
 */
final class Sweep {

    /**
     * The search's outcome: the rate found (0 if even the start rate failed), whether its full windows all held
     * (if not, {@code max} is the last rate tried, two steps of 15 % below the probes' rate), and every window.
     */
    record Result(String flow, double max, boolean confirmed, List<Window> probes, List<Window> confirms,
            List<Window> points) {

        /** The windows at fractions of the rate found, or empty. */
        Window point(double fraction) {
            for (Window w : points) {
                if (Math.abs(w.offered() - fraction * max) < 1e-6 * Math.max(1, max)) {
                    return w;
                }
            }
            return null;
        }
    }

    private final FlowSettings settings;
    private final IntSupplier probeIds;
    private final PrintStream log;

    Sweep(FlowSettings settings, IntSupplier probeIds, PrintStream log) {
        this.settings = settings;
        this.probeIds = probeIds;
        this.log = log;
    }

    Result run(Flow flow) {
        List<Window> probes = new ArrayList<>();
        double good = 0;
        double bad = Double.NaN;
        for (double rate = settings.startRate(); rate <= settings.maxRate(); rate *= 2) {
            Window w = probe(flow, rate, "probe", probes);
            if (!ok(w)) {
                bad = rate;
                break;
            }
            good = rate;
        }
        // The start rate already too much: halve until a probe holds (four times at most).
        for (int i = 0; i < 4 && good == 0 && !Double.isNaN(bad); i++) {
            double lower = Math.max(1, Math.round(bad / 2));
            Window w = probe(flow, lower, "halve", probes);
            if (ok(w)) {
                good = lower;
            } else {
                bad = lower;
            }
        }
        if (!Double.isNaN(bad)) {
            for (int i = 0; i < settings.bisectSteps() && good > 0; i++) {
                double mid = Math.round((good + bad) / 2);
                Window w = probe(flow, mid, "bisect", probes);
                if (ok(w)) {
                    good = mid;
                } else {
                    bad = mid;
                }
            }
        }
        List<Window> confirms = new ArrayList<>();
        double max = good;
        boolean confirmed = false;
        for (int attempt = 0; attempt < 3 && max > 0 && !confirmed; attempt++) {
            if (attempt > 0) {
                max = Math.round(max * 0.85);
            }
            confirmed = true;
            for (int i = 0; i < settings.confirmations() && confirmed; i++) {
                Window w = window(flow, max, settings.windowSeconds(), "confirm");
                confirms.add(w);
                confirmed = ok(w);
            }
        }
        List<Window> points = new ArrayList<>();
        if (max > 0) {
            points.addAll(at(flow, max, settings.fractions()));
        }
        return new Result(flow.name(), max, confirmed, probes, confirms, points);
    }

    /** Latency windows at {@code fractions} of {@code rate} (for the pass-through: at the gateway's rates). */
    List<Window> at(Flow flow, double rate, List<Double> fractions) {
        List<Window> points = new ArrayList<>();
        for (double f : fractions) {
            points.add(window(flow, f * rate, settings.pointSeconds(), Math.round(f * 100) + "%"));
        }
        return points;
    }

    /**
     * A short probe window at {@code rate}, added to {@code probes}. One that lost nothing but missed the latency
     * limit is measured once more: a single collector pause of the gateway's (up to about 100 ms) fails a 3 s window
     * on its own and would end the search below the rate the confirmation windows then hold with room to spare.
     */
    private Window probe(Flow flow, double rate, String what, List<Window> probes) {
        Window w = window(flow, rate, settings.probeSeconds(), what);
        probes.add(w);
        if (!ok(w) && w.outcome().lost() == 0 && w.outcome().duplicates() == 0) {
            w = window(flow, rate, settings.probeSeconds(), what + " again");
            probes.add(w);
        }
        return w;
    }

    private boolean ok(Window w) {
        return w.sustained(settings.p99LimitNanos());
    }

    private Window window(Flow flow, double rate, double seconds, String what) {
        Window w = flow.measure(probeIds.getAsInt(), rate, seconds);
        Receipts.Outcome o = w.outcome();
        log.println(String.format(Locale.ROOT,
                "flow bench: %-28s %-8s %8.0f/s %4.1fs: sent %d received %d dup %d stale %d p50 %.1f p99 %.1f"
                        + " p99.9 %.1f ms, lag %.1f ms%s -> %s",
                flow.name(), what, rate, seconds, o.sent(), o.received(), o.duplicates(), o.stale(), o.p50() / 1e6,
                o.p99() / 1e6, o.p999() / 1e6, w.maxLagNanos() / 1e6,
                w.acks() == null ? "" : String.format(Locale.ROOT, ", ack p99 %.1f ms", w.acks().p99() / 1e6),
                ok(w) ? "ok" : "NOT sustained"));
        return w;
    }
}
