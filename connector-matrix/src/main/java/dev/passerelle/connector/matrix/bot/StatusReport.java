package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the {@code status} command shows: one line per connector's health (such as {@code xmpp: up}), the
 * remote room this room is bridged to and the other rooms bridged with it, and the router's counts of
 * deliveries waiting and dead letters when the connector knows them.
 */
public record StatusReport(List<String> health, Optional<Address> link, List<Address> otherRooms,
        OptionalLong pendingDeliveries, OptionalLong deadLetters) {

    public StatusReport {
        health = List.copyOf(health);
        Objects.requireNonNull(link, "link");
        otherRooms = List.copyOf(otherRooms);
        Objects.requireNonNull(pendingDeliveries, "pendingDeliveries");
        Objects.requireNonNull(deadLetters, "deadLetters");
        if (link.isEmpty() && !otherRooms.isEmpty()) {
            throw new IllegalArgumentException("a room that is not linked has no other rooms bridged with it");
        }
        checkCount("pendingDeliveries", pendingDeliveries);
        checkCount("deadLetters", deadLetters);
    }

    private static void checkCount(String name, OptionalLong count) {
        if (count.isPresent() && count.getAsLong() < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + count.getAsLong());
        }
    }
}
