package dev.passerelle.core.spi;

import dev.passerelle.core.event.Event;
import io.vertx.core.Future;
import java.util.List;

/**
 * The core's single entry point for inbound events. Callable from any thread; never blocks. The future
 * completes once the event and its deliveries are durable, which is when a connector may acknowledge its
 * source (Matrix transaction 200, MIMI notify 201).
 */
public interface EventSink {

    Future<Accepted> submit(Event event);

    /** Submits several events (one Matrix transaction) in order; completes when all are durable. */
    Future<List<Accepted>> submitAll(List<Event> events);

    /** What became of a submitted event. */
    enum Accepted {
        /** Journalled, with at least one delivery. */
        RELAYED,
        /** Seen before (same origin native id): nothing written again. */
        DUPLICATE,
        /** Caused by the gateway itself (its own ghost, its own transaction or stanza id): dropped. */
        ECHO,
        /** Its conversation is not linked to any other room, or no target can carry it: dropped. */
        NOT_BRIDGED
    }
}
