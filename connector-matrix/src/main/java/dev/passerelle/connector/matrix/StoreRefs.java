package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.translate.EventRefs;
import dev.passerelle.connector.matrix.translate.Target;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@link EventRefs} over the store: the message map gives ids, and the connector's state keeps, per reaction
 * that crossed Matrix, what it reacted to and with which key, since Matrix removes a reaction by redacting it
 * and the message map alone cannot say the redacted event was a reaction. Blocking: worker threads only.
 */
final class StoreRefs implements EventRefs {
    private static final String REACTION_KEY = "reaction:";

    private final Store store;
    private final String connector;

    StoreRefs(Store store, String connector) {
        this.store = store;
        this.connector = connector;
    }

    @Override
    public Optional<Target> target(String matrixEventId) {
        if (matrixEventId == null || matrixEventId.isEmpty()) {
            return Optional.empty();
        }
        return store.messages().find(Network.MATRIX, new NativeId(matrixEventId)).map(id -> reaction(id)
                .orElseGet(() -> new Target.Message(id)));
    }

    @Override
    public Optional<String> matrixEventId(EventId id) {
        return store.messages().ref(id, Network.MATRIX).map(ref -> ref.nativeId().value());
    }

    /** Remembers a reaction (inbound from Matrix) so that its later redaction reads as a removal. */
    void remember(ReactionAdded reaction) {
        StateWrite write = reactionWrite(connector, reaction);
        store.state().put(write.connector(), write.key(), write.value());
    }

    /** The state entry that remembers a reaction, for outbound renders to store with their bytes. */
    static StateWrite reactionWrite(String connector, ReactionAdded reaction) {
        String value = reaction.target() + "\n" + reaction.key();
        return new StateWrite(connector, REACTION_KEY + reaction.id(), value.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Target> reaction(EventId id) {
        return store.state().get(connector, REACTION_KEY + id).map(bytes -> {
            String value = new String(bytes, StandardCharsets.UTF_8);
            int nl = value.indexOf('\n');
            return new Target.Reaction(id, EventId.parse(value.substring(0, nl)), value.substring(nl + 1));
        });
    }
}
