package dev.passerelle.connector.xmpp.plumb;

import io.vertx.core.Future;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;

/**
 * Where the room archive (XEP-0313) catch-up of each plumbed room resumes: the archive id (the room's stanza-id)
 * of the last message the gateway took from that room. It must survive restarts; the connector backs it by its
 * state store. {@link PlumbedRooms} never has two {@code put}s for the same room in flight, so a later value
 * never loses to an earlier one.
 */
public interface ArchiveCursor {

    /** The last archive id seen in {@code room}, or empty when the room was never read. */
    Future<Optional<String>> get(EntityBareJid room);

    /** Records {@code archiveId} as the last one seen in {@code room}. */
    Future<Void> put(EntityBareJid room, String archiveId);
}
