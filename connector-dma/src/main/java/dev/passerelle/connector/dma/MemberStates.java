package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.mls.state.Encrypted;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.StateChange;
import dev.passerelle.core.store.StateWrite;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MLS group state of each of our users in each MIMI room, in the connector state store. {@code MlsGroups} keeps
 * one client per connector; here every bridged user is its own group member, so states are keyed by room and user.
 *
 * <p>A state is stored under its epoch ({@code dma/member/<room>/<user>/<epoch>}) with a pointer to the current
 * epoch. A rendered message's state goes into the delivery journal as a {@link StateWrite} of its epoch's key, which
 * the journal writes a little later than the render; because a commit writes the next epoch's key and then moves
 * the pointer, a late journal write of an older epoch can never undo a commit. Within an epoch the newest state is
 * the one held here in memory: this class is the only writer, so its cache is always at least as new as the store.
 * Blocking and serialised: call from worker threads.
 */
final class MemberStates {

    private static final Logger LOG = LoggerFactory.getLogger(MemberStates.class);
    private static final String LIST = "dma/members/";
    private static final String MEMBER = "dma/member/";

    private final ConnectorStateStore store;
    private final String connector;
    private final Map<String, GroupState> cache = new HashMap<>();

    MemberStates(ConnectorStateStore store, String connector) {
        this.store = store;
        this.connector = connector;
    }

    /** Our users that are members of {@code room}, in the order they joined. */
    synchronized List<String> members(String room) {
        return store.get(connector, LIST + room).map(MemberStates::lines).orElse(List.of());
    }

    synchronized boolean isMember(String room, String user) {
        return load(room, user).isPresent();
    }

    /** The current state of {@code user} in {@code room}. */
    synchronized Optional<GroupState> load(String room, String user) {
        String key = pointer(room, user);
        GroupState cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<GroupState> stored = store.get(connector, key).map(b -> ByteBuffer.wrap(b).getLong())
                .flatMap(epoch -> store.get(connector, key + "/" + epoch)).map(GroupState::fromBytes);
        stored.ifPresent(s -> cache.put(key, s));
        return stored;
    }

    /** Saves {@code state} as {@code user}'s in {@code room}: its epoch's key, then the pointer. */
    synchronized void save(String room, String user, GroupState state) {
        save(room, user, state, List.of());
    }

    /**
     * Saves {@code state} as {@code user}'s in {@code room} with {@code alongside} written first, in one commit: its
     * epoch's key and, when the epoch moved, the pointer (older epochs go). Within an epoch only the state's key is
     * written.
     */
    private void save(String room, String user, GroupState state, List<StateChange> alongside) {
        store.apply(connector, changesFor(room, user, state, alongside));
        cache.put(pointer(room, user), state);
    }

    /** The writes of {@link #save}, not made. */
    private List<StateChange> changesFor(String room, String user, GroupState state, List<StateChange> alongside) {
        String key = pointer(room, user);
        long epoch = state.epochNumber();
        Optional<Long> before = store.get(connector, key).map(b -> ByteBuffer.wrap(b).getLong());
        List<StateChange> changes = new ArrayList<>(alongside);
        changes.add(StateChange.put(key + "/" + epoch, state.toBytes()));
        if (before.isEmpty() || before.get() != epoch) {
            changes.add(StateChange.put(key, ByteBuffer.allocate(Long.BYTES).putLong(epoch).array()));
            // Keep the previous epoch (a late journal write may still target it); older ones go.
            before.filter(b -> b < epoch - 1).ifPresent(b -> changes.add(StateChange.delete(key + "/" + b)));
            if (epoch >= 2) {
                changes.add(StateChange.delete(key + "/" + (epoch - 2)));
            }
        }
        List<String> list = new ArrayList<>(members(room));
        if (!list.contains(user)) {
            list.add(user);
            changes.add(StateChange.put(LIST + room, String.join("\n", list).getBytes(StandardCharsets.UTF_8)));
        }
        return changes;
    }

    /**
     * As {@link #commitOwn}, for a room another provider hosts, once its hub accepted our commit: the new states are
     * written here, in one store commit.
     */
    synchronized void followOwn(String room, String committer, GroupState next, byte[] commitMessage) {
        commitOwn(room, committer, next, commitMessage, Set.of(), changes -> {
            store.apply(connector, changes);
            return true;
        }, written -> written);
    }

    /**
     * Takes our members of {@code room} past a commit of our own in a room we host: the committer to {@code next},
     * every other member still in the commit's epoch by processing {@code commitMessage}; members in {@code leaving}
     * (the commit removes them) are left out, and so is one that cannot process it (it stays behind, as it would
     * have). Their writes go to {@code write}, the hub's update, which makes them in the same store commit as the
     * room's new epoch if it accepts the commit; once {@code accepted} says it did, the new states are held here.
     * All under this object's lock, so that no save of one of these members falls between the two.
     */
    synchronized <R> R commitOwn(String room, String committer, GroupState next, byte[] commitMessage,
            Set<String> leaving, Function<List<StateChange>, R> write, Predicate<R> accepted) {
        long epoch = next.epochNumber() - 1;
        List<StateChange> changes = new ArrayList<>();
        Map<String, GroupState> after = new LinkedHashMap<>();
        for (String member : members(room)) {
            if (member.equals(committer) || leaving.contains(member)) {
                continue;
            }
            Optional<GroupState> current = load(room, member);
            if (current.isEmpty() || current.get().epochNumber() != epoch) {
                continue;
            }
            GroupState state = GroupState.fromBytes(current.get().toBytes());
            try {
                state.receiveCommit(commitMessage);
            } catch (RuntimeException e) {
                LOG.warn("{} in {} cannot process the commit of {} to epoch {}: {}", member, room, committer,
                        next.epochNumber(), e.toString());
                continue;
            }
            changes.addAll(changesFor(room, member, state, List.of()));
            after.put(member, state);
        }
        changes.addAll(changesFor(room, committer, next, List.of()));
        after.put(committer, next);
        R result = write.apply(changes);
        if (accepted.test(result)) {
            after.forEach((user, state) -> cache.put(pointer(room, user), state));
        }
        return result;
    }

    /**
     * Forgets {@code user}'s membership of {@code room} (removed from the group): its states, its pointer and its
     * place in the room's list of our members. Nothing happens if it was not a member.
     */
    synchronized void remove(String room, String user) {
        String key = pointer(room, user);
        Optional<Long> epoch = store.get(connector, key).map(b -> ByteBuffer.wrap(b).getLong());
        store.delete(connector, key);
        epoch.ifPresent(e -> {
            store.delete(connector, key + "/" + e);
            store.delete(connector, key + "/" + (e - 1));
        });
        cache.remove(key);
        List<String> list = new ArrayList<>(members(room));
        if (list.remove(user)) {
            store.put(connector, LIST + room, String.join("\n", list).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Joins {@code user} to {@code room} with the state {@code join} makes, unless it is a member already. */
    synchronized boolean joinIfAbsent(String room, String user, Supplier<GroupState> join) {
        if (load(room, user).isPresent()) {
            return false;
        }
        save(room, user, join.get());
        return true;
    }

    /**
     * Encrypts {@code plaintext} as {@code user} in {@code room}; the advanced state is kept here and returned as the
     * state write the journal stores with the ciphertext (not saved by this call).
     */
    synchronized Sealed encrypt(String room, String user, byte[] plaintext, SecureRandom random) {
        GroupState state = load(room, user).orElseThrow(
                () -> new IllegalStateException(user + " is not a member of " + room));
        Encrypted encrypted = state.encrypt(plaintext, new byte[0], random);
        String key = pointer(room, user) + "/" + state.epochNumber();
        return new Sealed(encrypted.message(), new StateWrite(connector, key, state.toBytes()));
    }

    /** Runs {@code read} on {@code user}'s state in {@code room} without saving (e.g. making a commit, which
     * leaves the state it is made from as it was), serialised with the changes. */
    synchronized <T> T read(String room, String user, Function<GroupState, T> read) {
        GroupState state = load(room, user).orElseThrow(
                () -> new IllegalStateException(user + " is not a member of " + room));
        return read.apply(state);
    }

    /** Runs {@code change} on {@code user}'s state in {@code room} and saves the result. */
    synchronized <T> T update(String room, String user, Function<GroupState, T> change) {
        return update(room, user, change, r -> List.of());
    }

    /**
     * Runs {@code change} on {@code user}'s state in {@code room} and saves the result in one commit with the
     * changes {@code alongside} makes of the change's result (written before the state).
     */
    synchronized <T> T update(String room, String user, Function<GroupState, T> change,
            Function<T, List<StateChange>> alongside) {
        GroupState current = load(room, user).orElseThrow(
                () -> new IllegalStateException(user + " is not a member of " + room));
        // Changed on a copy, which replaces the held state once saved: if the save fails (the database is down),
        // the state held here is still the stored one, e.g. with the key of a message whose decryption is retried.
        GroupState state = GroupState.fromBytes(current.toBytes());
        T result = change.apply(state);
        save(room, user, state, alongside.apply(result));
        return result;
    }

    /**
     * Runs {@code change} on {@code user}'s state of the epoch just before its current one in {@code room} (kept by
     * {@link #save}) and saves it back under that epoch, with what {@code alongside} makes of the result in the same
     * commit, leaving the current state as it is: for a message the hub accepted in that epoch that reaches us after
     * a commit we applied. Empty if {@code epoch} is not the previous epoch or its state is gone. The state is only
     * read from and saved to; nothing is ever encrypted in it.
     */
    synchronized <T> Optional<T> updatePrevious(String room, String user, long epoch,
            Function<GroupState, T> change,
            Function<T, List<StateChange>> alongside) {
        String key = pointer(room, user);
        Optional<Long> current = store.get(connector, key).map(b -> ByteBuffer.wrap(b).getLong());
        if (current.isEmpty() || current.get() != epoch + 1) {
            return Optional.empty();
        }
        Optional<GroupState> previous = store.get(connector, key + "/" + epoch).map(GroupState::fromBytes)
                .filter(s -> s.epochNumber() == epoch);
        if (previous.isEmpty()) {
            return Optional.empty();
        }
        T result = change.apply(previous.get());
        List<StateChange> changes = new ArrayList<>(alongside.apply(result));
        changes.add(StateChange.put(key + "/" + epoch, previous.get().toBytes()));
        store.apply(connector, changes);
        return Optional.of(result);
    }

    /** A ciphertext and the state write that must be durable with it. */
    record Sealed(byte[] message, StateWrite write) {
    }

    private static String pointer(String room, String user) {
        return MEMBER + room + "/" + user;
    }

    private static List<String> lines(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
