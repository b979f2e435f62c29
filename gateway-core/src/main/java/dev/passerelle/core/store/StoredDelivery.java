package dev.passerelle.core.store;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.EventId;
import java.time.Instant;
import java.util.Optional;

/**
 * One row of the delivery journal: event {@code event} owed to room {@code target}. {@code seq} is
 * assigned by the journal and increases in append order, which is the delivery order per
 * (link, target). {@code eventJson} is the event in its versioned JSON form.
 */
public record StoredDelivery(
        long seq,
        EventId event,
        LinkId link,
        Address target,
        IdempotencyKey key,
        byte[] eventJson,
        Optional<Rendered> rendered,
        int attempts,
        Instant notBefore,
        Status status,
        Optional<String> lastError) {

    /** Where a delivery stands. Delivered rows leave the journal. */
    public enum Status { PENDING, DEAD }

    public StoredDelivery {
        if (event == null || link == null || target == null || key == null || eventJson == null
                || rendered == null || notBefore == null || status == null || lastError == null) {
            throw new IllegalArgumentException("stored delivery fields must not be null");
        }
    }
}
