package dev.passerelle.core.spi;

import dev.passerelle.core.event.NativeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A confirmed send, with the id the target gave the event (a Matrix event id, a MUC stanza-id) if any, and the
 * other ids the target's users may quote it by ({@code aliases}: an XMPP room message's own message id, which
 * corrections quote). Both go into the message map with the delivery's completion, in the journal's transaction.
 */
public record SendResult(Optional<NativeId> nativeId, List<NativeId> aliases) {

    public SendResult {
        if (nativeId == null) {
            throw new IllegalArgumentException("nativeId must not be null (use Optional.empty())");
        }
        // copyOf also rejects null entries.
        aliases = List.copyOf(aliases);
    }

    /** A send that gave the event at most one id. */
    public SendResult(Optional<NativeId> nativeId) {
        this(nativeId, List.of());
    }

    /** Confirmed, and the target assigned no id the gateway needs to remember. */
    public static SendResult confirmed() {
        return new SendResult(Optional.empty());
    }

    public static SendResult withId(NativeId id) {
        return new SendResult(Optional.of(id));
    }

    /** This result with one more id the message is known by. */
    public SendResult withAlias(NativeId alias) {
        List<NativeId> more = new ArrayList<>(aliases);
        more.add(alias);
        return new SendResult(nativeId, more);
    }
}
