package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Role;
import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError.Condition;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCAdmin;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;

/**
 * Kicks (role none, XEP-0045 8.2) and bans (affiliation outcast, 9.1) requested by XMPP moderators through
 * muc#admin. An XMPP occupant is removed here at once; a remote member is removed when its network confirms
 * (through {@link HostedRooms#memberLeft}). Other role or affiliation changes are refused: standing comes from the
 * remote room.
 */
final class ModerationRequests {

    private final HostedRooms rooms;

    ModerationRequests(HostedRooms rooms) {
        this.rooms = rooms;
    }

    Optional<RoomInbound> handle(IQ iq, Room room, Optional<Occupant> actor, EntityFullJid from) {
        if (!(iq instanceof MUCAdmin) || ((MUCAdmin) iq).getItems().size() != 1) {
            return refuse(iq, Condition.bad_request, "exactly one item per request");
        }
        if (actor.isEmpty()) {
            return refuse(iq, Condition.not_acceptable, "you are not an occupant of this room");
        }
        MUCItem item = ((MUCAdmin) iq).getItems().get(0);
        Optional<String> reason = Optional.ofNullable(item.getReason()).filter(r -> !r.isEmpty());
        if (item.getRole() == MUCRole.none && item.getNick() != null) {
            if (!MucRoles.isModerator(actor.get().role())) {
                return refuse(iq, Condition.forbidden, "only moderators may kick");
            }
            Optional<Occupant> target = room.byNick(item.getNick());
            if (target.isEmpty()) {
                return refuse(iq, Condition.item_not_found, "no occupant with that nick");
            }
            if (MucRoles.canBan(target.get().role())) {
                return refuse(iq, Condition.not_allowed, "admins and owners cannot be kicked");
            }
            return act(iq, room, actor.get(), from, target.get(), Departure.KICKED, reason);
        }
        if (item.getAffiliation() == MUCAffiliation.outcast) {
            if (!MucRoles.canBan(actor.get().role())) {
                return refuse(iq, Condition.forbidden, "only admins and owners may ban");
            }
            Optional<Occupant> target = Optional.empty();
            if (item.getJid() != null && item.getJid().asEntityBareJidIfPossible() != null) {
                EntityBareJid user = item.getJid().asEntityBareJidIfPossible();
                List<Occupant> found = room.byUser(user);
                if (found.isEmpty()) {
                    // An XMPP user who is not in the room: barred from joining, and the remote room is told.
                    room.ban(user);
                    rooms.reply(IQ.createResultIQ(iq));
                    return Optional.of(new RoomInbound.Moderation(room.jid, from, coreJid(user), Departure.BANNED,
                            reason));
                }
                target = Optional.of(found.get(0));
            } else if (item.getNick() != null) {
                // Remote members show no JID, so clients can only name them by nick.
                target = room.byNick(item.getNick());
            }
            if (target.isEmpty()) {
                return refuse(iq, Condition.item_not_found, "no such member");
            }
            if (target.get().role() == Role.OWNER) {
                return refuse(iq, Condition.not_allowed, "owners cannot be banned");
            }
            return act(iq, room, actor.get(), from, target.get(), Departure.BANNED, reason);
        }
        return refuse(iq, Condition.not_allowed, "roles and affiliations come from the room's own network");
    }

    private Optional<RoomInbound> act(IQ iq, Room room, Occupant actor, EntityFullJid from, Occupant target,
            Departure how, Optional<String> reason) {
        Address address;
        if (target.isRemote()) {
            address = target.remote().get();
        } else {
            EntityBareJid user = target.user().get();
            address = coreJid(user);
            if (how == Departure.BANNED) {
                room.ban(user);
            }
            rooms.removeOccupant(room, target, how, Optional.of(actor.nick()), reason);
        }
        rooms.reply(IQ.createResultIQ(iq));
        return Optional.of(new RoomInbound.Moderation(room.jid, from, address, how, reason));
    }

    private Optional<RoomInbound> refuse(IQ iq, Condition condition, String text) {
        rooms.reply(MucStanzas.error(iq, condition, text));
        return Optional.empty();
    }

    private static dev.passerelle.core.address.Jid coreJid(EntityBareJid user) {
        return dev.passerelle.core.address.Jid.parse(user.toString());
    }
}
