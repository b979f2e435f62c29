package dev.passerelle.core.spi;

import dev.passerelle.core.event.Event;
import dev.passerelle.core.store.EventRecords;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's single entry point for inbound events. Callable from any thread; never blocks. The future
 * completes once the event and its deliveries are durable, which is when a connector may acknowledge its
 * source (Matrix transaction 200, MIMI notify 201).
 */
public interface EventSink {

    /** Submits one event its connector keeps nothing more about. */
    default Future<Accepted> submit(Event event) {
        return submit(event, EventRecords.NONE);
    }

    /**
     * Submits one event with what its connector keeps about it ({@link EventRecords}: more ids, connector state),
     * written in the transaction that journals the event: kept exactly when the event is relayed, not for a
     * duplicate, an echo or an event that is not bridged. Saves the connector a commit of its own per message.
     */
    Future<Accepted> submit(Event event, EventRecords records);

    /** Submits several events (one Matrix transaction) in order; completes when all are durable. */
    Future<List<Accepted>> submitAll(List<Event> events);

    /** As {@link #submitAll(List)}, each event with what its connector keeps about it (the lists pair up). */
    default Future<List<Accepted>> submitAll(List<Event> events, List<EventRecords> records) {
        if (events.size() != records.size()) {
            return Future.failedFuture(new IllegalArgumentException(
                    events.size() + " events but " + records.size() + " records"));
        }
        List<Future<Accepted>> all = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            all.add(submit(events.get(i), records.get(i)));
        }
        return Future.all(all).map(cf -> {
            List<Accepted> out = new ArrayList<>(all.size());
            all.forEach(f -> out.add(f.result()));
            return out;
        });
    }

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
