package dev.passerelle.connector.xmpp;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per XMPP user: {@code burst} messages at once, then {@code perSecond} sustained. Keeps the most
 * recently active {@value #MAX_USERS} users; one that drops out starts again with a full bucket. Used on the
 * connector's context only.
 */
final class RateLimiter {
    static final int MAX_USERS = 10_000;

    private final double perSecond;
    private final int burst;
    private final Clock clock;
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > MAX_USERS;
        }
    };

    RateLimiter(double perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    /** Takes a token for {@code user}; false when the user's bucket is empty. */
    boolean allow(String user) {
        long now = clock.millis();
        double[] b = buckets.computeIfAbsent(user, u -> new double[] {burst, now});
        double tokens = Math.min(burst, b[0] + (now - b[1]) * perSecond / 1000.0);
        b[1] = now;
        if (tokens < 1) {
            b[0] = tokens;
            return false;
        }
        b[0] = tokens - 1;
        return true;
    }
}
