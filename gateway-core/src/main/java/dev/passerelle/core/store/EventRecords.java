package dev.passerelle.core.store;

import java.util.List;

/**
 * What a connector keeps about one message besides the event itself: more ids the message is known by on its
 * own network (an XMPP room message's sender id beside the stanza-id the room gave it) and connector state (the
 * text a later reply quotes). The journal writes them in the transaction that journals the event, or that
 * completes the delivery, so they cost no commit of their own; an alias already mapped to another message keeps
 * its first mapping.
 */
public record EventRecords(List<NativeRef> aliases, List<StateWrite> state) {

    /** Nothing to keep. */
    public static final EventRecords NONE = new EventRecords(List.of(), List.of());

    public EventRecords {
        if (aliases == null || state == null) {
            throw new IllegalArgumentException("aliases and state must not be null (use empty lists)");
        }
        // copyOf also rejects null entries.
        aliases = List.copyOf(aliases);
        state = List.copyOf(state);
    }

    public boolean isEmpty() {
        return aliases.isEmpty() && state.isEmpty();
    }
}
