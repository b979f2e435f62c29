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

    /**
     * A fresh id: a time-ordered UUID (version 7, RFC 9562) with 74 random bits. Ids made later sort
     * later, so the store's indexes grow at their end instead of at random places, which is several
     * times cheaper for the embedded store.
     */
    public static EventId random() {
        UUID r = UUID.randomUUID();
        long millis = System.currentTimeMillis() & 0xFFFF_FFFF_FFFFL;
        long msb = (millis << 16) | 0x7000L | (r.getMostSignificantBits() & 0x0FFFL);
        // The low half keeps the random UUID's RFC 4122 variant bits, which version 7 shares.
        return new EventId(new UUID(msb, r.getLeastSignificantBits()));
    }

    public static EventId parse(String text) {
        return new EventId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
