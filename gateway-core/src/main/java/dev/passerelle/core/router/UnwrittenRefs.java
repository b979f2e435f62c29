package dev.passerelle.core.router;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.DeliveryJournal;
import dev.passerelle.core.store.GhostStore;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.LinkStore;
import dev.passerelle.core.store.MessageMap;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native ids that targets gave to deliveries the router has confirmed and the journal has not yet committed.
 * Completions wait for a group commit (up to {@link JournalWriter#HOLD_MILLIS} ms, longer on a busy store), and an
 * answer to a message the gateway has just sent (a read receipt, a reaction, a reply) can arrive before it: the
 * message map of {@link #over(Store)} finds the message all the same. An id is added before its completion is queued
 * and removed once the commit that wrote it has returned, by when the store answers for it. Thread-safe.
 */
final class UnwrittenRefs {

    private record Key(Network network, NativeId nativeId) {
        static Key of(NativeRef ref) {
            return new Key(ref.network(), ref.nativeId());
        }
    }

    private final Map<Key, EventId> byNativeId = new ConcurrentHashMap<>();
    private final Map<EventId, List<NativeRef>> byEvent = new ConcurrentHashMap<>();

    /** Records the ids of a confirmed delivery; call before its completion is queued for the journal. */
    void confirmed(JournalBatch.Done done) {
        forEachRef(done, ref -> {
            byNativeId.put(Key.of(ref), done.event());
            byEvent.compute(done.event(), (e, refs) -> {
                List<NativeRef> more = refs == null ? new ArrayList<>(2) : new ArrayList<>(refs);
                more.add(ref);
                return List.copyOf(more);
            });
        });
    }

    /** Forgets the ids of completions the store has committed. */
    void committed(List<JournalBatch.Done> done) {
        for (JournalBatch.Done d : done) {
            forEachRef(d, ref -> {
                byNativeId.remove(Key.of(ref), d.event());
                byEvent.computeIfPresent(d.event(), (e, refs) -> {
                    List<NativeRef> rest = new ArrayList<>(refs);
                    rest.remove(ref);
                    return rest.isEmpty() ? null : List.copyOf(rest);
                });
            });
        }
    }

    /** {@code stored} with a message map that also knows the ids not yet committed. */
    Store over(Store stored) {
        return new Overlay(stored, new Messages(stored.messages()));
    }

    private static void forEachRef(JournalBatch.Done done, java.util.function.Consumer<NativeRef> action) {
        done.result().ifPresent(action);
        done.aliases().forEach(action);
    }

    /** Looks here first: an id leaves only after the store has it, so no moment finds it in neither. */
    private final class Messages implements MessageMap {
        private final MessageMap stored;

        Messages(MessageMap stored) {
            this.stored = stored;
        }

        @Override
        public void put(EventId event, NativeRef ref) {
            stored.put(event, ref);
        }

        @Override
        public Optional<EventId> find(Network network, NativeId nativeId) {
            if (network != null && nativeId != null) {
                EventId unwritten = byNativeId.get(new Key(network, nativeId));
                if (unwritten != null) {
                    return Optional.of(unwritten);
                }
            }
            return stored.find(network, nativeId);
        }

        @Override
        public List<NativeRef> refs(EventId event) {
            List<NativeRef> unwritten = event == null ? null : byEvent.get(event);
            List<NativeRef> refs = stored.refs(event);
            if (unwritten == null) {
                return refs;
            }
            List<NativeRef> all = new ArrayList<>(refs);
            unwritten.stream().filter(r -> !all.contains(r)).forEach(all::add);
            return List.copyOf(all);
        }
    }

    private record Overlay(Store stored, MessageMap messages) implements Store {
        @Override
        public GhostStore ghosts() {
            return stored.ghosts();
        }

        @Override
        public LinkStore links() {
            return stored.links();
        }

        @Override
        public DeliveryJournal journal() {
            return stored.journal();
        }

        @Override
        public ConnectorStateStore state() {
            return stored.state();
        }

        @Override
        public boolean healthy() {
            return stored.healthy();
        }

        /** A view: whoever opened the store closes it. */
        @Override
        public void close() {
        }
    }
}
