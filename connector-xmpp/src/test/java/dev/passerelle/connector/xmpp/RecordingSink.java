package dev.passerelle.connector.xmpp;

import dev.passerelle.core.event.Event;
import dev.passerelle.core.spi.EventSink;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An event sink that keeps what it is given and calls everything relayed. */
final class RecordingSink implements EventSink {
    final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public Future<Accepted> submit(Event event) {
        events.add(event);
        return Future.succeededFuture(Accepted.RELAYED);
    }

    @Override
    public Future<List<Accepted>> submitAll(List<Event> list) {
        List<Accepted> out = new ArrayList<>();
        for (Event e : list) {
            events.add(e);
            out.add(Accepted.RELAYED);
        }
        return Future.succeededFuture(out);
    }
}
