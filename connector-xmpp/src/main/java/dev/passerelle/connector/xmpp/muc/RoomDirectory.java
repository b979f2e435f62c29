package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.event.Role;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;

/**
 * What the connector tells {@link HostedRooms} about portal rooms: which exist, and who is in them when a room is
 * first touched. Called on the connector's context, so it must answer from memory (the connector keeps its portal
 * list and member lists cached; it fills a room later through {@link HostedRooms#memberJoined} as it learns more).
 */
public interface RoomDirectory {

    /** The room behind {@code room}, or empty when no portal has that JID (a join then gets item-not-found). */
    Optional<RoomInfo> describe(EntityBareJid room);

    /** The standing an XMPP user has in the remote room (through its ghost there); members by default. */
    default Role roleOf(EntityBareJid room, EntityBareJid user) {
        return Role.MEMBER;
    }

    /** Whether an XMPP user is banned from the remote room; such a user's join gets forbidden. */
    default boolean isBanned(EntityBareJid room, EntityBareJid user) {
        return false;
    }
}
