package dev.passerelle.connector.xmpp.muc;

import java.util.List;
import java.util.Optional;
import org.jivesoftware.smack.packet.ErrorIQ;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;

/** Builds the presences, subject messages and errors a hosted room sends, in Smack's classes. */
final class MucStanzas {

    /**
     * What an occupant presence says beyond the occupant's standing.
     *
     * @param codes status codes for every recipient (110 is added for the occupant's own sessions)
     * @param newNick the new nick of a 303 nick change
     * @param actor the nick of the moderator who kicked or banned
     * @param reason why it was kicked or banned
     * @param outcast whether the occupant was banned (affiliation outcast, role none)
     */
    record Extras(List<MUCUser.Status> codes, Optional<Resourcepart> newNick, Optional<Resourcepart> actor,
            Optional<String> reason, boolean outcast) {

        static final Extras NONE = new Extras(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), false);

        static Extras codes(MUCUser.Status... codes) {
            return new Extras(List.of(codes), Optional.empty(), Optional.empty(), Optional.empty(), false);
        }
    }

    private MucStanzas() {
    }

    /** The presence of {@code occupant} (from its occupant JID) sent to {@code to}. */
    static Presence occupant(Room room, Occupant occupant, EntityFullJid to, boolean available, Extras extras) {
        boolean self = occupant.sessions().contains(to);
        MUCUser x = new MUCUser();
        MUCAffiliation affiliation = extras.outcast() ? MUCAffiliation.outcast : MucRoles.affiliation(occupant.role());
        MUCRole role = available ? MucRoles.mucRole(occupant.role()) : MUCRole.none;
        Jid realJid = occupant.shownJid().orElse(null);
        x.setItem(new MUCItem(affiliation, role, null, extras.reason().orElse(null), realJid,
                extras.newNick().orElse(null), extras.actor().orElse(null)));
        if (self) {
            if (available) {
                // Non-anonymous room: the joiner learns that everyone sees its real JID.
                x.addStatusCode(MUCUser.Status.create(100));
            }
            x.addStatusCode(MUCUser.Status.PRESENCE_TO_SELF_110);
        }
        extras.codes().forEach(x::addStatusCode);
        var builder = StanzaBuilder.buildPresence()
                .from(occupantJid(room, occupant.nick()))
                .to(to)
                .ofType(available ? Presence.Type.available : Presence.Type.unavailable);
        if (available && occupant.mode() != Presence.Mode.available) {
            builder.setMode(occupant.mode());
        }
        if (available) {
            occupant.status().ifPresent(builder::setStatus);
        }
        return builder.addExtension(x).build();
    }

    /** The subject message sent on join and on every change: no body, an empty subject element when unset. */
    static Message subject(Room room, EntityFullJid to) {
        Jid from = room.subjectBy.flatMap(room::byNick).isPresent()
                ? occupantJid(room, room.subjectBy.get())
                : room.jid;
        return StanzaBuilder.buildMessage()
                .ofType(Message.Type.groupchat)
                .from(from)
                .to(to)
                .setSubject(room.subject.orElse(""))
                .build();
    }

    static EntityFullJid occupantJid(Room room, Resourcepart nick) {
        return org.jxmpp.jid.impl.JidCreate.entityFullFrom(room.jid, nick);
    }

    /** An error reply to {@code request}: from its {@code to}, to its {@code from}, same id, no payload. */
    static Stanza error(Stanza request, StanzaError.Condition condition, String text) {
        StanzaError error = StanzaError.getBuilder(condition).setDescriptiveEnText(text).build();
        if (request instanceof IQ) {
            // Not IQ.createErrorResponse: it echoes the request's payload, which RFC 6120's schema does not allow.
            return ErrorIQ.builder(error, StanzaBuilder.buildIqData(request.getStanzaId())
                    .ofType(IQ.Type.error)
                    .from(request.getTo())
                    .to(request.getFrom()))
                    .build();
        }
        if (request instanceof Presence) {
            return StanzaBuilder.buildPresence(request.getStanzaId())
                    .ofType(Presence.Type.error)
                    .from(request.getTo())
                    .to(request.getFrom())
                    .setError(error)
                    .build();
        }
        return StanzaBuilder.buildMessage(request.getStanzaId())
                .ofType(Message.Type.error)
                .from(request.getTo())
                .to(request.getFrom())
                .setError(error)
                .build();
    }
}
