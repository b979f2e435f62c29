package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.plumb.GhostSeats;
import dev.passerelle.core.store.ConnectorStateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/** The nicks our ghosts hold in each plumbed room, one per line in the connector's state store. */
final class StateSeats implements GhostSeats {
    private final Vertx vertx;
    private final ConnectorStateStore state;
    private final String connector;

    StateSeats(Vertx vertx, ConnectorStateStore state, String connector) {
        this.vertx = vertx;
        this.state = state;
        this.connector = connector;
    }

    @Override
    public Future<Set<Resourcepart>> get(EntityBareJid room) {
        return vertx.executeBlocking(() -> {
            Set<Resourcepart> nicks = new LinkedHashSet<>();
            state.get(connector, key(room)).ifPresent(bytes -> {
                for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        nicks.add(Resourcepart.fromOrThrowUnchecked(line));
                    }
                }
            });
            return nicks;
        }, false);
    }

    @Override
    public Future<Void> put(EntityBareJid room, Set<Resourcepart> nicks) {
        // A nick is a resourcepart: it cannot hold a line feed.
        Set<String> lines = new TreeSet<>();
        nicks.forEach(n -> lines.add(n.toString()));
        return vertx.executeBlocking(() -> {
            if (lines.isEmpty()) {
                state.delete(connector, key(room));
            } else {
                state.put(connector, key(room), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        }, false);
    }

    private static String key(EntityBareJid room) {
        return "seats/" + room;
    }
}
