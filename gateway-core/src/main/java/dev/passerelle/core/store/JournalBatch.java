package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.EventId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the router writes to the journal in one group commit: new events with their deliveries,
 * rendered payloads, completions, retries and dead letters. Written in one transaction.
 */
public record JournalBatch(
        List<Append> appends,
        List<RenderedUpdate> rendered,
        List<Done> done,
        List<Retry> retries,
        List<DeadLetter> deadLetters) {

    public JournalBatch {
        appends = List.copyOf(appends);
        rendered = List.copyOf(rendered);
        done = List.copyOf(done);
        retries = List.copyOf(retries);
        deadLetters = List.copyOf(deadLetters);
    }

    public boolean isEmpty() {
        return appends.isEmpty() && rendered.isEmpty() && done.isEmpty() && retries.isEmpty() && deadLetters.isEmpty();
    }

    /**
     * A new inbound event. {@code origin} is recorded in the message map in the same transaction; if it
     * is already mapped the event is a duplicate and nothing of it is written, {@code records} included.
     */
    public record Append(EventId event, NativeRef origin, LinkId link, byte[] eventJson, List<Target> targets,
            EventRecords records) {
        public Append {
            targets = List.copyOf(targets);
            if (records == null) {
                throw new IllegalArgumentException("records must not be null (use EventRecords.NONE)");
            }
        }

        /** An event its connector keeps nothing more about. */
        public Append(EventId event, NativeRef origin, LinkId link, byte[] eventJson, List<Target> targets) {
            this(event, origin, link, eventJson, targets, EventRecords.NONE);
        }
    }

    /** One delivery to create. */
    public record Target(Address room, IdempotencyKey key) {
    }

    /** The rendered payload of a pending delivery, stored before its first send. */
    public record RenderedUpdate(long seq, Rendered rendered) {
    }

    /**
     * A delivery confirmed by its target: the row leaves the journal, {@code result} (the native id
     * the target assigned) goes into the message map, and so do the {@code aliases} the target knows the
     * message by as well (an alias already mapped to another message keeps its first mapping).
     */
    public record Done(long seq, EventId event, Optional<NativeRef> result, List<NativeRef> aliases) {
        public Done {
            // copyOf also rejects null entries.
            aliases = List.copyOf(aliases);
        }

        /** A delivery whose target gave the message at most one id. */
        public Done(long seq, EventId event, Optional<NativeRef> result) {
            this(seq, event, result, List.of());
        }
    }

    /** A transient failure: try again at {@code notBefore}. */
    public record Retry(long seq, int attempts, Instant notBefore, String error) {
    }

    /** A permanent failure or exhausted retries: kept as a dead letter until an operator acts. */
    public record DeadLetter(long seq, int attempts, String error) {
    }
}
