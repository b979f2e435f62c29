package dev.passerelle.connector.xmpp.plumb;

import io.vertx.core.Future;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smackx.mam.element.MamFinIQ;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plumbed room's archive (XEP-0313) from its cursor after the listener (re)joined, page by page, and
 * keeps the cursor. The result messages themselves go through {@link PlumbedRooms#handle}. Shares the rooms and
 * the awaited iqs with its {@link PlumbedRooms}, under the same lock.
 */
final class ArchiveCatchUp {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCatchUp.class);

    private final Object lock;
    private final Function<Stanza, Future<Void>> send;
    private final ArchiveCursor cursor;
    private final Jid listenerJid;
    private final int pageSize;
    private final Map<EntityBareJid, Room> rooms;
    private final Map<String, Consumer<IQ>> awaitedIqs;

    ArchiveCatchUp(Object lock, Function<Stanza, Future<Void>> send, ArchiveCursor cursor, Jid listenerJid,
            int pageSize, Map<EntityBareJid, Room> rooms, Map<String, Consumer<IQ>> awaitedIqs) {
        this.lock = lock;
        this.send = send;
        this.cursor = cursor;
        this.listenerJid = listenerJid;
        this.pageSize = pageSize;
        this.rooms = rooms;
        this.awaitedIqs = awaitedIqs;
    }

    void start(EntityBareJid room) {
        cursor.get(room).onComplete(ar -> {
            synchronized (lock) {
                Room r = rooms.get(room);
                if (r == null) {
                    return;
                }
                if (ar.failed() || ar.result().isEmpty()) {
                    if (ar.failed()) {
                        LOG.warn("No archive catch-up for {}: the cursor could not be read: {}", room,
                                ar.cause().getMessage());
                    }
                    caughtUp(r);
                    return;
                }
                r.catchingUp = true;
                r.archivePosition = ar.result().get();
                r.extraRounds = 0;
            }
            query(room, ar.result().get());
        });
    }

    private void query(EntityBareJid room, String after) {
        String queryId = UUID.randomUUID().toString();
        ArchiveQuery q = new ArchiveQuery(queryId, after, pageSize);
        q.setFrom(listenerJid);
        q.setTo(room);
        q.setStanzaId(queryId);
        synchronized (lock) {
            Room r = rooms.get(room);
            if (r == null) {
                return;
            }
            r.queryId = queryId;
            awaitedIqs.put(queryId, answer -> finished(room, queryId, after, answer));
        }
        send.apply(q).onFailure(t -> {
            synchronized (lock) {
                awaitedIqs.remove(queryId);
            }
            LOG.warn("The archive query to {} could not be sent: {}", room, t.getMessage());
        });
    }

    private void finished(EntityBareJid room, String queryId, String after, IQ answer) {
        String next = null;
        synchronized (lock) {
            Room r = rooms.get(room);
            if (r == null || !queryId.equals(r.queryId)) {
                return;
            }
            if (answer.getType() == IQ.Type.error) {
                r.queryId = null;
                // item-not-found: the archive no longer has the cursor's message; nothing to resume from.
                LOG.warn("{} refused the archive query after {}: {}; messages sent while the gateway was away may"
                        + " be missing", room, after, answer.getError());
                caughtUp(r);
                return;
            }
            if (answer instanceof MamFinIQ fin && !fin.isComplete() && fin.getRSMSet() != null
                    && fin.getRSMSet().getLast() != null && !fin.getRSMSet().getLast().equals(after)) {
                next = fin.getRSMSet().getLast();
            } else {
                r.heldBack.removeIf(r.seen::containsKey);
                if (!r.heldBack.isEmpty() && r.extraRounds < 3) {
                    // Live messages came after the archive put its answer together: servers archive before
                    // they broadcast, so another page has them.
                    r.extraRounds++;
                    next = r.archivePosition;
                } else {
                    r.queryId = null;
                    caughtUp(r);
                }
            }
        }
        if (next != null) {
            query(room, next);
        }
    }

    void caughtUp(Room r) {
        if (!r.heldBack.isEmpty()) {
            LOG.warn("{}: {} live messages seen during the archive catch-up never came from the archive; they are"
                    + " lost to the gateway", r.jid, r.heldBack.size());
        }
        r.heldBack.clear();
        r.catchingUp = false;
    }

    /** Records {@code archiveId} as the room's cursor, one write at a time, the latest value winning. */
    void advance(Room r, String archiveId) {
        if (r.cursorInFlight != null) {
            r.cursorNext = archiveId;
            return;
        }
        r.cursorInFlight = archiveId;
        cursor.put(r.jid, archiveId).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("Could not record the archive cursor of {}: {}", r.jid, ar.cause().getMessage());
            }
            synchronized (lock) {
                r.cursorInFlight = null;
                String next = r.cursorNext;
                r.cursorNext = null;
                if (next != null) {
                    advance(r, next);
                }
            }
        });
    }
}
