package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.muc.RoomDirectory;
import dev.passerelle.connector.xmpp.muc.RoomInfo;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jxmpp.jid.EntityBareJid;

/**
 * The hosted portal rooms, for {@link dev.passerelle.connector.xmpp.muc.HostedRooms}: a JID on the component
 * domain is a portal when a link holds it. The link store blocks, and the room directory must answer from memory,
 * so portals are cached: all links are read at start, and a JID not cached yet is looked up once (on a worker)
 * before its stanza is handled. A cached portal stays until the gateway restarts, also if its link is deleted:
 * its room then goes on answering, but nothing it receives is relayed (the router finds no link).
 */
final class Portals implements RoomDirectory {
    private final Vertx vertx;
    private final LinkStore links;
    private final GhostNaming ghosts;
    private final Map<String, RoomInfo> known = new ConcurrentHashMap<>();

    Portals(Vertx vertx, LinkStore links, GhostNaming ghosts) {
        this.vertx = vertx;
        this.links = links;
        this.ghosts = ghosts;
    }

    /**
     * Reads every link once (the connector's start): caches the portals, and returns the other XMPP rooms of links
     * (MUCs on the server and users of one-to-one links), for the connector to plumb those on MUC domains.
     */
    Future<List<Jid>> load() {
        return vertx.<List<Link>>executeBlocking(links::list, false).map(all -> {
            List<Jid> elsewhere = new ArrayList<>();
            for (Link link : all) {
                Optional<Address> room = link.roomOn(Network.XMPP);
                if (room.isPresent() && room.get() instanceof Jid jid) {
                    if (jid.domainpart().equals(ghosts.spaces().xmppDomain())) {
                        remember(jid);
                    } else {
                        elsewhere.add(jid.bare());
                    }
                }
            }
            return elsewhere;
        });
    }

    @Override
    public Optional<RoomInfo> describe(EntityBareJid room) {
        return Optional.ofNullable(known.get(room.toString()));
    }

    /** True when {@code jid} (bare, on the component domain) is a portal the cache knows. */
    boolean isKnown(Jid jid) {
        return known.containsKey(jid.toString());
    }

    /**
     * Whether {@code jid} names a room by the ghost naming scheme: the portal of a Matrix or MIMI room. Such a
     * JID may still have no link (yet): {@link #lookUp} says.
     */
    boolean looksLikePortal(Jid jid) {
        return ghosts.realFor(jid).map(Portals::isRoom).orElse(false);
    }

    /** Looks a JID up in the link store (worker thread); caches it when a link holds it. */
    Future<Boolean> lookUp(Jid jid) {
        if (isKnown(jid)) {
            return Future.succeededFuture(true);
        }
        return vertx.executeBlocking(() -> links.findByRoom(jid).isPresent(), false).map(linked -> {
            if (linked) {
                remember(jid);
            }
            return linked;
        });
    }

    private void remember(Address room) {
        if (!(room instanceof Jid jid) || !jid.domainpart().equals(ghosts.spaces().xmppDomain())) {
            return;
        }
        String name = ghosts.realFor(jid).map(Address::toString).orElse(jid.localpart().orElse(jid.toString()));
        known.putIfAbsent(jid.bare().toString(), new RoomInfo(name, Optional.empty(), List.of()));
    }

    static boolean isRoom(Address address) {
        return address instanceof MatrixRoomId || address instanceof MatrixRoomAlias || address instanceof MimiRoomUri;
    }
}
