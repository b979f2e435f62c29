package dev.passerelle.core.spi;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.LinkId;

/**
 * What a target connector is asked to carry: {@code event} into room {@code target}, which {@code link}
 * joins to the event's conversation.
 * {@code seq} orders deliveries per (link, target); {@code attempt} counts from 1.
 */
public record Delivery(long seq, Event event, LinkId link, Address target, IdempotencyKey key, int attempt) {
}
