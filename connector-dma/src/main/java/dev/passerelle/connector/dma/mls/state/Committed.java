package dev.passerelle.connector.dma.mls.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A commit this member made: the MLSMessage to send to the group, the Welcome MLSMessage for the members it adds
 * (if any), and {@code next}, this member's state in the new epoch once the commit is accepted by the delivery
 * service. Until then the state the commit was made from stays the current one; if the commit is refused, that
 * state goes on and {@code next} is dropped. Persist {@code next} (and the state it came from, whose handshake
 * ratchet moved) before sending.
 */
public record Committed(byte[] commitMessage, Optional<byte[]> welcomeMessage, GroupState next) {

    /** Checks presence and copies the messages. */
    public Committed {
        commitMessage = Objects.requireNonNull(commitMessage, "commitMessage").clone();
        welcomeMessage = Objects.requireNonNull(welcomeMessage, "welcomeMessage").map(byte[]::clone);
        Objects.requireNonNull(next, "next");
    }

    @Override
    public byte[] commitMessage() {
        return commitMessage.clone();
    }

    @Override
    public Optional<byte[]> welcomeMessage() {
        return welcomeMessage.map(byte[]::clone);
    }
}
