package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import java.util.Objects;
import java.util.Optional;

/**
 * What came of a {@code link} command: the room is now bridged to {@code remote}, was already, or will be
 * once something outside the gateway happens ({@code detail} says what, e.g. the remote room's owner must
 * let the gateway in).
 */
public record LinkOutcome(State state, Address remote, Optional<String> detail) {

    /** Where the link stands. */
    public enum State {
        /** Bridged now. */
        LINKED,
        /** It was bridged to the same remote room before the command. */
        ALREADY_LINKED,
        /** Accepted, waiting on the remote side. */
        PENDING
    }

    public LinkOutcome {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(detail, "detail");
        if (state == State.PENDING && detail.filter(d -> !d.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("a pending link needs a detail saying what it waits for");
        }
    }

    /** The room is bridged now. */
    public static LinkOutcome linked(Address remote) {
        return new LinkOutcome(State.LINKED, remote, Optional.empty());
    }
}
