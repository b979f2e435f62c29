package dev.passerelle.core.router;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where an inbound event goes: the link of its conversation, then every other room of the link
 * whose network has a connector able to carry it. Runs on the journal writer's thread (it may block on
 * the store; the link lookup is cached there).
 */
final class Fanout {

    /** The link an event travels through and one delivery target per other room. */
    record Resolution(Link link, List<JournalBatch.Target> targets) {
    }

    private final LinkStore links;
    private final Map<Network, Connector> connectors;
    private final RouterMetrics metrics;

    Fanout(LinkStore links, Map<Network, Connector> connectors, RouterMetrics metrics) {
        this.links = links;
        this.connectors = connectors;
        this.metrics = metrics;
    }

    /** The resolution, or null if the event's conversation is not bridged anywhere that can carry it. */
    Resolution resolve(Event event) {
        Optional<Link> link = links.findByRoom(event.conversation());
        if (link.isEmpty()) {
            return null;
        }
        Optional<Capability> needed = Capability.neededBy(event);
        List<JournalBatch.Target> targets = new ArrayList<>();
        for (Address room : link.get().rooms()) {
            if (room.equals(event.conversation())) {
                continue;
            }
            Connector connector = connectors.get(room.network());
            if (connector == null) {
                metrics.notCarried(room.network(), "no_connector");
                continue;
            }
            if (needed.isPresent() && needed.get().ephemeral() && !connector.capabilities().contains(needed.get())) {
                metrics.notCarried(room.network(), needed.get().name().toLowerCase(java.util.Locale.ROOT));
                continue;
            }
            targets.add(new JournalBatch.Target(room, IdempotencyKey.derive(event.id(), room)));
        }
        return targets.isEmpty() ? null : new Resolution(link.get(), targets);
    }
}
