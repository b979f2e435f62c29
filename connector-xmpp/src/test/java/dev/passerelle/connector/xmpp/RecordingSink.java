package dev.passerelle.connector.xmpp;

import dev.passerelle.core.event.Event;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.EventRecords;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event sink that keeps what it is given and calls everything relayed. */
final class RecordingSink implements EventSink {
    final List<Event> events = new CopyOnWriteArrayList<>();
    /** What the connector kept about each event, in the order of {@link #events}. */
    final List<EventRecords> records = new CopyOnWriteArrayList<>();

    @Override
    public Future<Accepted> submit(Event event, EventRecords kept) {
        events.add(event);
        records.add(kept);
        return Future.succeededFuture(Accepted.RELAYED);
    }

    @Override
    public Future<List<Accepted>> submitAll(List<Event> list) {
        List<Accepted> out = new ArrayList<>();
        for (Event e : list) {
            events.add(e);
            records.add(EventRecords.NONE);
            out.add(Accepted.RELAYED);
        }
        return Future.succeededFuture(out);
    }
}
