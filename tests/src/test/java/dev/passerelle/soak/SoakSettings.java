package dev.passerelle.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a soak runs: how long the traffic lasts, at what total rate (messages/s), how much of the start is warm-up
 * (left out of the growth verdict) and at what rate the warm-up sends, how often memory is sampled, how long to wait
 * after the traffic for the last deliveries, where the CSV and the plot go, which markdown file gets the report's
 * section, and the command to show.
 */
record SoakSettings(Duration duration, double rate, Duration warmUp, double warmUpRate, Duration sampleEvery,
                    Duration drain, Path outDir, Path benchmarks, String command) {

    /**
     * The warm-up sends at this multiple of the rate. The JIT compiles a method with C2 after about 5,000 calls: at
     * 12 messages/s a method called once a message gets there after 7 minutes, one called for each edit (3 messages
     * of 20) after 46, and each such compilation adds to the code cache and so to RSS. At twice the rate, the code
     * the steady traffic runs is compiled during the warm-up, rather than during the part of the run that is judged.
     */
    static final double WARM_UP_RATE_FACTOR = 2;

    /** Heap growth (of the floor, per hour) above which the verdict is "grows". */
    static final long HEAP_LIMIT_PER_HOUR = 10L << 20;
    /** RSS growth per hour above which the verdict is "grows". */
    static final long RSS_LIMIT_PER_HOUR = 20L << 20;

    SoakSettings {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(benchmarks, "benchmarks");
        Objects.requireNonNull(command, "command");
        positive("duration", duration);
        positive("sample interval", sampleEvery);
        positive("drain", drain);
        Objects.requireNonNull(warmUp, "warmUp");
        if (warmUp.isNegative() || warmUp.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("the warm-up must be at least 0 and shorter than the run ("
                    + duration + "), got " + warmUp);
        }
        if (!(rate > 0) || rate > 1000) {
            throw new IllegalArgumentException("the rate must be above 0 and at most 1000 messages/s, got " + rate);
        }
        if (!(warmUpRate > 0) || warmUpRate > 1000) {
            throw new IllegalArgumentException("the warm-up rate must be above 0 and at most 1000 messages/s, got "
                    + warmUpRate);
        }
        if (duration.minus(warmUp).compareTo(sampleEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("the run after the warm-up (" + duration.minus(warmUp)
                    + ") must hold at least two samples taken every " + sampleEvery);
        }
    }

    /**
     * The defaults for a run of {@code minutes} at {@code rate}: the first third warm-up (at most 10 min) at
     * {@link #WARM_UP_RATE_FACTOR} times the rate (at most 1000/s), memory sampled every 10 s.
     */
    static SoakSettings of(double minutes, double rate, Path root, String command) {
        Duration duration = Duration.ofMillis(Math.round(minutes * 60_000));
        Duration warmUp = duration.dividedBy(3);
        if (warmUp.compareTo(Duration.ofMinutes(10)) > 0) {
            warmUp = Duration.ofMinutes(10);
        }
        return new SoakSettings(duration, rate, warmUp, Math.min(1000, rate * WARM_UP_RATE_FACTOR),
                Duration.ofSeconds(10), Duration.ofMinutes(3), root.resolve("docs/soak"), root.resolve("BENCHMARKS.md"),
                command);
    }

    private static void positive(String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
        }
    }
}
