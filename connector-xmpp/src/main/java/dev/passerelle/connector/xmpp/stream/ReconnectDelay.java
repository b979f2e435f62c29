package dev.passerelle.connector.xmpp.stream;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter for reconnecting: attempt n waits between half and all of
 * {@code min * 2^(n-1)}, never less than {@code min} and never more than {@code max}.
 */
final class ReconnectDelay {
    private final Duration min;
    private final Duration max;
    private final DoubleSupplier random;

    ReconnectDelay(Duration min, Duration max, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    Duration delay(int attempt) {
        long base = min.toMillis();
        long exp = base << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(exp <= 0 ? Long.MAX_VALUE : exp, max.toMillis());
        long jittered = (long) (capped * (0.5 + 0.5 * random.getAsDouble()));
        return Duration.ofMillis(Math.max(jittered, base));
    }

    Duration max() {
        return max;
    }
}
