package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.address.Address;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * What an XMPP occupant did in a hosted room that the connector must carry to the remote room. {@link HostedRooms}
 * has already answered and reflected it on the XMPP side.
 */
public sealed interface RoomInbound {

    /** The hosted room's JID. */
    EntityBareJid room();

    /** The acting occupant's real JID (the client's full JID). */
    EntityFullJid occupant();

    /** An XMPP user entered the room. */
    record Joined(EntityBareJid room, EntityFullJid occupant, Resourcepart nick) implements RoomInbound {
    }

    /** An XMPP user's last session left the room (by itself, or by being kicked or bounced). */
    record Left(EntityBareJid room, EntityFullJid occupant, Resourcepart nick) implements RoomInbound {
    }

    /** An XMPP occupant changed its nick. */
    record NickChanged(EntityBareJid room, EntityFullJid occupant, Resourcepart oldNick, Resourcepart newNick)
            implements RoomInbound {
    }

    /**
     * A groupchat message from an XMPP occupant, as it arrived (before reflection).
     *
     * @param stanzaId the XEP-0359 stanza-id (by = the room) the room gave it in every reflected copy
     */
    record Message(EntityBareJid room, EntityFullJid occupant, Resourcepart nick,
            org.jivesoftware.smack.packet.Message message, String stanzaId) implements RoomInbound {
    }

    /** An XMPP occupant set the room's subject (an empty string clears it). */
    record Subject(EntityBareJid room, EntityFullJid occupant, Resourcepart nick, String subject)
            implements RoomInbound {
    }

    /**
     * An XMPP moderator kicked ({@link Departure#KICKED}) or banned ({@link Departure#BANNED}) a member. The target is
     * a remote member's address, or an {@link dev.passerelle.core.address.Jid} for an XMPP occupant.
     */
    record Moderation(EntityBareJid room, EntityFullJid occupant, Address target, Departure action,
            Optional<String> reason) implements RoomInbound {
    }
}
