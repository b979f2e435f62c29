package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.identity.GhostProfile;
import dev.passerelle.connector.xmpp.identity.Identities;
import dev.passerelle.connector.xmpp.identity.PresenceInfo;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.ghost.GhostNaming;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Ghosts as XMPP contacts: remote users' presence and profile changes, delivered to XMPP, go to
 * {@link Identities}, which sends them to the users subscribed to the ghost; profile changes also update the
 * ghost store that vCards are answered from. Runs on the connector's context.
 */
final class Rosters {
    private final Vertx vertx;
    private final GhostNaming naming;
    private final Identities identities;
    private final GhostProfiles profiles;
    /** The last presence each ghost reported, so that a new avatar can be announced with it. */
    private final Map<EntityBareJid, PresenceInfo> last = new HashMap<>();

    Rosters(Vertx vertx, GhostNaming naming, Identities identities, GhostProfiles profiles) {
        this.vertx = vertx;
        this.naming = naming;
        this.identities = identities;
        this.profiles = profiles;
    }

    Identities identities() {
        return identities;
    }

    /** A remote user's presence changed: its subscribers see it (coalesced and rate-limited by Identities). */
    Future<Void> presence(PresenceChanged p) {
        EntityBareJid ghost = ghost(p.sender());
        return hash(ghost).compose(hash -> {
            PresenceInfo info = new PresenceInfo(p.availability() != PresenceChanged.Availability.OFFLINE,
                    mode(p.availability()), p.status(), hash);
            last.put(ghost, info);
            return identities.presenceChanged(ghost, info);
        });
    }

    /**
     * A remote user's profile changed: recorded for the ghost's vCard; with a new avatar, the ghost's presence is
     * sent again with the new XEP-0153 hash so that clients fetch the vCard again.
     */
    Future<Void> profile(ProfileChanged p) {
        EntityBareJid ghost = ghost(p.sender());
        return vertx.executeBlocking(() -> {
            profiles.changed(p.sender(), p.displayName(), p.avatar());
            return (Void) null;
        }, false).compose(v -> {
            PresenceInfo before = last.get(ghost);
            if (before == null || p.avatar().isEmpty()) {
                return Future.succeededFuture();
            }
            return hash(ghost).compose(hash -> {
                PresenceInfo info = new PresenceInfo(before.available(), before.show(), before.status(), hash);
                last.put(ghost, info);
                return identities.presenceChanged(ghost, info);
            });
        });
    }

    private Future<Optional<String>> hash(EntityBareJid ghost) {
        return profiles.profile(ghost).map(found -> found.flatMap(GhostProfile::avatarHash));
    }

    private EntityBareJid ghost(Address real) {
        return JidCreate.entityBareFromOrThrowUnchecked(naming.ghostFor(real, Network.XMPP).toString());
    }

    private static Presence.Mode mode(PresenceChanged.Availability availability) {
        switch (availability) {
            case AWAY:
                return Presence.Mode.away;
            case EXTENDED_AWAY:
                return Presence.Mode.xa;
            case DO_NOT_DISTURB:
                return Presence.Mode.dnd;
            default:
                return Presence.Mode.available;
        }
    }
}
