package dev.passerelle.core.media;

import java.time.Duration;

/**
 * Whether the media service fetches attachments given as http(s) URLs itself (so that a network that stores files,
 * such as a Matrix homeserver, gets the file rather than a link), whether it may connect to private addresses
 * (loopback, site-local, link-local, unique-local: off outside a one-machine set-up, since a message could name an
 * internal service), and how long a fetch may stall.
 */
public record WebFetchSettings(boolean enabled, boolean privateAddresses, Duration timeout) {

    public WebFetchSettings {
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("timeout must be at least one second, was " + timeout);
        }
    }

    /** Fetching on, public addresses only, 30 seconds without progress at most. */
    public static WebFetchSettings defaults() {
        return new WebFetchSettings(true, false, Duration.ofSeconds(30));
    }
}
