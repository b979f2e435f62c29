package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.event.EventId;
import java.util.Optional;

/**
 * What translation needs from the message map, supplied by the caller. Implementations may block (a JDBC
 * lookup): translation runs on a worker thread, never on an event loop.
 *
 * <p>{@link #target} answers more than an id because Matrix removes a reaction by redacting the
 * {@code m.reaction} event: to turn that redaction into a {@code ReactionRemoved}, translation must know that the
 * redacted event was a reaction, which message it reacted to and with which key. The message map already holds
 * the canonical event each Matrix id belongs to, so the caller answers from there.
 */
public interface EventRefs {

    /** What a Matrix event id maps to, or empty if the gateway never saw it. */
    Optional<Target> target(String matrixEventId);

    /** The Matrix event id a canonical event reached (or came from) in Matrix, or empty. */
    Optional<String> matrixEventId(EventId id);

    /** The canonical id of a Matrix event id, whatever its kind. */
    default Optional<EventId> canonical(String matrixEventId) {
        return target(matrixEventId).map(Target::id);
    }
}
