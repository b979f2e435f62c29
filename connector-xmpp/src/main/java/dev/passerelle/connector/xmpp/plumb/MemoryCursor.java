package dev.passerelle.connector.xmpp.plumb;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityBareJid;

/** A cursor that lives as long as this object: a restart reads no archive. */
final class MemoryCursor implements ArchiveCursor {
    private final Map<EntityBareJid, String> ids = new ConcurrentHashMap<>();

    @Override
    public Future<Optional<String>> get(EntityBareJid room) {
        return Future.succeededFuture(Optional.ofNullable(ids.get(room)));
    }

    @Override
    public Future<Void> put(EntityBareJid room, String archiveId) {
        ids.put(room, archiveId);
        return Future.succeededFuture();
    }
}
