package dev.passerelle.core.event;

import dev.passerelle.core.address.Address;
import java.time.Instant;

/** Shared construction checks for the event records. */
final class Events {
    private Events() {
    }

    static void requireHeader(EventId id, Origin origin, Address sender, Address conversation, Instant timestamp) {
        require(id, "id");
        require(origin, "origin");
        require(sender, "sender");
        require(conversation, "conversation");
        require(timestamp, "timestamp");
        if (sender.network() != origin.network()) {
            throw new IllegalArgumentException("sender " + sender.toUri() + " is not on the origin network "
                    + origin.network().id());
        }
        if (conversation.network() != origin.network()) {
            throw new IllegalArgumentException("conversation " + conversation.toUri() + " is not on the origin network "
                    + origin.network().id());
        }
    }

    static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
    }

    static void requireText(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
    }
}
