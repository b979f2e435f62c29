package dev.passerelle.core.json;

import dev.passerelle.core.event.Event;

/** STUB replaced by the codec work. */
public final class EventJson {
    private EventJson() {
    }

    public static byte[] write(Event event) {
        throw new UnsupportedOperationException();
    }

    public static Event read(byte[] json) {
        throw new UnsupportedOperationException();
    }
}
