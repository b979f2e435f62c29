package dev.passerelle.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Whether a memory series grows after the warm-up: a least-squares line through the samples taken after it, its
 * slope per hour compared with a threshold. The heap is judged by its floor, the lowest sample of each window: a heap
 * sample at a random moment holds the garbage made since the last collection, which the next one frees, and that
 * saw-tooth would hide or fake a trend; the floor is what survives collections. RSS is smooth and is fitted as it is.
 */
final class Growth {

    /** A fitted series: its value at the warm-up's end and at the end (from the line), and the slope. */
    record Trend(double atWarmUpEnd, double atEnd, double bytesPerHour, List<double[]> points) {
        /** Whether the series grows by no more than {@code limitBytesPerHour}. */
        boolean flat(double limitBytesPerHour) {
            return bytesPerHour <= limitBytesPerHour;
        }
    }

    private Growth() {
    }

    /** The line through every sample after {@code fromSeconds}. */
    static Trend fit(List<Sample> samples, ToLongFunction<Sample> value, double fromSeconds) {
        List<double[]> points = new ArrayList<>();
        for (Sample s : samples) {
            if (s.seconds() >= fromSeconds) {
                points.add(new double[] {s.seconds(), value.applyAsLong(s)});
            }
        }
        return line(points, fromSeconds, samples);
    }

    /**
     * The line through a step series from its first step after {@code fromSeconds}, such as the heap left by the
     * last major collection, which a gauge reports (0 before the first) until the next one: the value shown at the
     * warm-up's end may still be a collection's from early in the warm-up. At least two steps must fall after
     * {@code fromSeconds}: fewer say nothing about growth.
     */
    static Trend steps(List<Sample> samples, ToLongFunction<Sample> value, double fromSeconds) {
        List<double[]> points = new ArrayList<>();
        int steps = 0;
        long last = 0;
        for (Sample s : samples) {
            long v = value.applyAsLong(s);
            if (s.seconds() >= fromSeconds && v > 0 && v != last) {
                steps++;
            }
            if (steps > 0) {
                points.add(new double[] {s.seconds(), v});
            }
            last = v;
        }
        if (steps < 2) {
            throw new IllegalArgumentException("no step after the warm-up to fit (" + steps + ")");
        }
        return line(points, fromSeconds, samples);
    }

    /** The line through the lowest sample of each window of {@code windowSeconds} after {@code fromSeconds}. */
    static Trend floor(List<Sample> samples, ToLongFunction<Sample> value, double fromSeconds, double windowSeconds) {
        if (windowSeconds <= 0) {
            throw new IllegalArgumentException("the window must be positive: " + windowSeconds);
        }
        List<double[]> points = new ArrayList<>();
        double[] low = null;
        long window = -1;
        for (Sample s : samples) {
            if (s.seconds() < fromSeconds) {
                continue;
            }
            long w = (long) ((s.seconds() - fromSeconds) / windowSeconds);
            if (w != window) {
                if (low != null) {
                    points.add(low);
                }
                window = w;
                low = null;
            }
            double v = value.applyAsLong(s);
            if (low == null || v < low[1]) {
                low = new double[] {s.seconds(), v};
            }
        }
        if (low != null) {
            points.add(low);
        }
        return line(points, fromSeconds, samples);
    }

    private static Trend line(List<double[]> points, double fromSeconds, List<Sample> samples) {
        if (points.size() < 2) {
            throw new IllegalArgumentException("at least two points after the warm-up are needed to fit a line, got "
                    + points.size() + " (the run is too short for its warm-up and sampling interval)");
        }
        double mx = 0;
        double my = 0;
        for (double[] p : points) {
            mx += p[0];
            my += p[1];
        }
        mx /= points.size();
        my /= points.size();
        double sxy = 0;
        double sxx = 0;
        for (double[] p : points) {
            sxy += (p[0] - mx) * (p[1] - my);
            sxx += (p[0] - mx) * (p[0] - mx);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("the points after the warm-up are all at the same time");
        }
        double slope = sxy / sxx;
        double end = samples.get(samples.size() - 1).seconds();
        return new Trend(my + slope * (fromSeconds - mx), my + slope * (end - mx), slope * 3600, List.copyOf(points));
    }
}
