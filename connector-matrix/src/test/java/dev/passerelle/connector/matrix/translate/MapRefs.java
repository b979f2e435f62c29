package dev.passerelle.connector.matrix.translate;

import dev.passerelle.core.event.EventId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory message map for tests. */
final class MapRefs implements EventRefs {
    private final Map<String, Target> byMatrix = new HashMap<>();
    private final Map<EventId, String> byCanonical = new HashMap<>();

    /** Records a message known under both ids; returns its canonical id. */
    EventId message(String matrixId) {
        EventId id = EventId.random();
        byMatrix.put(matrixId, new Target.Message(id));
        byCanonical.put(id, matrixId);
        return id;
    }

    /** Records a reaction to {@code reactedTo} with {@code key}; returns the reaction's canonical id. */
    EventId reaction(String matrixId, EventId reactedTo, String key) {
        EventId id = EventId.random();
        byMatrix.put(matrixId, new Target.Reaction(id, reactedTo, key));
        byCanonical.put(id, matrixId);
        return id;
    }

    @Override
    public Optional<Target> target(String matrixEventId) {
        return Optional.ofNullable(byMatrix.get(matrixEventId));
    }

    @Override
    public Optional<String> matrixEventId(EventId id) {
        return Optional.ofNullable(byCanonical.get(id));
    }
}
