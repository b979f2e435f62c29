package dev.passerelle.core.spi;

import java.time.Instant;
import java.util.Optional;

/** A connector's connection state as {@code /health} reports it. */
public record Health(State state, Optional<String> detail, Instant since) {

    /** UP: connected and taking deliveries. CONNECTING: starting or reconnecting. DOWN: refused or broken. */
    public enum State { UP, CONNECTING, DOWN }

    public static Health up(Instant since) {
        return new Health(State.UP, Optional.empty(), since);
    }

    public static Health connecting(Instant since, String detail) {
        return new Health(State.CONNECTING, Optional.of(detail), since);
    }

    public static Health down(Instant since, String detail) {
        return new Health(State.DOWN, Optional.of(detail), since);
    }

    public boolean ready() {
        return state == State.UP;
    }
}
