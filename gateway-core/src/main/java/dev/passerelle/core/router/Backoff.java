package dev.passerelle.core.router;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}, and never less than what the target asked for.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    Duration delay(int attempt, Optional<Duration> requested) {
        long base = initial.toMillis();
        // Shift at most 30 places so the multiplication cannot overflow before the cap applies.
        long exp = base << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(exp <= 0 ? Long.MAX_VALUE : exp, max.toMillis());
        long jittered = (long) (capped * (0.5 + 0.5 * random.getAsDouble()));
        long wanted = requested.map(Duration::toMillis).orElse(0L);
        return Duration.ofMillis(Math.max(Math.max(jittered, 1), wanted));
    }
}
