package dev.passerelle.connector.xmpp.plumb;

import java.time.Duration;

/**
 * Timings of plumbed rooms: how often each joined occupant checks its occupancy with a self-ping (XEP-0410),
 * how long a join and a reflection may take, how long to wait before rejoining after a kick, and the page size
 * of archive (XEP-0313) queries.
 */
public record PlumbSettings(Duration selfPingInterval, Duration joinTimeout, Duration reflectionTimeout,
        Duration rejoinDelay, int archivePageSize) {

    public PlumbSettings {
        positive("selfPingInterval", selfPingInterval);
        positive("joinTimeout", joinTimeout);
        positive("reflectionTimeout", reflectionTimeout);
        positive("rejoinDelay", rejoinDelay);
        if (archivePageSize < 1 || archivePageSize > 1000) {
            throw new IllegalArgumentException("archivePageSize must be between 1 and 1000, was " + archivePageSize);
        }
    }

    /** Self-ping every 10 minutes, 15 s for a join or a reflection, rejoin 5 s after a kick, pages of 50. */
    public static PlumbSettings defaults() {
        return new PlumbSettings(Duration.ofMinutes(10), Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(5), 50);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
