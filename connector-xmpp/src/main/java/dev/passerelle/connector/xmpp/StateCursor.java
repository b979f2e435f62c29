package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.plumb.ArchiveCursor;
import dev.passerelle.core.store.ConnectorStateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;

/** The archive catch-up position of each plumbed room, in the connector's state store so it survives restarts. */
final class StateCursor implements ArchiveCursor {
    private final Vertx vertx;
    private final ConnectorStateStore state;
    private final String connector;

    StateCursor(Vertx vertx, ConnectorStateStore state, String connector) {
        this.vertx = vertx;
        this.state = state;
        this.connector = connector;
    }

    @Override
    public Future<Optional<String>> get(EntityBareJid room) {
        return vertx.executeBlocking(() -> state.get(connector, key(room))
                .map(b -> new String(b, StandardCharsets.UTF_8)), false);
    }

    @Override
    public Future<Void> put(EntityBareJid room, String archiveId) {
        return vertx.executeBlocking(() -> {
            state.put(connector, key(room), archiveId.getBytes(StandardCharsets.UTF_8));
            return null;
        }, false);
    }

    private static String key(EntityBareJid room) {
        return "mam/" + room;
    }
}
