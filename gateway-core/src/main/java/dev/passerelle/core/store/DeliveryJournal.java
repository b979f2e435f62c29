package dev.passerelle.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable outbox. Only the router writes it, from one writer thread, in group commits. Every
 * method blocks on the database: call it from a worker thread.
 */
public interface DeliveryJournal {

    /**
     * Writes one group commit in a single transaction. Duplicates (appends whose origin is already in
     * the message map, also earlier in the same batch) are reported, not thrown.
     */
    JournalResult write(JournalBatch batch);

    /** Every PENDING delivery, in seq order: what a restarted router resumes. */
    List<StoredDelivery> pending();

    /** Dead letters, newest first. */
    List<StoredDelivery> deadLetters(int offset, int limit);

    Optional<StoredDelivery> find(long seq);

    /** Turns a dead letter back into a pending delivery due now, attempts reset; false if none. */
    boolean revive(long seq, Instant now);

    /** Removes a dead letter for good; false if none. */
    boolean discard(long seq);

    long pendingCount();

    long deadCount();

    /** Deletes journalled events that no longer have any delivery; returns how many. */
    int prune();

    /**
     * Deletes the events whose last deliveries were confirmed since the last call, as a cheaper, more frequent
     * {@link #prune} that knows which events to look at; returns how many. Called off the journal writer's thread.
     * The default leaves them to {@link #prune}.
     */
    default int pruneConfirmed() {
        return 0;
    }
}
