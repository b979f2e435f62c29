package dev.passerelle.core.spi;

import dev.passerelle.core.event.NativeId;
import java.util.Optional;

/** A confirmed send, with the id the target gave the event (a Matrix event id, a MUC stanza-id) if any. */
public record SendResult(Optional<NativeId> nativeId) {

    /** Confirmed, and the target assigned no id the gateway needs to remember. */
    public static SendResult confirmed() {
        return new SendResult(Optional.empty());
    }

    public static SendResult withId(NativeId id) {
        return new SendResult(Optional.of(id));
    }
}
