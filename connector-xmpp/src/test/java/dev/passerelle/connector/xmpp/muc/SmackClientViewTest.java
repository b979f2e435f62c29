package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.MessageWithSubjectFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.muc.filter.MUCUserStatusCodeFilter;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * What a Smack client sees: the join sequence, printed and parsed again as a client stream delivers it, meets the
 * filters Smack's MultiUserChat waits on when entering a room (a presence from the room's bare JID with status 110
 * ends the join; an error presence from the occupant JID with the join's id fails it) and its subject and message
 * listeners.
 */
@Tag("feature:muc-portal")
class SmackClientViewTest {

    static final EntityBareJid ROOM = JidCreate.entityBareFromOrThrowUnchecked("room1@gw.localhost");

    final Recorder sent = new Recorder();
    final HostedRooms rooms = new HostedRooms(sent, n -> io.vertx.core.Future.succeededFuture(), "gw.localhost",
            new MutableClock(Instant.parse("2026-01-01T10:00:00Z")),
            room -> room.equals(ROOM)
                    ? Optional.of(new RoomInfo("Bridge", Optional.of("Welcome"), List.of(new RoomInfo.Member(
                            MatrixUserId.parse("@alice:example.org"), "Alice", Role.OWNER))))
                    : Optional.empty());

    /** The stanzas as the client parses them from the wire. */
    List<Stanza> received() {
        return sent.take().stream().map(s -> StanzaSchemas.parse(s.toXML().toString())).collect(Collectors.toList());
    }

    /** MultiUserChat.enter()'s reply filter for a join presence sent to {@code occupantJid}. */
    static StanzaFilter enterReply(Presence join) {
        return new AndFilter(StanzaTypeFilter.PRESENCE, new OrFilter(
                new AndFilter(FromMatchesFilter.createBare(ROOM), MUCUserStatusCodeFilter.STATUS_110_PRESENCE_TO_SELF),
                new AndFilter(FromMatchesFilter.createFull(join.getTo()), new StanzaIdFilter(join),
                        PresenceTypeFilter.ERROR)));
    }

    @Test
    void theJoinSequenceEndsSmacksEnterWithTheSelfPresenceAndCarriesTheSubject() {
        Presence join = HostedRoomsTest.joinPresence("juliet@localhost/phone", "Juliet", Optional.empty());
        rooms.handle(join);
        List<Stanza> in = received();

        List<Stanza> ending = in.stream().filter(enterReply(join)::accept).collect(Collectors.toList());
        assertThat(ending).hasSize(1);
        Presence self = (Presence) ending.get(0);
        assertThat(self.getType()).isEqualTo(Presence.Type.available);
        assertThat(MUCUser.from(self).getStatus()).contains(MUCUser.Status.PRESENCE_TO_SELF_110);
        assertThat(self.getFrom().getResourceOrThrow().toString()).isEqualTo("Juliet");
        // The occupant list comes before the self-presence, so MultiUserChat knows it when enter() returns.
        assertThat(in.indexOf(self)).isEqualTo(1);
        assertThat(MUCUser.from(in.get(0)).getItem().getNick()).isNull();
        assertThat(in.get(0).getFrom().getResourceOrThrow().toString()).isEqualTo("Alice");

        StanzaFilter subjectFilter = new AndFilter(FromMatchesFilter.createBare(ROOM), MessageTypeFilter.GROUPCHAT,
                MessageWithSubjectFilter.INSTANCE);
        List<Stanza> subjects = in.stream().filter(subjectFilter::accept).collect(Collectors.toList());
        assertThat(subjects).hasSize(1);
        assertThat(((Message) subjects.get(0)).getSubject()).isEqualTo("Welcome");
        assertThat(((Message) subjects.get(0)).getBody()).isNull();
    }

    @Test
    void aRefusedJoinFailsSmacksEnterWithTheErrorCondition() {
        Presence join = HostedRoomsTest.joinPresence("juliet@localhost/phone", "Alice", Optional.empty());
        rooms.handle(join);
        List<Stanza> in = received();
        List<Stanza> ending = in.stream().filter(enterReply(join)::accept).collect(Collectors.toList());
        assertThat(ending).hasSize(1);
        assertThat(ending.get(0).getError().getCondition())
                .isEqualTo(org.jivesoftware.smack.packet.StanzaError.Condition.conflict);
    }

    @Test
    void reflectedMessagesCarryTheRoomsStanzaIdAsSmackReadsIt() {
        rooms.handle(HostedRoomsTest.joinPresence("juliet@localhost/phone", "Juliet", Optional.empty()));
        sent.take();
        Message mine = StanzaBuilder.buildMessage("m1").ofType(Message.Type.groupchat)
                .from(JidCreate.entityFullFromOrThrowUnchecked("juliet@localhost/phone")).to(ROOM)
                .setBody("hello").build();
        RoomInbound.Message inbound = (RoomInbound.Message) rooms.handle(mine).orElseThrow();
        Message reflected = (Message) received().get(0);
        assertThat(new AndFilter(FromMatchesFilter.createBare(ROOM), MessageTypeFilter.GROUPCHAT).accept(reflected))
                .isTrue();
        assertThat(reflected.getStanzaId()).isEqualTo("m1");
        assertThat(StanzaIdElement.getStanzaId(reflected).getId()).isEqualTo(inbound.stanzaId());
        assertThat(StanzaIdElement.getStanzaId(reflected).getBy()).isEqualTo(ROOM.toString());
    }
}
