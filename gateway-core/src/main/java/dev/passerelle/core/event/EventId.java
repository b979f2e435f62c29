package dev.passerelle.core.event;

import java.util.UUID;

/**
 * The gateway's own id for a canonical event. Unique across the whole deployment and stable for the
 * event's lifetime: every native id the event reached on any network maps back to it.
 */
public record EventId(UUID value) {

    public EventId {
        if (value == null) {
            throw new IllegalArgumentException("event id must not be null");
        }
    }

    /** A fresh random id. */
    public static EventId random() {
        return new EventId(UUID.randomUUID());
    }

    public static EventId parse(String text) {
        return new EventId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
