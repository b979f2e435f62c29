package dev.passerelle.core.store;

import java.util.UUID;

/** Identifies a link (bridged conversation) across the whole deployment; also its queue key's first half. */
public record LinkId(UUID value) {
    public LinkId {
        if (value == null) {
            throw new IllegalArgumentException("link id must not be null");
        }
    }

    public static LinkId random() {
        return new LinkId(UUID.randomUUID());
    }

    public static LinkId parse(String text) {
        return new LinkId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
