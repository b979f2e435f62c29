package dev.passerelle.core.router;

import java.time.Duration;

/**
 * Tunables of delivery: retries with exponential backoff and jitter from {@code initialBackoff} up to
 * {@code maxBackoff}, dead-lettering after {@code maxAttempts}; group commits of at most {@code maxBatch}
 * journal writes.
 */
public record RouterSettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, int maxBatch) {

    public RouterSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
    }

    /** 12 attempts from 1 s to 5 min (about 20 minutes in all), batches of up to 1,000 writes. */
    public static RouterSettings defaults() {
        return new RouterSettings(12, Duration.ofSeconds(1), Duration.ofMinutes(5), 1000);
    }
}
