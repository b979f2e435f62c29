package dev.passerelle.core.spi;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Event;

/** An event that could not reach {@code target}, for its origin connector to report to the sender. */
public record DeliveryFailure(Event event, Address target, GatewayException.Reason reason, String message) {
}
