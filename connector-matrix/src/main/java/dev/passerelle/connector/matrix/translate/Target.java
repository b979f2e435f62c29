package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.event.EventId;

/** The canonical event a Matrix event id maps to: a message-like event, or a reaction with what it reacted to. */
public sealed interface Target {

    /** The canonical id of the mapped event. */
    EventId id();

    /** A message (or any event that is not a reaction). */
    record Message(EventId id) implements Target {
        public Message {
            if (id == null) {
                throw new IllegalArgumentException("target id must not be null");
            }
        }
    }

    /** A {@code ReactionAdded}: {@code id} is the reaction itself, {@code reactedTo} the message it reacts to. */
    record Reaction(EventId id, EventId reactedTo, String key) implements Target {
        public Reaction {
            if (id == null || reactedTo == null) {
                throw new IllegalArgumentException("a reaction target needs its id and the message it reacts to");
            }
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("a reaction target needs its key");
            }
        }
    }
}
