package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.address.MatrixUserId;
import java.util.Set;

/**
 * The result of an {@code m.typing} event read against the previous set: who is typing now (keep it for the
 * next event of that room) and the chat-state changes to forward. On a malformed event {@code typing} is the
 * previous set unchanged.
 */
public record TypingUpdate(Set<MatrixUserId> typing, InboundResult result) {
    public TypingUpdate {
        if (typing == null || result == null) {
            throw new IllegalArgumentException("typing and result must not be null");
        }
        typing = Set.copyOf(typing);
    }
}
