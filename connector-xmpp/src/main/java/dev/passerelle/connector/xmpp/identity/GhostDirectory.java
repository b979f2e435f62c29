package dev.passerelle.connector.xmpp.identity;

import io.vertx.core.Future;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;

/**
 * What the gateway knows about its ghosts, implemented by the connector on the store. Called on the connector's
 * Vert.x context; the futures may complete on it or on a worker's callback to it, never by blocking it.
 */
public interface GhostDirectory {

    /** Whether {@code jid} names a ghost by the core's naming scheme (portals and the domain are not ghosts). */
    boolean isGhost(EntityBareJid jid);

    /** The ghost's display name and avatar hash; empty when the gateway knows nothing of it. */
    Future<Optional<GhostProfile>> profile(EntityBareJid ghost);

    /** The ghost's avatar image, fetched only when a vCard is asked for; empty when it has none. */
    Future<Optional<Avatar>> avatar(EntityBareJid ghost);
}
