package dev.passerelle.connector.xmpp.muc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.testing.MutableClock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Joins into rooms with more occupants than the component connection holds unconfirmed: the join still completes
 * in XEP-0045 order, and what happens in the room meanwhile leaves the joiner with the room as it is.
 */
@Tag("feature:muc-portal")
class LargeJoinTest {

    static final EntityBareJid BIG = JidCreate.entityBareFromOrThrowUnchecked("big@gw.localhost");
    static final EntityBareJid SMALL = JidCreate.entityBareFromOrThrowUnchecked("small@gw.localhost");
    static final String JOINER = "juliet@localhost/phone";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

    /** Rooms whose remote members are m0..m(n-1), named M0..; {@code big} has {@code members}, {@code small} one. */
    HostedRooms rooms(HeldLink link, int members, int window) {
        RoomDirectory directory = new RoomDirectory() {
            @Override
            public Optional<RoomInfo> describe(EntityBareJid room) {
                int n = room.equals(BIG) ? members : room.equals(SMALL) ? 1 : -1;
                if (n < 0) {
                    return Optional.empty();
                }
                return Optional.of(new RoomInfo("Room", Optional.of("Welcome"), IntStream.range(0, n)
                        .mapToObj(i -> new RoomInfo.Member(member(i), "M" + i, Role.MEMBER)).toList()));
            }

            @Override
            public Role roleOf(EntityBareJid room, EntityBareJid user) {
                return Role.MEMBER;
            }

            @Override
            public boolean isBanned(EntityBareJid room, EntityBareJid user) {
                return false;
            }
        };
        return new HostedRooms(link::send, link::room, "gw.localhost", clock, directory, window);
    }

    static Address member(int i) {
        return MatrixUserId.parse("@m" + i + ":example.org");
    }

    static Optional<RoomInbound> join(HostedRooms rooms, EntityBareJid room, String fullJid, String nick) {
        return rooms.handle(HostedRoomsTest.joinPresence(fullJid, nick, Optional.empty()).asBuilder()
                .to(JidCreate.entityFullFromOrThrowUnchecked(room + "/" + nick)).build());
    }

    static Message text(String body) {
        return StanzaBuilder.buildMessage().setBody(body).build();
    }

    static List<Stanza> to(List<Stanza> stanzas, String jid) {
        return stanzas.stream().filter(s -> String.valueOf(s.getTo()).equals(jid)).collect(Collectors.toList());
    }

    static boolean isSelf(Stanza s) {
        MUCUser x = MUCUser.from(s);
        return s instanceof Presence && x != null && x.getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110);
    }

    static int selfIndex(List<Stanza> toJoiner) {
        for (int i = 0; i < toJoiner.size(); i++) {
            if (isSelf(toJoiner.get(i))) {
                return i;
            }
        }
        return -1;
    }

    static String nick(Stanza s) {
        return s.getFrom().getResourceOrEmpty().toString();
    }

    /**
     * The occupants a client believes are in the room after reading {@code stanzas} in order (its own presence
     * aside); fails on an unavailable presence of an occupant it was never told of.
     */
    static Set<String> view(List<Stanza> stanzas) {
        Set<String> seen = new LinkedHashSet<>();
        for (Stanza s : stanzas) {
            if (!(s instanceof Presence) || isSelf(s)) {
                continue;
            }
            if (((Presence) s).getType() == Presence.Type.available) {
                seen.add(nick(s));
            } else {
                assertThat(seen.remove(nick(s))).as("unavailable from %s, never seen available", s.getFrom())
                        .isTrue();
            }
        }
        return seen;
    }

    static Set<String> nicks(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "M" + i).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Every occupant's presence, once each, then the joiner's own (110), then the subject, last. */
    static void assertCompleteJoin(List<Stanza> toJoiner, Set<String> occupants) {
        int self = selfIndex(toJoiner);
        assertThat(self).as("the joiner's own presence").isNotNegative();
        List<Stanza> before = toJoiner.subList(0, self);
        assertThat(before).allSatisfy(s -> assertThat(s).isInstanceOf(Presence.class));
        assertThat(view(before)).containsExactlyInAnyOrderElementsOf(occupants);
        Stanza last = toJoiner.get(toJoiner.size() - 1);
        assertThat(last).isInstanceOf(Message.class);
        assertThat(((Message) last).getSubject()).isEqualTo("Welcome");
    }

    @Test
    void aJoinIntoARoomLargerThanTheConnectionHoldsCompletesInOrder() {
        HeldLink link = new HeldLink(800);
        HostedRooms rooms = rooms(link, 2_000, HostedRooms.JOIN_WINDOW);

        assertThat(join(rooms, BIG, JOINER, "Juliet")).get().isInstanceOf(RoomInbound.Joined.class);
        assertThat(link.unconfirmed()).isLessThanOrEqualTo(HostedRooms.JOIN_WINDOW);
        assertThat(link.confirmAll()).as("round trips").isGreaterThan(1);

        List<Stanza> toJoiner = to(link.take(), JOINER);
        assertThat(link.refused()).isZero();
        assertThat(toJoiner).hasSize(2_000 + 2);
        assertThat(toJoiner.subList(0, 2_000)).extracting(LargeJoinTest::nick)
                .as("each occupant once").doesNotHaveDuplicates();
        assertCompleteJoin(toJoiner, nicks(0, 2_000));
    }

    @Test
    void otherRoomsKeepFlowingWhileALargeJoinIsSent() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = rooms(link, 30, 4);
        join(rooms, SMALL, "romeo@localhost/pc", "Romeo");
        link.confirmAll();
        link.take();

        join(rooms, BIG, JOINER, "Juliet");
        rooms.message(SMALL, member(0), text("hello"));
        assertThat(link.refused()).as("stanzas refused while the join is under way").isZero();
        // A second join, into the small room, completes beside the large one.
        join(rooms, SMALL, "nurse@localhost/tab", "Nurse");
        link.confirmAll();

        assertThat(link.refused()).isZero();
        List<Stanza> all = link.take();
        assertThat(to(all, "romeo@localhost/pc")).anySatisfy(s -> assertThat(s).isInstanceOfSatisfying(
                Message.class, m -> assertThat(m.getBody()).isEqualTo("hello")));
        assertCompleteJoin(to(all, JOINER), nicks(0, 30));
        assertCompleteJoin(to(all, "nurse@localhost/tab"), Set.of("M0", "Romeo"));
    }

    @Test
    void presencesTheConnectionRefusedAreSentAgainWhenItHasRoom() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = rooms(link, 30, 4);
        join(rooms, SMALL, "romeo@localhost/pc", "Romeo");
        link.confirmAll();
        link.take();
        // Other traffic holds most of the connection: part of the join's first presences are refused.
        for (int i = 0; i < 8; i++) {
            rooms.message(SMALL, member(0), text("other " + i));
        }
        join(rooms, BIG, JOINER, "Juliet");
        assertThat(link.refused()).isPositive();

        link.confirmAll();
        List<Stanza> toJoiner = to(link.take(), JOINER);
        assertThat(toJoiner).hasSize(30 + 2);
        assertCompleteJoin(toJoiner, nicks(0, 30));
    }

    @Test
    void aJoinHeldUpByAStoppedConnectionGoesOnWithTheNextStanzaFromTheServer() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = rooms(link, 30, 4);
        join(rooms, BIG, JOINER, "Juliet");
        link.stop();
        link.restart();
        link.confirmAll();
        assertThat(selfIndex(to(link.take(), JOINER))).as("held up").isNegative();

        // Any stanza for a room shows the connection is up again, here the joiner's self-ping (XEP-0410).
        rooms.handle(StanzaSchemas.parse("<iq xmlns='jabber:client' type='get' id='p1' from='" + JOINER + "' to='"
                + BIG + "/Juliet'><ping xmlns='urn:xmpp:ping'/></iq>"));
        link.confirmAll();
        List<Stanza> toJoiner = to(link.take(), JOINER);
        assertThat(toJoiner).filteredOn(s -> s instanceof IQ).hasSize(1);
        assertCompleteJoin(toJoiner.stream().filter(s -> !(s instanceof IQ)).collect(Collectors.toList()),
                nicks(0, 30));
    }

    @Test
    void occupantsWhoComeAndGoDuringTheJoinLeaveTheJoinerWithTheRoomAsItIs() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = rooms(link, 30, 4);
        join(rooms, BIG, JOINER, "Juliet");
        link.confirm();
        // M0..M7 were sent by now; M2 (already told) and M20 (not yet) leave, M5 is renamed, M25 changes role,
        // someone new arrives.
        rooms.memberLeft(BIG, member(2), Departure.LEFT, Optional.empty(), Optional.empty());
        rooms.memberLeft(BIG, member(20), Departure.KICKED, Optional.empty(), Optional.empty());
        rooms.nickChanged(BIG, member(5), "Five");
        rooms.roleChanged(BIG, member(25), Role.MODERATOR);
        rooms.memberJoined(BIG, member(99), "Newcomer", Role.MEMBER);
        link.confirmAll();

        List<Stanza> toJoiner = to(link.take(), JOINER);
        Set<String> expected = nicks(0, 30);
        expected.removeAll(List.of("M2", "M20", "M5"));
        expected.addAll(List.of("Five", "Newcomer"));
        assertCompleteJoin(toJoiner, expected);
        assertThat(toJoiner).noneMatch(s -> nick(s).equals("M20"));
        assertThat(toJoiner).filteredOn(s -> nick(s).equals("Newcomer")).hasSize(1);
        assertThat(toJoiner).filteredOn(s -> nick(s).equals("M2")).extracting(s -> ((Presence) s).getType())
                .containsExactly(Presence.Type.available, Presence.Type.unavailable);
    }

    @Test
    void messagesAndSubjectsDuringTheJoinComeAfterTheJoinersOwnPresence() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = julietJoiningAfterRomeo(link);
        rooms.message(BIG, member(1), text("during the join"));
        rooms.subject(BIG, member(1), "New topic");
        link.confirmAll();

        List<Stanza> all = link.take();
        List<Stanza> toJoiner = to(all, JOINER);
        int self = selfIndex(toJoiner);
        assertThat(toJoiner.subList(0, self)).allSatisfy(s -> assertThat(s).isInstanceOf(Presence.class));
        List<Stanza> after = toJoiner.subList(self + 1, toJoiner.size());
        assertThat(after).hasSize(2);
        Message history = (Message) after.get(0);
        assertThat(history.getBody()).isEqualTo("during the join");
        assertThat(history.getExtension(DelayInformation.class)).as("sent as history").isNotNull();
        assertThat(((Message) after.get(1)).getSubject()).isEqualTo("New topic");
        // Romeo, in the room before, had both live.
        assertThat(to(all, "romeo@localhost/pc")).filteredOn(s -> s instanceof Message).hasSize(2);
    }

    /** Romeo in the big room, then Juliet's join into it under way: one batch of its presences confirmed. */
    private HostedRooms julietJoiningAfterRomeo(HeldLink link) {
        HostedRooms rooms = rooms(link, 30, 4);
        join(rooms, BIG, "romeo@localhost/pc", "Romeo");
        link.confirmAll();
        link.take();
        join(rooms, BIG, JOINER, "Juliet");
        link.confirm();
        return rooms;
    }

    @Test
    void aJoinerWhoLeavesDuringItsJoinIsToldAndGetsNothingMore() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = julietJoiningAfterRomeo(link);
        Optional<RoomInbound> left = rooms.handle(StanzaSchemas.parse("<presence xmlns='jabber:client' "
                + "type='unavailable' from='" + JOINER + "' to='" + BIG + "/Juliet'/>"));
        assertThat(left).get().isInstanceOf(RoomInbound.Left.class);
        List<Stanza> beforeLeaving = to(link.take(), JOINER);
        link.confirmAll();

        assertThat(to(link.take(), JOINER)).isEmpty();
        Stanza goodbye = beforeLeaving.get(beforeLeaving.size() - 1);
        assertThat(((Presence) goodbye).getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(isSelf(goodbye)).isTrue();
        assertThat(beforeLeaving.subList(0, beforeLeaving.size() - 1)).noneMatch(LargeJoinTest::isSelf);
        // The join into another room goes on as if nothing happened: the window was given back.
        join(rooms, SMALL, JOINER, "Juliet");
        link.confirmAll();
        assertCompleteJoin(to(link.take(), JOINER), Set.of("M0"));
    }

    @Test
    void aJoinerWhoseServerBouncesThePresencesIsRemovedAndGetsNothingMore() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = julietJoiningAfterRomeo(link);
        // The client went away with the connection: its server sends our presences back as errors.
        Optional<RoomInbound> gone = rooms.handle(StanzaSchemas.parse("<presence xmlns='jabber:client' "
                + "type='error' from='" + JOINER + "' to='" + BIG + "/M0'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>"));
        assertThat(gone).get().isInstanceOf(RoomInbound.Left.class);
        link.take();
        link.confirmAll();

        List<Stanza> after = link.take();
        assertThat(to(after, JOINER)).isEmpty();
        assertThat(to(after, "romeo@localhost/pc")).isEmpty();
    }

    @Test
    void aMemberArrivingJustAsTheLastPresencesAreConfirmedIsStillAnnouncedBeforeTheSelfPresence() {
        HeldLink link = new HeldLink(10);
        HostedRooms rooms = rooms(link, 3, 4);
        join(rooms, BIG, JOINER, "Juliet");
        // All three sent, none confirmed yet: the join waits for them before its own presence.
        assertThat(selfIndex(to(link.take(), JOINER))).isNegative();
        rooms.memberJoined(BIG, member(7), "Late", Role.MEMBER);
        link.confirmAll();

        List<Stanza> toJoiner = to(link.take(), JOINER);
        assertThat(toJoiner).extracting(s -> isSelf(s) ? "self" : s instanceof Message ? "subject" : nick(s))
                .containsExactly("Late", "self", "subject");
    }
}
