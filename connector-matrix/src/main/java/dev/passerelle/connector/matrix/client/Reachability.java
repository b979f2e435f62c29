package dev.passerelle.connector.matrix.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the homeserver answered the last call: a call that could not connect, timed out or got a 5xx marks it
 * unreachable (since when, why); any other answer marks it reachable again. Read from any thread.
 */
public final class Reachability {

    /** The homeserver has not answered usefully since {@code since}; {@code why} is the last failure. */
    public record Outage(Instant since, String why) {
    }

    private final Clock clock;
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    Reachability(Clock clock) {
        this.clock = clock;
    }

    void failed(String why) {
        Instant now = clock.instant();
        // The outage starts at the first failure; later ones only refresh the reason.
        outage.updateAndGet(o -> new Outage(o == null ? now : o.since(), why));
    }

    void answered() {
        outage.set(null);
    }

    /** The current outage, if the last call failed to reach the homeserver. */
    public Optional<Outage> outage() {
        return Optional.ofNullable(outage.get());
    }
}
