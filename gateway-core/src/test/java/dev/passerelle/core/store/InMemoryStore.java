package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A test fixture: every store port in memory, behind one lock, with the same outcomes as the JDBC store
 * (conflicts, duplicates, dead letters). A journal write is all-or-nothing, like a transaction: it is
 * applied to a copy that replaces the state only if every step succeeds. {@link #setHealthy} lets a test
 * simulate a database outage for {@link #healthy()}.
 */
public final class InMemoryStore implements Store {

    private final Object lock = new Object();
    private final Clock clock;
    private State state = new State();
    private volatile boolean healthy = true;
    private volatile boolean closed;

    private final GhostStore ghosts = new Ghosts();
    private final LinkStore links = new Links();
    private final MessageMap messages = new Messages();
    private final DeliveryJournal journal = new Journal();
    private final ConnectorStateStore connectorState = new ConnectorState();

    /** A store whose new deliveries are due at the system clock's now. */
    public InMemoryStore() {
        this(Clock.systemUTC());
    }

    /** A store whose new deliveries are due at {@code clock}'s now. */
    public InMemoryStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public GhostStore ghosts() {
        return ghosts;
    }

    @Override
    public LinkStore links() {
        return links;
    }

    @Override
    public MessageMap messages() {
        return messages;
    }

    @Override
    public DeliveryJournal journal() {
        return journal;
    }

    @Override
    public ConnectorStateStore state() {
        return connectorState;
    }

    @Override
    public boolean healthy() {
        return healthy && !closed;
    }

    /** Makes {@link #healthy()} report the given state (a database outage, and its end). */
    public void setHealthy(boolean healthy) {
        this.healthy = healthy;
    }

    @Override
    public void close() {
        closed = true;
    }

    private State current() {
        if (closed) {
            throw new StoreException.Unavailable("store is closed", null);
        }
        return state;
    }

    /** Everything the store holds; copied whole for a journal write so the write can be undone. */
    private static final class State {
        final Map<GhostKey, Ghost> ghosts = new LinkedHashMap<>();
        final Map<Address, GhostKey> ghostByAddress = new HashMap<>();
        final Map<LinkId, Link> links = new LinkedHashMap<>();
        final Map<Address, LinkId> linkByRoom = new HashMap<>();
        final Map<NativeKey, EventId> eventByNative = new HashMap<>();
        final Map<EventId, List<NativeRef>> refs = new HashMap<>();
        final TreeMap<Long, StoredDelivery> deliveries = new TreeMap<>();
        final Map<EventId, byte[]> events = new HashMap<>();
        final Map<StateKey, byte[]> connectorState = new HashMap<>();
        /** When each connector-state entry was last written, for {@link ConnectorStateStore#deleteWrittenBefore}. */
        final Map<StateKey, Instant> stateWritten = new HashMap<>();
        long nextSeq = 1;

        State copy() {
            State c = new State();
            c.ghosts.putAll(ghosts);
            c.ghostByAddress.putAll(ghostByAddress);
            c.links.putAll(links);
            c.linkByRoom.putAll(linkByRoom);
            c.eventByNative.putAll(eventByNative);
            refs.forEach((k, v) -> c.refs.put(k, new ArrayList<>(v)));
            c.deliveries.putAll(deliveries);
            c.events.putAll(events);
            c.connectorState.putAll(connectorState);
            c.stateWritten.putAll(stateWritten);
            c.nextSeq = nextSeq;
            return c;
        }

        void putState(StateKey key, byte[] value, Instant at) {
            connectorState.put(key, value);
            stateWritten.put(key, at);
        }

        void removeState(StateKey key) {
            connectorState.remove(key);
            stateWritten.remove(key);
        }

        void putRef(EventId event, NativeRef ref) {
            NativeKey key = new NativeKey(ref.network(), ref.nativeId());
            EventId existing = eventByNative.get(key);
            if (existing != null) {
                if (!existing.equals(event)) {
                    throw new StoreException.Conflict(ref.network().id() + " id " + ref.nativeId()
                            + " is already mapped to event " + existing, null);
                }
                return;
            }
            eventByNative.put(key, event);
            refs.computeIfAbsent(event, e -> new ArrayList<>()).add(ref);
        }

        /** Like the JDBC store's aliases: an id already mapped keeps its first event. */
        void putRefIfAbsent(EventId event, NativeRef ref) {
            if (!eventByNative.containsKey(new NativeKey(ref.network(), ref.nativeId()))) {
                putRef(event, ref);
            }
        }
    }

    private record GhostKey(Address real, Network on) {
    }

    private record NativeKey(Network network, NativeId id) {
    }

    private record StateKey(String connector, String key) {
    }

    private final class Ghosts implements GhostStore {
        @Override
        public void save(Ghost ghost) {
            synchronized (lock) {
                State s = current();
                GhostKey key = new GhostKey(ghost.real(), ghost.ghost().network());
                GhostKey owner = s.ghostByAddress.get(ghost.ghost());
                if (owner != null && !owner.equals(key)) {
                    throw new StoreException.Conflict("ghost address " + ghost.ghost().toUri()
                            + " already belongs to " + owner.real().toUri(), null);
                }
                Ghost old = s.ghosts.get(key);
                Ghost stored = old == null ? ghost
                        : new Ghost(old.real(), old.ghost(), ghost.displayName(), ghost.avatar(), old.created());
                s.ghosts.put(key, stored);
                s.ghostByAddress.put(stored.ghost(), key);
            }
        }

        @Override
        public Optional<Ghost> find(Address real, Network on) {
            synchronized (lock) {
                return Optional.ofNullable(current().ghosts.get(new GhostKey(real, on)));
            }
        }

        @Override
        public Optional<Ghost> findByGhost(Address ghost) {
            synchronized (lock) {
                State s = current();
                return Optional.ofNullable(s.ghostByAddress.get(ghost)).map(s.ghosts::get);
            }
        }

        @Override
        public List<Ghost> list(int offset, int limit) {
            synchronized (lock) {
                return current().ghosts.values().stream()
                        .sorted(Comparator.comparing(Ghost::created))
                        .skip(offset).limit(limit).collect(Collectors.toList());
            }
        }

        @Override
        public long count() {
            synchronized (lock) {
                return current().ghosts.size();
            }
        }
    }

    private final class Links implements LinkStore {
        @Override
        public void create(Link link) {
            synchronized (lock) {
                State s = current();
                if (s.links.containsKey(link.id())) {
                    throw new StoreException.Conflict("link " + link.id() + " already exists", null);
                }
                for (Address room : link.rooms()) {
                    LinkId other = s.linkByRoom.get(room);
                    if (other != null) {
                        throw new StoreException.Conflict("room " + room.toUri() + " already belongs to link " + other, null);
                    }
                }
                s.links.put(link.id(), link);
                link.rooms().forEach(r -> s.linkByRoom.put(r, link.id()));
            }
        }

        @Override
        public Optional<Link> find(LinkId id) {
            synchronized (lock) {
                return Optional.ofNullable(current().links.get(id));
            }
        }

        @Override
        public Optional<Link> findByRoom(Address room) {
            synchronized (lock) {
                State s = current();
                return Optional.ofNullable(s.linkByRoom.get(room)).map(s.links::get);
            }
        }

        @Override
        public List<Link> list() {
            synchronized (lock) {
                return List.copyOf(current().links.values());
            }
        }

        @Override
        public boolean delete(LinkId id) {
            synchronized (lock) {
                State s = current();
                Link removed = s.links.remove(id);
                if (removed == null) {
                    return false;
                }
                removed.rooms().forEach(s.linkByRoom::remove);
                return true;
            }
        }
    }

    private final class Messages implements MessageMap {
        @Override
        public void put(EventId event, NativeRef ref) {
            synchronized (lock) {
                current().putRef(event, ref);
            }
        }

        @Override
        public Optional<EventId> find(Network network, NativeId nativeId) {
            synchronized (lock) {
                return Optional.ofNullable(current().eventByNative.get(new NativeKey(network, nativeId)));
            }
        }

        @Override
        public List<NativeRef> refs(EventId event) {
            synchronized (lock) {
                return List.copyOf(current().refs.getOrDefault(event, List.of()));
            }
        }
    }

    private final class Journal implements DeliveryJournal {
        @Override
        public JournalResult write(JournalBatch batch) {
            synchronized (lock) {
                State next = current().copy();
                Instant now = clock.instant();
                List<long[]> appended = new ArrayList<>();
                for (JournalBatch.Append a : batch.appends()) {
                    if (next.eventByNative.containsKey(new NativeKey(a.origin().network(), a.origin().nativeId()))) {
                        appended.add(null);
                        continue;
                    }
                    next.putRef(a.event(), a.origin());
                    next.events.put(a.event(), a.eventJson().clone());
                    long[] seqs = new long[a.targets().size()];
                    for (int i = 0; i < seqs.length; i++) {
                        JournalBatch.Target t = a.targets().get(i);
                        long seq = next.nextSeq++;
                        seqs[i] = seq;
                        next.deliveries.put(seq, new StoredDelivery(seq, a.event(), a.link(), t.room(), t.key(),
                                a.eventJson().clone(), Optional.empty(), 0, now, StoredDelivery.Status.PENDING,
                                Optional.empty()));
                    }
                    appended.add(seqs);
                    for (NativeRef alias : a.records().aliases()) {
                        next.putRefIfAbsent(a.event(), alias);
                    }
                    for (StateWrite w : a.records().state()) {
                        next.putState(new StateKey(w.connector(), w.key()), w.value(), clock.instant());
                    }
                }
                for (JournalBatch.RenderedUpdate r : batch.rendered()) {
                    // Like the JDBC store: the bytes stay with the delivery, the state writes go to connector state.
                    update(next, r.seq(), d -> with(d, Optional.of(new Rendered(r.rendered().payload())),
                            d.attempts(), d.notBefore(), d.status(), d.lastError()));
                    for (StateWrite w : r.rendered().stateWrites()) {
                        next.putState(new StateKey(w.connector(), w.key()), w.value(), clock.instant());
                    }
                }
                for (JournalBatch.Done d : batch.done()) {
                    next.deliveries.remove(d.seq());
                    d.result().ifPresent(ref -> next.putRef(d.event(), ref));
                    for (NativeRef alias : d.aliases()) {
                        next.putRefIfAbsent(d.event(), alias);
                    }
                }
                for (JournalBatch.Retry r : batch.retries()) {
                    update(next, r.seq(), d -> with(d, d.rendered(), r.attempts(), r.notBefore(), d.status(),
                            Optional.of(r.error())));
                }
                for (JournalBatch.DeadLetter x : batch.deadLetters()) {
                    update(next, x.seq(), d -> with(d, d.rendered(), x.attempts(), d.notBefore(),
                            StoredDelivery.Status.DEAD, Optional.of(x.error())));
                }
                state = next;
                return new JournalResult(appended);
            }
        }

        @Override
        public List<StoredDelivery> pending() {
            synchronized (lock) {
                return current().deliveries.values().stream()
                        .filter(d -> d.status() == StoredDelivery.Status.PENDING)
                        .map(InMemoryStore::copyOf).collect(Collectors.toList());
            }
        }

        @Override
        public List<StoredDelivery> deadLetters(int offset, int limit) {
            synchronized (lock) {
                return current().deliveries.descendingMap().values().stream()
                        .filter(d -> d.status() == StoredDelivery.Status.DEAD)
                        .skip(offset).limit(limit)
                        .map(InMemoryStore::copyOf).collect(Collectors.toList());
            }
        }

        @Override
        public Optional<StoredDelivery> find(long seq) {
            synchronized (lock) {
                return Optional.ofNullable(current().deliveries.get(seq)).map(InMemoryStore::copyOf);
            }
        }

        @Override
        public boolean revive(long seq, Instant now) {
            synchronized (lock) {
                State s = current();
                StoredDelivery d = s.deliveries.get(seq);
                if (d == null || d.status() != StoredDelivery.Status.DEAD) {
                    return false;
                }
                s.deliveries.put(seq, with(d, d.rendered(), 0, now, StoredDelivery.Status.PENDING, d.lastError()));
                return true;
            }
        }

        @Override
        public boolean discard(long seq) {
            synchronized (lock) {
                State s = current();
                StoredDelivery d = s.deliveries.get(seq);
                if (d == null || d.status() != StoredDelivery.Status.DEAD) {
                    return false;
                }
                s.deliveries.remove(seq);
                return true;
            }
        }

        @Override
        public long pendingCount() {
            synchronized (lock) {
                return current().deliveries.values().stream().filter(d -> d.status() == StoredDelivery.Status.PENDING).count();
            }
        }

        @Override
        public long deadCount() {
            synchronized (lock) {
                return current().deliveries.values().stream().filter(d -> d.status() == StoredDelivery.Status.DEAD).count();
            }
        }

        @Override
        public int prune() {
            synchronized (lock) {
                State s = current();
                var owed = s.deliveries.values().stream().map(StoredDelivery::event).collect(Collectors.toSet());
                int before = s.events.size();
                s.events.keySet().removeIf(e -> !owed.contains(e));
                return before - s.events.size();
            }
        }

        private void update(State s, long seq, java.util.function.UnaryOperator<StoredDelivery> change) {
            // Like an UPDATE that matches no row: a delivery that is gone (done, discarded) is left alone.
            StoredDelivery d = s.deliveries.get(seq);
            if (d != null) {
                s.deliveries.put(seq, change.apply(d));
            }
        }
    }

    private final class ConnectorState implements ConnectorStateStore {
        @Override
        public Optional<byte[]> get(String connector, String key) {
            synchronized (lock) {
                return Optional.ofNullable(current().connectorState.get(new StateKey(connector, key))).map(byte[]::clone);
            }
        }

        @Override
        public void put(String connector, String key, byte[] value) {
            synchronized (lock) {
                current().putState(new StateKey(connector, key), Arrays.copyOf(value, value.length), clock.instant());
            }
        }

        @Override
        public void delete(String connector, String key) {
            synchronized (lock) {
                current().removeState(new StateKey(connector, key));
            }
        }

        @Override
        public int deleteWrittenBefore(String connector, String keyPrefix, Instant before) {
            synchronized (lock) {
                State state = current();
                List<StateKey> old = state.stateWritten.entrySet().stream()
                        .filter(e -> e.getKey().connector().equals(connector) && e.getKey().key().startsWith(keyPrefix)
                                && e.getValue().isBefore(before))
                        .map(Map.Entry::getKey).toList();
                old.forEach(state::removeState);
                return old.size();
            }
        }

        @Override
        public void apply(String connector, List<StateChange> changes) {
            // Under the lock: no reader sees a part of them.
            synchronized (lock) {
                ConnectorStateStore.super.apply(connector, changes);
            }
        }
    }

    private static StoredDelivery with(StoredDelivery d, Optional<Rendered> rendered, int attempts, Instant notBefore,
            StoredDelivery.Status status, Optional<String> lastError) {
        return new StoredDelivery(d.seq(), d.event(), d.link(), d.target(), d.key(), d.eventJson(), rendered, attempts,
                notBefore, status, lastError);
    }

    private static StoredDelivery copyOf(StoredDelivery d) {
        // eventJson is a mutable array: hand each caller its own.
        return new StoredDelivery(d.seq(), d.event(), d.link(), d.target(), d.key(), d.eventJson().clone(), d.rendered(),
                d.attempts(), d.notBefore(), d.status(), d.lastError());
    }
}
