package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.testing.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MUCRole;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

@Tag("feature:muc-portal")
class HostedRoomsTest {

    static final EntityBareJid ROOM = JidCreate.entityBareFromOrThrowUnchecked("room1@gw.localhost");
    static final String R = "room1@gw.localhost";
    static final Address ALICE = MatrixUserId.parse("@alice:example.org");
    static final Address BOB = MatrixUserId.parse("@bob:example.org");
    static final Address CAROL = MatrixUserId.parse("@carol:example.org");

    final Recorder sent = new Recorder();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    final Map<String, Role> xmppRoles = new java.util.HashMap<>();
    final Set<String> directoryBans = new HashSet<>();
    HostedRooms rooms;

    @BeforeEach
    void setUp() {
        RoomDirectory directory = new RoomDirectory() {
            @Override
            public Optional<RoomInfo> describe(EntityBareJid room) {
                if (!room.equals(ROOM)) {
                    return Optional.empty();
                }
                return Optional.of(new RoomInfo("Bridge", Optional.of("Welcome"), List.of(
                        new RoomInfo.Member(ALICE, "Alice", Role.OWNER),
                        new RoomInfo.Member(BOB, "Bob", Role.MEMBER))));
            }

            @Override
            public Role roleOf(EntityBareJid room, EntityBareJid user) {
                return xmppRoles.getOrDefault(user.toString(), Role.MEMBER);
            }

            @Override
            public boolean isBanned(EntityBareJid room, EntityBareJid user) {
                return directoryBans.contains(user.toString());
            }
        };
        rooms = new HostedRooms(sent, n -> Future.succeededFuture(), "gw.localhost", clock, directory);
    }

    // ---- helpers ----

    Optional<RoomInbound> in(String xml) {
        return rooms.handle(StanzaSchemas.parse(xml));
    }

    Optional<RoomInbound> join(String fullJid, String nick) {
        return rooms.handle(joinPresence(fullJid, nick, Optional.empty()));
    }

    /**
     * A join as the stream parser delivers it: Smack has no provider for the muc join element, so it arrives as a
     * standard extension element.
     */
    static Presence joinPresence(String fullJid, String nick, Optional<StandardExtensionElement> history) {
        StandardExtensionElement.Builder x = StandardExtensionElement.builder("x", "http://jabber.org/protocol/muc");
        history.ifPresent(x::addElement);
        return StanzaBuilder.buildPresence("j1")
                .from(JidCreate.entityFullFromOrThrowUnchecked(fullJid))
                .to(JidCreate.entityFullFromOrThrowUnchecked(R + "/" + nick))
                .addExtension(x.build())
                .build();
    }

    static MUCUser x(Stanza s) {
        MUCUser x = MUCUser.from(s);
        assertThat(x).as("muc#user x in %s", s.toXML()).isNotNull();
        return x;
    }

    static Set<Integer> codes(Stanza s) {
        return x(s).getStatus().stream().map(MUCUser.Status::getCode).collect(Collectors.toSet());
    }

    static StanzaError.Condition condition(Stanza s) {
        assertThat(s.getError()).as("error in %s", s.toXML()).isNotNull();
        return s.getError().getCondition();
    }

    static <T> T done(Future<T> f) {
        assertThat(f.succeeded()).as("future %s", f.cause()).isTrue();
        return f.result();
    }

    // ---- join ----

    @Test
    void joinSendsTheOccupantsThenTheSelfPresenceWith110And100ThenTheSubject() {
        Optional<RoomInbound> joined = join("juliet@localhost/phone", "Juliet");

        assertThat(joined).contains(new RoomInbound.Joined(ROOM,
                JidCreate.entityFullFromOrThrowUnchecked("juliet@localhost/phone"),
                org.jxmpp.jid.parts.Resourcepart.fromOrThrowUnchecked("Juliet")));
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(4);
        assertThat(out).allSatisfy(s -> assertThat(String.valueOf(s.getTo())).isEqualTo("juliet@localhost/phone"));
        assertThat(String.valueOf(out.get(0).getFrom())).isEqualTo(R + "/Alice");
        assertThat(x(out.get(0)).getItem().getAffiliation()).isEqualTo(MUCAffiliation.owner);
        assertThat(x(out.get(0)).getItem().getRole()).isEqualTo(MUCRole.moderator);
        assertThat((Object) x(out.get(0)).getItem().getJid()).as("remote members have no XMPP real JID").isNull();
        assertThat(codes(out.get(0))).isEmpty();
        assertThat(String.valueOf(out.get(1).getFrom())).isEqualTo(R + "/Bob");
        assertThat(x(out.get(1)).getItem().getRole()).isEqualTo(MUCRole.participant);
        Presence self = (Presence) out.get(2);
        assertThat(String.valueOf(self.getFrom())).isEqualTo(R + "/Juliet");
        assertThat(self.getType()).isEqualTo(Presence.Type.available);
        assertThat(codes(self)).containsExactlyInAnyOrder(110, 100);
        assertThat(String.valueOf(x(self).getItem().getJid())).isEqualTo("juliet@localhost/phone");
        assertThat(x(self).getItem().getAffiliation()).isEqualTo(MUCAffiliation.member);
        Message subject = (Message) out.get(3);
        assertThat(subject.getType()).isEqualTo(Message.Type.groupchat);
        assertThat(subject.getSubject()).isEqualTo("Welcome");
        assertThat(subject.getBody()).isNull();
        assertThat(String.valueOf(subject.getFrom())).isEqualTo(R);
    }

    @Test
    void aSecondJoinerIsAnnouncedToTheFirstAndSeesIt() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        join("romeo@localhost/pc", "Romeo");
        List<Stanza> out = sent.take();

        List<Stanza> toJuliet = out.stream().filter(s -> s.getTo().toString().equals("juliet@localhost/phone"))
                .collect(Collectors.toList());
        assertThat(toJuliet).hasSize(1);
        assertThat(String.valueOf(toJuliet.get(0).getFrom())).isEqualTo(R + "/Romeo");
        assertThat(codes(toJuliet.get(0))).isEmpty();
        assertThat(String.valueOf(x(toJuliet.get(0)).getItem().getJid())).as("non-anonymous").isEqualTo("romeo@localhost/pc");
        List<Stanza> toRomeo = out.stream().filter(s -> s.getTo().toString().equals("romeo@localhost/pc"))
                .collect(Collectors.toList());
        assertThat(toRomeo).extracting(s -> s.getFrom().toString())
                .containsExactly(R + "/Alice", R + "/Bob", R + "/Juliet", R + "/Romeo", R);
        assertThat(codes(toRomeo.get(3))).contains(110);
    }

    @Test
    void anEmptySubjectIsSentAsAnEmptySubjectElement() {
        done(rooms.subject(ROOM, ALICE, ""));
        join("juliet@localhost/phone", "Juliet");
        List<Stanza> out = sent.take();
        Message subject = (Message) out.get(out.size() - 1);
        assertThat(subject.getSubject()).isEmpty();
        assertThat(subject.getBody()).isNull();
        assertThat(String.valueOf(subject.getFrom())).isEqualTo(R + "/Alice");
    }

    @Test
    void aSecondClientOfTheSameAccountSharesTheNick() {
        join("juliet@localhost/phone", "Juliet");
        Optional<RoomInbound> second = join("juliet@localhost/laptop", "Juliet");
        assertThat(second).isEmpty();
        List<Stanza> out = sent.take();
        assertThat(out).noneMatch(s -> s.getError() != null);
        assertThat(out).filteredOn(s -> s.getTo().toString().equals("juliet@localhost/laptop"))
                .extracting(s -> s.getFrom().toString()).contains(R + "/Juliet", R);
    }

    // ---- nicks ----

    @Test
    void anXmppUserTakingARemoteMembersNickGetsConflict() {
        Optional<RoomInbound> result = join("juliet@localhost/phone", "Alice");
        assertThat(result).isEmpty();
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(1);
        assertThat(((Presence) out.get(0)).getType()).isEqualTo(Presence.Type.error);
        assertThat(condition(out.get(0))).isEqualTo(StanzaError.Condition.conflict);
        assertThat(out.get(0).getStanzaId()).isEqualTo("j1");
        assertThat(String.valueOf(out.get(0).getFrom())).isEqualTo(R + "/Alice");
    }

    @Test
    void anotherXmppUserTakingAnOccupiedNickGetsConflict() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        join("mallory@localhost/x", "Juliet");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.conflict);
    }

    @Test
    void aRemoteMemberWhoseNameIsTakenGetsASuffix() {
        join("juliet@localhost/phone", "Carol");
        sent.take();
        done(rooms.memberJoined(ROOM, CAROL, "Carol", Role.MEMBER));
        done(rooms.memberJoined(ROOM, MatrixUserId.parse("@carol2:example.org"), "Carol", Role.MEMBER));
        List<Stanza> out = sent.take();
        assertThat(out).extracting(s -> s.getFrom().toString()).containsExactly(R + "/Carol (2)", R + "/Carol (3)");
        assertThat(out).allSatisfy(s -> assertThat(String.valueOf(s.getTo())).isEqualTo("juliet@localhost/phone"));
    }

    @Test
    void anOccupantChangesItsNickWith303() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Optional<RoomInbound> changed = in("<presence xmlns='jabber:client' from='juliet@localhost/phone' to='"
                + R + "/Jules'/>");
        assertThat(changed).get().isInstanceOf(RoomInbound.NickChanged.class);
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(4);
        Presence leaveOld = (Presence) out.get(0);
        assertThat(leaveOld.getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(String.valueOf(leaveOld.getFrom())).isEqualTo(R + "/Juliet");
        assertThat(codes(leaveOld)).contains(303);
        assertThat(String.valueOf(x(leaveOld).getItem().getNick())).isEqualTo("Jules");
        assertThat(out.subList(2, 4)).allSatisfy(p -> {
            assertThat(((Presence) p).getType()).isEqualTo(Presence.Type.available);
            assertThat(String.valueOf(p.getFrom())).isEqualTo(R + "/Jules");
        });
        in("<presence xmlns='jabber:client' from='romeo@localhost/pc' to='" + R + "/Alice'/>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.conflict);
    }

    @Test
    void aRemoteDisplayNameChangeRenamesTheOccupant() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        done(rooms.nickChanged(ROOM, BOB, "Robert"));
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(2);
        assertThat(codes(out.get(0))).containsExactly(303);
        assertThat(String.valueOf(out.get(1).getFrom())).isEqualTo(R + "/Robert");
        done(rooms.nickChanged(ROOM, BOB, "Robert"));
        assertThat(sent.take()).isEmpty();
    }

    // ---- leave, kick, ban ----

    @Test
    void leavingTellsTheLeaverWith110AndTheOthersPlainly() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Optional<RoomInbound> left = in("<presence xmlns='jabber:client' type='unavailable' "
                + "from='juliet@localhost/phone' to='" + R + "/Juliet'/>");
        assertThat(left).get().isInstanceOf(RoomInbound.Left.class);
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(2).allSatisfy(p -> {
            assertThat(((Presence) p).getType()).isEqualTo(Presence.Type.unavailable);
            assertThat(x(p).getItem().getRole()).isEqualTo(MUCRole.none);
        });
        Stanza toJuliet = out.stream().filter(s -> s.getTo().toString().startsWith("juliet")).findFirst().get();
        Stanza toRomeo = out.stream().filter(s -> s.getTo().toString().startsWith("romeo")).findFirst().get();
        assertThat(codes(toJuliet)).containsExactly(110);
        assertThat(codes(toRomeo)).isEmpty();
        in("<message xmlns='jabber:client' type='groupchat' from='juliet@localhost/phone' to='" + R + "'>"
                + "<body>still here?</body></message>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.not_acceptable);
    }

    @Test
    void aRemoteKickIsReflectedWith307ActorAndReason() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        done(rooms.memberLeft(ROOM, BOB, Departure.KICKED, Optional.of(ALICE), Optional.of("spam")));
        Presence p = (Presence) sent.take().get(0);
        assertThat(p.getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(String.valueOf(p.getFrom())).isEqualTo(R + "/Bob");
        assertThat(codes(p)).containsExactly(307);
        MUCItem item = x(p).getItem();
        assertThat(String.valueOf(item.getActorNick())).isEqualTo("Alice");
        assertThat(item.getReason()).isEqualTo("spam");
        assertThat(item.getRole()).isEqualTo(MUCRole.none);
    }

    @Test
    void aBanOfAnXmppUserRemovesItWith301AndBarsItsReturn() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        done(rooms.memberLeft(ROOM, dev.passerelle.core.address.Jid.parse("romeo@localhost"), Departure.BANNED,
                Optional.of(ALICE), Optional.empty()));
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(2).allSatisfy(p -> {
            assertThat(codes(p)).contains(301);
            assertThat(x(p).getItem().getAffiliation()).isEqualTo(MUCAffiliation.outcast);
        });
        Stanza toRomeo = out.stream().filter(s -> s.getTo().toString().startsWith("romeo")).findFirst().get();
        assertThat(codes(toRomeo)).containsExactlyInAnyOrder(301, 110);
        join("romeo@localhost/other", "Romeo2");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
    }

    @Test
    void aUserTheDirectoryCallsBannedIsForbidden() {
        directoryBans.add("eve@localhost");
        join("eve@localhost/x", "Eve");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
    }

    @Test
    void anXmppModeratorKickingARemoteMemberIsHandedToTheConnector() {
        xmppRoles.put("juliet@localhost", Role.MODERATOR);
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        Optional<RoomInbound> result = in("<iq xmlns='jabber:client' type='set' id='k1' from='juliet@localhost/phone'"
                + " to='" + R + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='Bob' role='none'><reason>off topic</reason></item></query></iq>");
        assertThat(result).contains(new RoomInbound.Moderation(ROOM,
                JidCreate.entityFullFromOrThrowUnchecked("juliet@localhost/phone"), BOB, Departure.KICKED,
                Optional.of("off topic")));
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(1);
        assertThat(((IQ) out.get(0)).getType()).isEqualTo(IQ.Type.result);
    }

    @Test
    void anXmppModeratorKickingAnXmppOccupantRemovesItHere() {
        xmppRoles.put("juliet@localhost", Role.MODERATOR);
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Optional<RoomInbound> result = in("<iq xmlns='jabber:client' type='set' id='k2' from='juliet@localhost/phone'"
                + " to='" + R + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='Romeo' role='none'/></query></iq>");
        assertThat(result).get().isInstanceOf(RoomInbound.Moderation.class);
        assertThat(((RoomInbound.Moderation) result.get()).target())
                .isEqualTo(dev.passerelle.core.address.Jid.parse("romeo@localhost"));
        List<Stanza> out = sent.take();
        assertThat(out).filteredOn(s -> s instanceof Presence).hasSize(2)
                .allSatisfy(p -> assertThat(codes(p)).contains(307))
                .allSatisfy(p -> assertThat(String.valueOf(x(p).getItem().getActorNick())).isEqualTo("Juliet"));
    }

    @Test
    void aParticipantMayNotKickAndAModeratorMayNotBan() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        in("<iq xmlns='jabber:client' type='set' id='k3' from='juliet@localhost/phone' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='Bob' role='none'/></query></iq>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
        xmppRoles.put("romeo@localhost", Role.MODERATOR);
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        in("<iq xmlns='jabber:client' type='set' id='b1' from='romeo@localhost/pc' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item jid='juliet@localhost' affiliation='outcast'/></query></iq>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
        in("<iq xmlns='jabber:client' type='set' id='k4' from='romeo@localhost/pc' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='Alice' role='none'/></query></iq>");
        assertThat(condition(sent.take().get(0))).as("owners cannot be kicked")
                .isEqualTo(StanzaError.Condition.not_allowed);
    }

    @Test
    void anXmppAdminBansARemoteMemberByNick() {
        xmppRoles.put("juliet@localhost", Role.ADMIN);
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        Optional<RoomInbound> result = in("<iq xmlns='jabber:client' type='set' id='b2' from='juliet@localhost/phone'"
                + " to='" + R + "'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                + "<item nick='Bob' affiliation='outcast'/></query></iq>");
        assertThat(result).get().extracting(r -> ((RoomInbound.Moderation) r).action()).isEqualTo(Departure.BANNED);
        assertThat(((IQ) sent.take().get(0)).getType()).isEqualTo(IQ.Type.result);
    }

    // ---- roles ----

    @ParameterizedTest
    @EnumSource(Role.class)
    void rolesMapToXep0045AffiliationsAndRoles(Role role) {
        Map<Role, List<Object>> expected = Map.of(
                Role.OWNER, List.of(MUCAffiliation.owner, MUCRole.moderator),
                Role.ADMIN, List.of(MUCAffiliation.admin, MUCRole.moderator),
                Role.MODERATOR, List.of(MUCAffiliation.member, MUCRole.moderator),
                Role.MEMBER, List.of(MUCAffiliation.member, MUCRole.participant),
                Role.VISITOR, List.of(MUCAffiliation.none, MUCRole.visitor));
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        done(rooms.memberJoined(ROOM, CAROL, "Carol", role));
        MUCItem item = x(sent.take().get(0)).getItem();
        assertThat(List.<Object>of(item.getAffiliation(), item.getRole())).isEqualTo(expected.get(role));
    }

    @Test
    void aRoleChangeIsBroadcastAsANewPresence() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        done(rooms.roleChanged(ROOM, BOB, Role.ADMIN));
        Presence p = (Presence) sent.take().get(0);
        assertThat(String.valueOf(p.getFrom())).isEqualTo(R + "/Bob");
        assertThat(x(p).getItem().getAffiliation()).isEqualTo(MUCAffiliation.admin);
        done(rooms.roleChanged(ROOM, dev.passerelle.core.address.Jid.parse("juliet@localhost"), Role.VISITOR));
        Presence self = (Presence) sent.take().get(0);
        assertThat(x(self).getItem().getRole()).isEqualTo(MUCRole.visitor);
        assertThat(codes(self)).contains(110);
    }

    // ---- messages ----

    @Test
    void aGroupchatMessageIsReflectedToEveryOccupantIncludingTheSenderWithTheRoomsStanzaId() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Optional<RoomInbound> result = in("<message xmlns='jabber:client' type='groupchat' id='m1'"
                + " from='juliet@localhost/phone' to='" + R + "'><body>hello</body>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' id='forged' by='" + R + "'/>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>");
        assertThat(result).get().isInstanceOf(RoomInbound.Message.class);
        RoomInbound.Message m = (RoomInbound.Message) result.get();
        assertThat(String.valueOf(m.nick())).isEqualTo("Juliet");
        assertThat(m.message().getBody()).isEqualTo("hello");
        List<Stanza> out = sent.take();
        assertThat(out).extracting(s -> s.getTo().toString())
                .containsExactlyInAnyOrder("juliet@localhost/phone", "romeo@localhost/pc");
        assertThat(out).allSatisfy(s -> {
            Message copy = (Message) s;
            assertThat(String.valueOf(copy.getFrom())).isEqualTo(R + "/Juliet");
            assertThat(copy.getType()).isEqualTo(Message.Type.groupchat);
            assertThat(copy.getStanzaId()).isEqualTo("m1");
            assertThat(copy.getBody()).isEqualTo("hello");
            assertThat(copy.getExtensions(StanzaIdElement.class)).hasSize(1);
            StanzaIdElement sid = StanzaIdElement.getStanzaId(copy);
            assertThat(sid.getBy()).isEqualTo(R);
            assertThat(sid.getId()).isEqualTo(m.stanzaId()).isNotEqualTo("forged");
        });
    }

    @Test
    void aRemoteMembersMessageGoesToEveryOccupantAndReturnsTheStanzaId() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Message template = StanzaBuilder.buildMessage("g1").setBody("hi from matrix").build();
        String stanzaId = done(rooms.message(ROOM, ALICE, template));
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(2).allSatisfy(s -> {
            assertThat(String.valueOf(s.getFrom())).isEqualTo(R + "/Alice");
            assertThat(((Message) s).getBody()).isEqualTo("hi from matrix");
            assertThat(s.getStanzaId()).isEqualTo("g1");
            assertThat(StanzaIdElement.getStanzaId((Message) s).getId()).isEqualTo(stanzaId);
        });
        Future<String> unknown = rooms.message(ROOM, CAROL, template);
        assertThat(unknown.failed()).isTrue();
        assertThat(((GatewayException) unknown.cause()).reason()).isEqualTo(GatewayException.Reason.NOT_FOUND);
    }

    @Test
    void historyIsReplayedOnJoinWithDelayAndHonoursMaxstanzas() {
        done(rooms.message(ROOM, ALICE, StanzaBuilder.buildMessage("h1").setBody("one").build()));
        clock.advance(Duration.ofMinutes(1));
        done(rooms.message(ROOM, BOB, StanzaBuilder.buildMessage("h2").setBody("two").build()));
        join("juliet@localhost/phone", "Juliet");
        List<Message> history = sent.take().stream().filter(s -> s instanceof Message)
                .map(s -> (Message) s).filter(m -> m.getBody() != null).collect(Collectors.toList());
        assertThat(history).extracting(Message::getBody).containsExactly("one", "two");
        assertThat(DelayInformation.from(history.get(0)).getStamp().toInstant())
                .isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
        assertThat(history).allSatisfy(m -> assertThat(String.valueOf(m.getTo())).isEqualTo("juliet@localhost/phone"));
        rooms.handle(joinPresence("romeo@localhost/pc", "Romeo", Optional.of(StandardExtensionElement
                .builder("history", "http://jabber.org/protocol/muc").addAttribute("maxstanzas", "1").build())));
        assertThat(sent.take()).filteredOn(s -> s instanceof Message && ((Message) s).getBody() != null)
                .extracting(s -> ((Message) s).getBody()).containsExactly("two");
    }

    @Test
    void anOccupantChangesTheSubject() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        Optional<RoomInbound> result = in("<message xmlns='jabber:client' type='groupchat' "
                + "from='juliet@localhost/phone' to='" + R + "'><subject>New topic</subject></message>");
        assertThat(result).get().isInstanceOf(RoomInbound.Subject.class);
        assertThat(((RoomInbound.Subject) result.get()).subject()).isEqualTo("New topic");
        Message m = (Message) sent.take().get(0);
        assertThat(m.getSubject()).isEqualTo("New topic");
        assertThat(String.valueOf(m.getFrom())).isEqualTo(R + "/Juliet");
    }

    @Test
    void aVisitorMayNeitherSpeakNorChangeTheSubject() {
        xmppRoles.put("juliet@localhost", Role.VISITOR);
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        in("<message xmlns='jabber:client' type='groupchat' from='juliet@localhost/phone' to='" + R + "'>"
                + "<subject>mine</subject></message>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
        in("<message xmlns='jabber:client' type='groupchat' from='juliet@localhost/phone' to='" + R + "'>"
                + "<body>hi</body></message>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.forbidden);
    }

    // ---- errors ----

    @Test
    void aMessageFromANonOccupantIsNotAcceptable() {
        Optional<RoomInbound> result = in("<message xmlns='jabber:client' type='groupchat' id='x1'"
                + " from='stranger@localhost/a' to='" + R + "'><body>hi</body></message>");
        assertThat(result).isEmpty();
        Stanza error = sent.take().get(0);
        assertThat(condition(error)).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(String.valueOf(error.getTo())).isEqualTo("stranger@localhost/a");
        assertThat(error.getStanzaId()).isEqualTo("x1");
    }

    @Test
    void joiningAnUnknownRoomIsItemNotFound() {
        in("<presence xmlns='jabber:client' from='juliet@localhost/phone' to='nope@gw.localhost/Juliet'/>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.item_not_found);
        assertThat(rooms.memberJoined(JidCreate.entityBareFromOrThrowUnchecked("nope@gw.localhost"), ALICE, "A",
                Role.MEMBER).failed()).isTrue();
    }

    @Test
    void aJoinWithoutANickIsJidMalformed() {
        in("<presence xmlns='jabber:client' from='juliet@localhost/phone' to='" + R + "'/>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.jid_malformed);
    }

    @Test
    void privateMessagesAndRoomConfigurationAreRefused() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        in("<message xmlns='jabber:client' type='chat' from='juliet@localhost/phone' to='" + R + "/Bob'>"
                + "<body>psst</body></message>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.feature_not_implemented);
        in("<iq xmlns='jabber:client' type='get' id='o1' from='juliet@localhost/phone' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/muc#owner'/></iq>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.not_allowed);
    }

    @Test
    void aStanzaForAnotherDomainIsNotTheRoomsToHandle() {
        assertThatThrownBy(() -> in("<message xmlns='jabber:client' from='a@localhost/x' to='room@elsewhere'/>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- self-ping, bounces, disco ----

    @Test
    void selfPingAnswersJoinedClientsAndTellsForgottenOnesToRejoin() {
        join("juliet@localhost/phone", "Juliet");
        sent.take();
        in("<iq xmlns='jabber:client' type='get' id='p1' from='juliet@localhost/phone' to='" + R + "/Juliet'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(((IQ) sent.take().get(0)).getType()).isEqualTo(IQ.Type.result);
        in("<iq xmlns='jabber:client' type='get' id='p2' from='romeo@localhost/pc' to='" + R + "/Romeo'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");
        assertThat(condition(sent.take().get(0))).isEqualTo(StanzaError.Condition.not_acceptable);
    }

    @Test
    void aBouncedStanzaRemovesTheGoneSessionWith333() {
        join("juliet@localhost/phone", "Juliet");
        join("romeo@localhost/pc", "Romeo");
        sent.take();
        Optional<RoomInbound> result = in("<message xmlns='jabber:client' type='error' from='romeo@localhost/pc'"
                + " to='" + R + "/Alice'><error type='cancel'><service-unavailable "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
        assertThat(result).get().isInstanceOf(RoomInbound.Left.class);
        List<Stanza> out = sent.take();
        assertThat(out).hasSize(1);
        assertThat(String.valueOf(out.get(0).getTo())).isEqualTo("juliet@localhost/phone");
        assertThat(codes(out.get(0))).containsExactly(333);
    }

    @Test
    void discoInfoDescribesAPublicPersistentNonAnonymousRoom() {
        in("<iq xmlns='jabber:client' type='get' id='d1' from='juliet@localhost/phone' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        DiscoverInfo info = (DiscoverInfo) sent.take().get(0);
        assertThat(info.getType()).isEqualTo(IQ.Type.result);
        assertThat(info.getIdentities()).singleElement().satisfies(i -> {
            assertThat(i.getCategory()).isEqualTo("conference");
            assertThat(i.getType()).isEqualTo("text");
            assertThat(i.getName()).isEqualTo("Bridge");
        });
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).contains(
                "http://jabber.org/protocol/muc", "muc_public", "muc_persistent", "muc_nonanonymous", "muc_open",
                "urn:xmpp:sid:0");
        in("<iq xmlns='jabber:client' type='get' id='d2' from='juliet@localhost/phone' to='" + R + "'>"
                + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        DiscoverItems items = (DiscoverItems) sent.take().get(0);
        assertThat(items.getType()).isEqualTo(IQ.Type.result);
        assertThat(items.getStanzaId()).isEqualTo("d2");
        assertThat(items.getItems()).isEmpty();
    }
}
