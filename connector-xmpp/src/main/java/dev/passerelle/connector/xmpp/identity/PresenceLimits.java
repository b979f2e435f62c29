package dev.passerelle.connector.xmpp.identity;

import java.time.Duration;

/**
 * How much presence the gateway sends: at most one presence per ghost per {@code window} (later changes within
 * it are coalesced into the latest), at most {@code perSecond} presence stanzas a second overall with bursts of
 * {@code burst}, and at most {@code maxPending} ghosts waiting (the oldest waiting update is dropped beyond it).
 */
public record PresenceLimits(Duration window, double perSecond, int burst, int maxPending) {

    public PresenceLimits {
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("window must be zero or positive, was " + window);
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive number, was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, was " + maxPending);
        }
    }

    /** One presence per ghost a second, 50 stanzas a second overall, 10,000 ghosts waiting at most. */
    public static PresenceLimits defaults() {
        return new PresenceLimits(Duration.ofSeconds(1), 50, 50, 10_000);
    }
}
