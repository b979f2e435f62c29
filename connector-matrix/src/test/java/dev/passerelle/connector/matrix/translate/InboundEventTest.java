package dev.passerelle.connector.matrix.translate;

import static dev.passerelle.connector.matrix.translate.Json.obj;
import static dev.passerelle.connector.matrix.translate.Json.roomEvent;
import static dev.passerelle.connector.matrix.translate.Json.stateEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MembershipChanged.Membership;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("direction:matrix-to-canonical")
class InboundEventTest {
    private static final MatrixUserId ALICE = MatrixUserId.parse("@alice:example.org");
    private static final MatrixUserId BOB = MatrixUserId.parse("@bob:example.org");

    private final MapRefs refs = new MapRefs();
    private final MatrixToCanonical in = new MatrixToCanonical(refs,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final SpecSchemas schemas = new SpecSchemas();

    private List<Event> events(ObjectNode event) {
        InboundResult r = in.translate(event);
        assertThat(r).isInstanceOf(InboundResult.Translated.class);
        return ((InboundResult.Translated) r).events();
    }

    private Event single(ObjectNode event) {
        List<Event> events = events(event);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private InboundResult.Ignored ignored(ObjectNode event) {
        InboundResult r = in.translate(event);
        assertThat(r).isInstanceOf(InboundResult.Ignored.class);
        return (InboundResult.Ignored) r;
    }

    @Test
    @Tag("feature:reaction")
    void aReactionAnnotatesAKnownMessage() {
        EventId target = refs.message("$msg");
        ObjectNode e = roomEvent("m.reaction", "$re", "{'m.relates_to':{'rel_type':'m.annotation',"
                + "'event_id':'$msg','key':'\uD83D\uDC4D'}}");
        schemas.assertValidRoomEvent("m.reaction.yaml", "m.reaction", (ObjectNode) e.get("content"));
        ReactionAdded r = (ReactionAdded) single(e);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.key()).isEqualTo("\uD83D\uDC4D");
        assertThat(r.sender()).isEqualTo(ALICE);
    }

    @Test
    @Tag("feature:reaction")
    void aReactionToAnUnknownMessageOrWithoutKeyIsIgnored() {
        assertThat(ignored(roomEvent("m.reaction", "$re", "{'m.relates_to':{'rel_type':'m.annotation',"
                + "'event_id':'$nope','key':'x'}}")).reason()).isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
        refs.message("$msg");
        InboundResult.Ignored noKey = ignored(roomEvent("m.reaction", "$re",
                "{'m.relates_to':{'rel_type':'m.annotation','event_id':'$msg'}}"));
        assertThat(noKey.path()).isEqualTo("content.m.relates_to.key");
        assertThat(noKey.reason()).isEqualTo(InboundResult.Reason.MALFORMED);
    }

    @Test
    @Tag("feature:redaction")
    void aRoomVersion11RedactionCarriesRedactsInContent() {
        EventId target = refs.message("$msg");
        ObjectNode e = roomEvent("m.room.redaction", "$red", "{'redacts':'$msg','reason':'spam'}");
        schemas.assertValidRoomEvent("m.room.redaction.yaml", "m.room.redaction", (ObjectNode) e.get("content"));
        MessageRetracted r = (MessageRetracted) single(e);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.reason()).contains("spam");
    }

    @Test
    @Tag("feature:redaction")
    void anOlderRoomRedactionCarriesRedactsAtTheTop() {
        EventId target = refs.message("$msg");
        ObjectNode e = roomEvent("m.room.redaction", "$red", "{}");
        e.put("redacts", "$msg");
        assertThat(schemas.errors("m.room.redaction.yaml", e)).isEmpty();
        MessageRetracted r = (MessageRetracted) single(e);
        assertThat(r.target()).isEqualTo(target);
        assertThat(r.reason()).isEmpty();
    }

    @Test
    @Tag("feature:redaction")
    void redactingAReactionRemovesIt() {
        EventId message = refs.message("$msg");
        EventId reaction = refs.reaction("$re", message, "\u2764\uFE0F");
        ReactionRemoved r = (ReactionRemoved) single(roomEvent("m.room.redaction", "$red", "{'redacts':'$re'}"));
        assertThat(r.target()).isEqualTo(message);
        assertThat(r.reaction()).isEqualTo(reaction);
        assertThat(r.key()).isEqualTo("\u2764\uFE0F");
    }

    @Test
    @Tag("feature:redaction")
    void aRedactionOfAnUnknownEventOrWithoutTargetIsIgnored() {
        InboundResult.Ignored unknown = ignored(roomEvent("m.room.redaction", "$red", "{'redacts':'$nope'}"));
        assertThat(unknown.reason()).isEqualTo(InboundResult.Reason.TARGET_UNKNOWN);
        assertThat(unknown.path()).isEqualTo("content.redacts");
        InboundResult.Ignored missing = ignored(roomEvent("m.room.redaction", "$red", "{}"));
        assertThat(missing.reason()).isEqualTo(InboundResult.Reason.MALFORMED);
        assertThat(missing.path()).isEqualTo("redacts");
    }

    private ObjectNode member(String eventId, String sender, String stateKey, String content, String prev) {
        ObjectNode e = stateEvent("m.room.member", eventId, stateKey, content);
        e.put("sender", sender);
        if (prev != null) {
            ((ObjectNode) e.get("unsigned")).set("prev_content", obj(prev));
        }
        schemas.assertValidStateEvent("m.room.member.yaml", "m.room.member", stateKey, (ObjectNode) e.get("content"));
        return e;
    }

    @Test
    @Tag("feature:membership")
    void aJoinWithAProfileGivesMembershipAndProfile() {
        List<Event> events = events(member("$j", "@bob:example.org", "@bob:example.org",
                "{'membership':'join','displayname':'Bob','avatar_url':'mxc://example.org/bob'}", null));
        assertThat(events).hasSize(2);
        MembershipChanged m = (MembershipChanged) events.get(0);
        assertThat(m.member()).isEqualTo(BOB);
        assertThat(m.membership()).isEqualTo(Membership.JOIN);
        ProfileChanged p = (ProfileChanged) events.get(1);
        assertThat(p.sender()).isEqualTo(BOB);
        assertThat(p.displayName()).contains("Bob");
        assertThat(p.avatar()).contains(URI.create("mxc://example.org/bob"));
        assertThat(p.origin().nativeId().value()).isEqualTo("$j#profile");
        assertThat(p.id()).isNotEqualTo(m.id());
    }

    @Test
    @Tag("feature:membership")
    void leaveKickBanInviteAndUnban() {
        assertThat(((MembershipChanged) single(member("$l", "@bob:example.org", "@bob:example.org",
                "{'membership':'leave'}", "{'membership':'join'}"))).membership()).isEqualTo(Membership.LEAVE);
        MembershipChanged kick = (MembershipChanged) single(member("$k", "@alice:example.org", "@bob:example.org",
                "{'membership':'leave','reason':'rude'}", "{'membership':'join'}"));
        assertThat(kick.membership()).isEqualTo(Membership.KICK);
        assertThat(kick.sender()).isEqualTo(ALICE);
        assertThat(kick.member()).isEqualTo(BOB);
        assertThat(kick.reason()).contains("rude");
        assertThat(((MembershipChanged) single(member("$b", "@alice:example.org", "@bob:example.org",
                "{'membership':'ban'}", "{'membership':'join'}"))).membership()).isEqualTo(Membership.BAN);
        assertThat(((MembershipChanged) single(member("$i", "@alice:example.org", "@bob:example.org",
                "{'membership':'invite'}", null))).membership()).isEqualTo(Membership.INVITE);
        assertThat(((MembershipChanged) single(member("$u", "@alice:example.org", "@bob:example.org",
                "{'membership':'leave'}", "{'membership':'ban'}"))).membership()).isEqualTo(Membership.LEAVE);
    }

    @Test
    @Tag("feature:profile")
    void aJoinAfterJoinIsAProfileChangeOfWhatChanged() {
        ProfileChanged p = (ProfileChanged) single(member("$p", "@bob:example.org", "@bob:example.org",
                "{'membership':'join','displayname':'Robert','avatar_url':'mxc://example.org/bob'}",
                "{'membership':'join','displayname':'Bob','avatar_url':'mxc://example.org/bob'}"));
        assertThat(p.displayName()).contains("Robert");
        assertThat(p.avatar()).isEmpty();
        ProfileChanged cleared = (ProfileChanged) single(member("$c", "@bob:example.org", "@bob:example.org",
                "{'membership':'join'}", "{'membership':'join','displayname':'Bob'}"));
        assertThat(cleared.displayName()).contains("");
        assertThat(ignored(member("$s", "@bob:example.org", "@bob:example.org",
                "{'membership':'join','displayname':'Bob'}", "{'membership':'join','displayname':'Bob'}")).reason())
                .isEqualTo(InboundResult.Reason.NOT_BRIDGED);
    }

    @Test
    @Tag("feature:membership")
    void knocksAndBadMembershipAreIgnored() {
        assertThat(ignored(member("$k", "@bob:example.org", "@bob:example.org", "{'membership':'knock'}", null))
                .reason()).isEqualTo(InboundResult.Reason.NOT_BRIDGED);
        InboundResult.Ignored badKey = ignored(stateEvent("m.room.member", "$x", "bob", "{'membership':'join'}"));
        assertThat(badKey.path()).isEqualTo("state_key");
        InboundResult.Ignored noMembership = ignored(stateEvent("m.room.member", "$x", "@bob:example.org", "{}"));
        assertThat(noMembership.path()).isEqualTo("content.membership");
    }

    @Test
    @Tag("feature:room-metadata")
    void nameTopicAndAvatarBecomeRoomMetadata() {
        ObjectNode name = stateEvent("m.room.name", "$n", "", "{'name':'Lounge'}");
        schemas.assertValidStateEvent("m.room.name.yaml", "m.room.name", "", (ObjectNode) name.get("content"));
        RoomMetadataChanged n = (RoomMetadataChanged) single(name);
        assertThat(n.name()).contains("Lounge");
        assertThat(n.topic()).isEmpty();
        ObjectNode topic = stateEvent("m.room.topic", "$t", "", "{'topic':'Chat',"
                + "'m.topic':{'m.text':[{'mimetype':'text/plain','body':'Chat'}]}}");
        schemas.assertValidStateEvent("m.room.topic.yaml", "m.room.topic", "", (ObjectNode) topic.get("content"));
        assertThat(((RoomMetadataChanged) single(topic)).topic()).contains("Chat");
        RoomMetadataChanged avatar = (RoomMetadataChanged) single(
                stateEvent("m.room.avatar", "$a", "", "{'url':'mxc://example.org/room','info':{'w':64}}"));
        assertThat(avatar.avatar()).contains(URI.create("mxc://example.org/room"));
        assertThat(((RoomMetadataChanged) single(stateEvent("m.room.name", "$n2", "", "{}"))).name())
                .isEqualTo(Optional.of(""));
        assertThat(ignored(stateEvent("m.room.avatar", "$a2", "", "{}")).reason())
                .isEqualTo(InboundResult.Reason.NOT_BRIDGED);
        assertThat(ignored(stateEvent("m.room.name", "$n3", "", "{'name':7}")).path()).isEqualTo("content.name");
    }

    private ObjectNode powerLevels(String eventId, String content, String prev) {
        ObjectNode e = stateEvent("m.room.power_levels", eventId, "", content);
        if (prev != null) {
            ((ObjectNode) e.get("unsigned")).set("prev_content", obj(prev));
        }
        // The spec checkout has an example of m.room.power_levels but no schema to validate against.
        return e;
    }

    @Test
    @Tag("feature:roles")
    void powerLevelsGiveOneRoleChangePerMemberWhoseRoleChanged() {
        List<Event> events = events(powerLevels("$pl", "{'users':{'@alice:example.org':100,"
                + "'@bob:example.org':50,'@dave:example.org':-1,'@erin:example.org':100}}",
                "{'users':{'@alice:example.org':100,'@bob:example.org':0,'@carol:example.org':50,"
                + "'@erin:example.org':'100'}}"));
        assertThat(events).hasSize(3).allMatch(e -> e instanceof RoleChanged);
        List<RoleChanged> roles = events.stream().map(e -> (RoleChanged) e).toList();
        assertThat(roles).extracting(RoleChanged::member).containsExactly(BOB,
                MatrixUserId.parse("@carol:example.org"), MatrixUserId.parse("@dave:example.org"));
        // Carol's entry was removed: she falls back to the users default, a plain member; Dave is below sending.
        assertThat(roles).extracting(RoleChanged::role).containsExactly(Role.MODERATOR, Role.MEMBER,
                Role.VISITOR);
        assertThat(roles).allSatisfy(r -> {
            assertThat(r.sender()).isEqualTo(ALICE);
            assertThat(r.conversation().toString()).isEqualTo("!room:example.org");
            assertThat(r.timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        });
        assertThat(roles.get(0).origin().nativeId().value()).isEqualTo("$pl#role/@bob:example.org");
        assertThat(roles).extracting(RoleChanged::id).doesNotHaveDuplicates();
    }

    @Test
    @Tag("feature:roles")
    void aNewMessageLevelChangesTheRoleOfListedMembersOnly() {
        List<Event> events = events(powerLevels("$pl", "{'users':{'@bob:example.org':10},'events_default':20,"
                + "'users_default':0}", "{'users':{'@bob:example.org':10},'users_default':0}"));
        assertThat(events).singleElement().isInstanceOfSatisfying(RoleChanged.class, r -> {
            assertThat(r.member()).isEqualTo(BOB);
            assertThat(r.role()).isEqualTo(Role.VISITOR);
        });
    }

    @Test
    @Tag("feature:roles")
    void powerLevelsWithoutARoleChangeGiveNothing() {
        assertThat(ignored(powerLevels("$first", "{'users':{'@alice:example.org':100}}", null)).path())
                .isEqualTo("unsigned.prev_content");
        InboundResult.Ignored defaultOnly = ignored(powerLevels("$d", "{'users':{'@alice:example.org':100},"
                + "'users_default':50}", "{'users':{'@alice:example.org':100},'users_default':0}"));
        assertThat(defaultOnly.reason()).isEqualTo(InboundResult.Reason.NOT_BRIDGED);
        assertThat(ignored(powerLevels("$k", "{'kick':100,'users':{'@alice:example.org':100}}",
                "{'users':{'@alice:example.org':100}}")).path()).isEqualTo("content.users");
        assertThat(ignored(stateEvent("m.room.power_levels", "$x", "other", "{'users':{}}")).path())
                .isEqualTo("state_key");
    }
}
