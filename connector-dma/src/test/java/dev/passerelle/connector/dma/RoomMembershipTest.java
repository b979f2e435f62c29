package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms an operator bridges without any code: a link (made as the admin API's {@code POST /api/v1/links} makes it,
 * through the link store) between an XMPP room and a MIMI room of a.test that does not exist yet. The room is created
 * on its first delivery; membership events from the XMPP side add and remove MIMI members, and removals made on the
 * MIMI side reach the other provider's XMPP side as membership events.
 */
@Tag("feature:membership")
@Tag("direction:xmpp-to-mimi")
@Tag("direction:mimi-to-xmpp")
class RoomMembershipTest {

    @TempDir
    Path dir;

    Gateway a;
    Gateway b;
    Jid juliet;
    Jid nurse;
    Jid romeo;
    MimiRoomUri room;

    @BeforeEach
    void start() {
        TestCa ca = TestCa.create(dir, "Test CA");
        int aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        a = new Gateway(ca, "a.test", aPort, Map.of("b.test", bPort)).start();
        b = new Gateway(ca, "b.test", bPort, Map.of("a.test", aPort)).start();
        juliet = a.user("juliet");
        nurse = a.user("nurse");
        romeo = b.user("romeo");
        room = new MimiRoomUri("a.test", "verona");
        plumb(a, a.xmppRoom, room);
        plumb(b, b.xmppRoom, room);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    /** What {@code POST /api/v1/links} with these two rooms does. */
    static void plumb(Gateway g, Address xmppRoom, MimiRoomUri mimiRoom) {
        g.store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(xmppRoom, mimiRoom),
                Instant.now()));
    }

    static MessageContent text(String text) {
        return new MessageContent(text, Optional.empty(), List.of(), Optional.empty());
    }

    static void inject(Gateway g, Jid sender, Jid xmppRoom, Address member, MembershipChanged.Membership what) {
        g.inject(new MembershipChanged(EventId.random(), Gateway.origin(), sender, xmppRoom, Instant.now(), member,
                what, Optional.empty()));
    }

    boolean member(Gateway g, MimiRoomUri r, Jid user) {
        return Gateway.join(g.dma.isMember(r, g.ghost(user)));
    }

    /** The linked room is created by Juliet's first message; Juliet then invites Romeo of b.test. */
    void romeoInvited() {
        a.say(juliet, text("first words"));
        await().atMost(Duration.ofSeconds(60)).until(() -> member(a, room, juliet));
        inject(a, juliet, a.xmppRoom, b.ghost(romeo), MembershipChanged.Membership.INVITE);
        await().atMost(Duration.ofSeconds(60)).until(() -> member(b, room, romeo));
    }

    @Test
    void aLinkedRoomIsCreatedOnItsFirstMessageAndCarriesBothWaysOnceTheOtherProvidersUserIsInvited() {
        romeoInvited();
        a.say(juliet, text("hello b"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("hello b"));
        assertThat(atB.sender()).isEqualTo(a.ghost(juliet));
        assertThat(atB.conversation()).isEqualTo(room);
        b.say(romeo, text("hello a"));
        MessageSent atA = a.receives(MessageSent.class, m -> m.content().text().equals("hello a"));
        assertThat(atA.sender()).isEqualTo(b.ghost(romeo));
        // Created once, by the first message: Juliet's first words were encrypted in the new room, before Romeo.
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("first words"))).isEmpty();
    }

    @Test
    void aKickOnTheHubsSideRemovesTheOtherProvidersUserWhoseNetworkIsTold() {
        MimiRoomUri other = new MimiRoomUri("a.test", "mantua");
        Jid otherAtA = Jid.parse("mantua@conference.a.example");
        Jid otherAtB = Jid.parse("mantua@conference.b.example");
        plumb(a, otherAtA, other);
        plumb(b, otherAtB, other);
        romeoInvited();
        a.inject(new MessageSent(EventId.random(), Gateway.origin(), juliet, otherAtA, Instant.now(),
                text("in mantua")));
        await().atMost(Duration.ofSeconds(60)).until(() -> member(a, other, juliet));
        inject(a, juliet, otherAtA, b.ghost(romeo), MembershipChanged.Membership.INVITE);
        await().atMost(Duration.ofSeconds(60)).until(() -> member(b, other, romeo));

        inject(a, juliet, a.xmppRoom, b.ghost(romeo), MembershipChanged.Membership.KICK);
        MembershipChanged kicked = b.receives(MembershipChanged.class, m -> true);
        assertThat(kicked.membership()).isEqualTo(MembershipChanged.Membership.KICK);
        assertThat(kicked.conversation()).isEqualTo(room);
        assertThat(kicked.sender()).isEqualTo(a.ghost(juliet));
        assertThat(List.<Address>of(b.ghost(romeo), romeo)).contains(kicked.member());
        assertThat(b.xmpp.sent().stream().filter(s -> s.delivery().event() instanceof MembershipChanged)
                .map(s -> s.delivery().target())).containsExactly(b.xmppRoom);
        assertThat(member(b, room, romeo)).isFalse();

        a.say(juliet, text("romeo is gone"));
        a.inject(new MessageSent(EventId.random(), Gateway.origin(), juliet, otherAtA, Instant.now(),
                text("still in mantua")));
        MessageSent stillThere = b.receives(MessageSent.class, m -> m.content().text().equals("still in mantua"));
        assertThat(stillThere.conversation()).isEqualTo(other);
        b.inject(new MessageSent(EventId.random(), Gateway.origin(), romeo, otherAtB, Instant.now(),
                text("romeo in mantua")));
        a.receives(MessageSent.class, m -> m.content().text().equals("romeo in mantua"));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> b.received(MessageSent.class, m -> m.content().text().equals("romeo is gone")).isEmpty());
    }

    @Test
    void aLeaveOfOneOfTwoBridgedUsersIsCommittedByTheOtherAndReachesTheOtherProviderAsALeave() {
        romeoInvited();
        a.say(nurse, text("the nurse is here"));
        b.receives(MessageSent.class, m -> m.content().text().equals("the nurse is here"));
        inject(a, nurse, a.xmppRoom, nurse, MembershipChanged.Membership.LEAVE);
        MembershipChanged left = b.receives(MembershipChanged.class, m -> true);
        assertThat(left.membership()).isEqualTo(MembershipChanged.Membership.LEAVE);
        assertThat(List.<Address>of(a.ghost(nurse))).contains(left.member());
        await().atMost(Duration.ofSeconds(60)).until(() -> !member(a, room, nurse));
        a.say(juliet, text("just us"));
        b.receives(MessageSent.class, m -> m.content().text().equals("just us"));
    }

    @Test
    void aRoleGivenOnTheXmppSideLetsThatUserRemoveOthers() {
        romeoInvited();
        a.say(nurse, text("the nurse is here"));
        b.receives(MessageSent.class, m -> m.content().text().equals("the nurse is here"));
        // A member may not remove anyone: the nurse's kick is refused (her role, not another member's, counts).
        inject(a, nurse, a.xmppRoom, b.ghost(romeo), MembershipChanged.Membership.KICK);
        await().atMost(Duration.ofSeconds(60)).until(() -> !a.xmpp.reported().isEmpty());
        assertThat(a.xmpp.reported().get(0).message()).contains("role", "does not allow");
        assertThat(member(b, room, romeo)).isTrue();
        a.inject(new RoleChanged(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(), nurse,
                Role.ADMIN));
        inject(a, nurse, a.xmppRoom, b.ghost(romeo), MembershipChanged.Membership.BAN);
        MembershipChanged removed = b.receives(MembershipChanged.class, m -> true);
        assertThat(removed.sender()).isEqualTo(a.ghost(nurse));
        assertThat(member(b, room, romeo)).isFalse();
        // Banned: listed with the banned role, so inviting Romeo again is refused by the hub.
        int failures = a.xmpp.reported().size();
        inject(a, juliet, a.xmppRoom, b.ghost(romeo), MembershipChanged.Membership.INVITE);
        await().atMost(Duration.ofSeconds(60)).until(() -> a.xmpp.reported().size() > failures);
        assertThat(member(b, room, romeo)).isFalse();
    }

    @Test
    void theLastBridgedUserOfARoomHostedElsewhereCannotLeaveByItselfAndTheSenderIsTold() {
        romeoInvited();
        inject(b, romeo, b.xmppRoom, romeo, MembershipChanged.Membership.LEAVE);
        await().atMost(Duration.ofSeconds(60)).until(() -> !b.xmpp.reported().isEmpty());
        assertThat(b.xmpp.reported().get(0).reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED);
        assertThat(b.xmpp.reported().get(0).message()).contains("hosted by a.test", "protocol-06 section 3.5");
        assertThat(member(b, room, romeo)).isTrue();
        b.say(romeo, text("still here"));
        a.receives(MessageSent.class, m -> m.content().text().equals("still here"));
    }
}
