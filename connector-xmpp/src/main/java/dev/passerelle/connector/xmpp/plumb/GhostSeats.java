package dev.passerelle.connector.xmpp.plumb;

import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The nicks our ghosts hold in each plumbed room. A room keeps a component's occupants when the gateway restarts
 * (the XMPP server sees no session end), and in a room that hides real JIDs their presences then look like anyone
 * else's: the stored nicks tell them apart, so the gateway does not bridge its own ghosts back as new members.
 * {@link PlumbedRooms} never has two {@code put}s for the same room in flight.
 */
public interface GhostSeats {

    /** The nicks stored for {@code room}, empty when none. */
    Future<Set<Resourcepart>> get(EntityBareJid room);

    /** Replaces the nicks stored for {@code room}. */
    Future<Void> put(EntityBareJid room, Set<Resourcepart> nicks);

    /** Seats kept as long as the returned object lives: a restart forgets them. */
    static GhostSeats inMemory() {
        Map<EntityBareJid, Set<Resourcepart>> seats = new ConcurrentHashMap<>();
        return new GhostSeats() {
            @Override
            public Future<Set<Resourcepart>> get(EntityBareJid room) {
                return Future.succeededFuture(seats.getOrDefault(room, Set.of()));
            }

            @Override
            public Future<Void> put(EntityBareJid room, Set<Resourcepart> nicks) {
                seats.put(room, Set.copyOf(nicks));
                return Future.succeededFuture();
            }
        };
    }
}
