package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.core.event.EventId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MIMI message ids of the last messages this instance handed to a hub, with their canonical events. The router
 * learns a sent message's id only when the hub's answer to the send has come back, and the hub may have fanned the
 * message out before that answer, so that a member's answer to it (a read report, a reply, a reaction) can arrive
 * first; such answers find their target here. (From the hub's answer until the store commits the id, the router's
 * view of the message map has it too.) Bounded: the oldest entry goes when {@link #CAPACITY} is reached, long after
 * the router has recorded it. Thread-safe.
 */
final class RecentSends {

    static final int CAPACITY = 4096;

    private final Map<String, EventId> sent = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EventId> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records that {@code event} goes out as {@code id}; called before the hub has it. */
    synchronized void sending(MessageId id, EventId event) {
        sent.put(id.hex(), event);
    }

    /** The event sent as {@code id}, if it is one of the last {@link #CAPACITY}. */
    synchronized Optional<EventId> find(MessageId id) {
        return Optional.ofNullable(sent.get(id.hex()));
    }
}
