package dev.passerelle.connector.matrix.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.event.SafeHtml;
import dev.passerelle.core.spi.GatewayException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("direction:canonical-to-matrix")
class OutboundTest {
    private static final Jid ROMEO = Jid.parse("romeo@montague.example");
    private static final Jid ROOM = Jid.parse("lounge@muc.montague.example");
    private static final MatrixUserId GHOST = MatrixUserId.parse("@_xmpp_romeo:example.org");
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ROOM_ID = "!room:example.org";

    private final MapRefs refs = new MapRefs();
    private final CanonicalToMatrix out = new CanonicalToMatrix(refs);
    private final SpecSchemas schemas = new SpecSchemas();

    private static Origin origin() {
        return new Origin(Network.XMPP, new NativeId("stanza-" + System.nanoTime()));
    }

    private static MessageSent sent(MessageContent content) {
        return new MessageSent(EventId.random(), origin(), ROMEO, ROOM, AT, content);
    }

    private MatrixSend one(dev.passerelle.core.event.Event event) {
        List<MatrixSend> sends = out.render(event, GHOST, ROOM_ID);
        assertThat(sends).hasSize(1);
        return sends.get(0);
    }

    private void assertMessage(MatrixSend s, String schema) {
        assertThat(s.kind()).isEqualTo(MatrixSend.Kind.MESSAGE);
        schemas.assertValidRoomEvent(schema, s.eventType(), s.content());
    }

    @Test
    @Tag("feature:text")
    void plainTextIsAnMText() {
        MatrixSend s = one(sent(MessageContent.text("hello")));
        assertMessage(s, "m.room.message$m.text.yaml");
        assertThat(s.eventType()).isEqualTo("m.room.message");
        assertThat(s.content()).isEqualTo(Json.obj("{'msgtype':'m.text','body':'hello'}"));
    }

    @Test
    @Tag("feature:html")
    void htmlIsSanitisedAgainOnTheWayOut() {
        // A SafeHtml built directly (e.g. read back from an old journal) is not trusted blindly.
        MessageContent c = new MessageContent("hi", Optional.of(new SafeHtml(
                "<p onclick=\"x()\">hi <script>bad()</script><mx-reply>old</mx-reply><code>c</code></p>")),
                List.of(), Optional.empty());
        MatrixSend s = one(sent(c));
        assertMessage(s, "m.room.message$m.text.yaml");
        assertThat(s.content().get("format").asText()).isEqualTo("org.matrix.custom.html");
        String html = s.content().get("formatted_body").asText();
        assertThat(html).isEqualTo("<p>hi <code>c</code></p>");
        assertThat(HtmlSanitizer.sanitize(html).html()).isEqualTo(html);
    }

    @Test
    @Tag("feature:emote")
    void slashMeTextIsAnEmote() {
        MatrixSend s = one(sent(new MessageContent("/me waves", Optional.of(new SafeHtml("/me <em>waves</em>")),
                List.of(), Optional.empty())));
        assertMessage(s, "m.room.message$m.emote.yaml");
        assertThat(s.content().get("msgtype").asText()).isEqualTo("m.emote");
        assertThat(s.content().get("body").asText()).isEqualTo("waves");
        assertThat(s.content().get("formatted_body").asText()).isEqualTo("<em>waves</em>");
    }

    @Test
    @Tag("feature:reply")
    void aReplyCarriesInReplyToAndNoFallback() {
        EventId target = refs.message("$orig");
        MatrixSend s = one(sent(new MessageContent("answer", Optional.empty(), List.of(), Optional.of(target))));
        assertMessage(s, "m.room.message$m.text.yaml");
        assertThat(s.content()).isEqualTo(Json.obj("{'msgtype':'m.text','body':'answer',"
                + "'m.relates_to':{'m.in_reply_to':{'event_id':'$orig'}}}"));
        MatrixSend unknown = one(sent(new MessageContent("answer", Optional.empty(), List.of(),
                Optional.of(EventId.random()))));
        assertThat(unknown.content().has("m.relates_to")).isFalse();
    }

    @Test
    @Tag("feature:edit")
    void anEditHasTheStarFallbackAndNewContent() {
        EventId original = refs.message("$orig");
        MessageEdited e = new MessageEdited(EventId.random(), origin(), ROMEO, ROOM, AT, original,
                new MessageContent("fixed", Optional.of(new SafeHtml("<b>fixed</b>")), List.of(), Optional.empty()));
        MatrixSend s = one(e);
        assertMessage(s, "m.room.message$m.text.yaml");
        assertThat(s.content()).isEqualTo(Json.obj("{'msgtype':'m.text','body':'* fixed',"
                + "'format':'org.matrix.custom.html','formatted_body':'* <b>fixed</b>',"
                + "'m.new_content':{'msgtype':'m.text','body':'fixed','format':'org.matrix.custom.html',"
                + "'formatted_body':'<b>fixed</b>'},'m.relates_to':{'rel_type':'m.replace','event_id':'$orig'}}"));
        schemas.assertValidRoomEvent("m.room.message$m.text.yaml", "m.room.message",
                (ObjectNode) s.content().get("m.new_content"));
        MessageEdited lost = new MessageEdited(EventId.random(), origin(), ROMEO, ROOM, AT, EventId.random(),
                MessageContent.text("x"));
        assertThatThrownBy(() -> out.render(lost, GHOST, ROOM_ID)).isInstanceOfSatisfying(GatewayException.class,
                g -> assertThat(g.reason()).isEqualTo(GatewayException.Reason.NOT_FOUND));
    }

    private static Attachment attachment(String uri, String type, String name) {
        return new Attachment(URI.create(uri), type, OptionalLong.of(2048), Optional.ofNullable(name),
                OptionalInt.of(800), OptionalInt.of(600), Optional.of("abc"));
    }

    @Test
    @Tag("feature:attachment")
    void eachMediaTypeGetsItsMsgtypeAndInfo() {
        String[][] cases = {{"image/png", "m.image"}, {"video/mp4", "m.video"}, {"audio/ogg", "m.audio"},
                {"application/pdf", "m.file"}};
        for (String[] c : cases) {
            MatrixSend s = one(sent(new MessageContent("", Optional.empty(),
                    List.of(attachment("mxc://example.org/m", c[0], "thing")), Optional.empty())));
            assertMessage(s, "m.room.message$" + c[1] + ".yaml");
            ObjectNode content = s.content();
            assertThat(content.get("msgtype").asText()).isEqualTo(c[1]);
            assertThat(content.get("body").asText()).isEqualTo("thing");
            assertThat(content.get("filename").asText()).isEqualTo("thing");
            assertThat(content.get("url").asText()).isEqualTo("mxc://example.org/m");
            assertThat(content.get("info").get("mimetype").asText()).isEqualTo(c[0]);
            assertThat(content.get("info").get("size").asLong()).isEqualTo(2048);
            boolean visual = c[1].equals("m.image") || c[1].equals("m.video");
            assertThat(content.get("info").has("w")).isEqualTo(visual);
        }
    }

    @Test
    @Tag("feature:attachment")
    void oneAttachmentWithTextIsCaptionedAndSeveralAreSentAfterTheText() {
        EventId target = refs.message("$orig");
        MatrixSend captioned = one(sent(new MessageContent("look", Optional.of(new SafeHtml("<b>look</b>")),
                List.of(attachment("mxc://example.org/a", "image/png", "a.png")), Optional.of(target))));
        assertMessage(captioned, "m.room.message$m.image.yaml");
        assertThat(captioned.content().get("body").asText()).isEqualTo("look");
        assertThat(captioned.content().get("formatted_body").asText()).isEqualTo("<b>look</b>");
        assertThat(captioned.content().get("filename").asText()).isEqualTo("a.png");
        assertThat(captioned.content().at("/m.relates_to/m.in_reply_to/event_id").asText()).isEqualTo("$orig");

        List<MatrixSend> several = out.render(sent(new MessageContent("two files", Optional.empty(),
                List.of(attachment("mxc://example.org/a", "image/png", "a.png"),
                        attachment("mxc://example.org/b", "application/zip", null)), Optional.of(target))),
                GHOST, ROOM_ID);
        assertThat(several).extracting(s -> s.content().get("msgtype").asText())
                .containsExactly("m.text", "m.image", "m.file");
        assertThat(several.get(0).content().has("m.relates_to")).isTrue();
        assertThat(several.get(1).content().has("m.relates_to")).isFalse();
        assertThat(several.get(2).content().get("filename").asText()).isEqualTo("b");
        assertMessage(several.get(2), "m.room.message$m.file.yaml");
    }

    @Test
    @Tag("feature:attachment")
    void theMediaHookChoosesTheUrlAndANonMxcAttachmentBecomesALink() {
        CanonicalToMatrix hooked = new CanonicalToMatrix(refs,
                a -> a.uri().getScheme().equals("https") && a.uri().getPath().endsWith(".png")
                        ? Optional.of(URI.create("mxc://example.org/uploaded")) : Optional.empty(),
                a -> Optional.empty());
        List<MatrixSend> sends = hooked.render(sent(new MessageContent("", Optional.empty(),
                List.of(attachment("https://files.example/p.png", "image/png", "p.png"),
                        attachment("https://files.example/doc", "application/pdf", "doc.pdf")),
                Optional.empty())), GHOST, ROOM_ID);
        assertThat(sends).hasSize(2);
        assertThat(sends.get(0).content().get("url").asText()).isEqualTo("mxc://example.org/uploaded");
        assertMessage(sends.get(1), "m.room.message$m.text.yaml");
        assertThat(sends.get(1).content().get("body").asText()).isEqualTo("doc.pdf: https://files.example/doc");
    }

    @Test
    @Tag("feature:redaction")
    void aRetractionRedactsTheMappedEvent() {
        EventId target = refs.message("$orig");
        MatrixSend s = one(new MessageRetracted(EventId.random(), origin(), ROMEO, ROOM, AT, target,
                Optional.of("oops")));
        assertThat(s.kind()).isEqualTo(MatrixSend.Kind.REDACTION);
        assertThat(s.target()).contains("$orig");
        assertThat(s.content()).isEqualTo(Json.obj("{'reason':'oops'}"));
        ObjectNode asEvent = s.content().deepCopy();
        asEvent.put("redacts", "$orig");
        schemas.assertValidRoomEvent("m.room.redaction.yaml", "m.room.redaction", asEvent);
    }

    @Test
    @Tag("feature:reaction")
    void aReactionIsAnAnnotationAndItsRemovalRedactsTheReactionEvent() {
        EventId message = refs.message("$orig");
        MatrixSend add = one(new ReactionAdded(EventId.random(), origin(), ROMEO, ROOM, AT, message, "\uD83D\uDC4D"));
        assertMessage(add, "m.reaction.yaml");
        assertThat(add.eventType()).isEqualTo("m.reaction");
        assertThat(add.content()).isEqualTo(Json.obj("{'m.relates_to':{'rel_type':'m.annotation',"
                + "'event_id':'$orig','key':'\uD83D\uDC4D'}}"));
        EventId reaction = refs.reaction("$react", message, "\uD83D\uDC4D");
        MatrixSend remove = one(new ReactionRemoved(EventId.random(), origin(), ROMEO, ROOM, AT, message, reaction,
                "\uD83D\uDC4D"));
        assertThat(remove.kind()).isEqualTo(MatrixSend.Kind.REDACTION);
        assertThat(remove.target()).contains("$react");
    }

    @Test
    @Tag("feature:typing")
    void composingTypesAndEveryOtherStateStops() {
        MatrixSend typing = one(new ChatStateChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                ChatStateChanged.State.COMPOSING));
        assertThat(typing.kind()).isEqualTo(MatrixSend.Kind.TYPING);
        assertThat(typing.content()).isEqualTo(Json.obj("{'typing':true,'timeout':30000}"));
        for (ChatStateChanged.State state : new ChatStateChanged.State[] {ChatStateChanged.State.PAUSED,
                ChatStateChanged.State.ACTIVE, ChatStateChanged.State.INACTIVE, ChatStateChanged.State.GONE}) {
            assertThat(one(new ChatStateChanged(EventId.random(), origin(), ROMEO, ROOM, AT, state)).content())
                    .isEqualTo(Json.obj("{'typing':false}"));
        }
    }

    @Test
    @Tag("feature:receipt")
    void aReadMarkerIsAReadReceiptOnTheMappedEvent() {
        EventId read = refs.message("$orig");
        MatrixSend s = one(new ReadMarker(EventId.random(), origin(), ROMEO, ROOM, AT, read));
        assertThat(s.kind()).isEqualTo(MatrixSend.Kind.RECEIPT);
        assertThat(s.eventType()).isEqualTo("m.read");
        assertThat(s.target()).contains("$orig");
    }

    @Test
    @Tag("feature:presence")
    void presenceMapsToTheThreeMatrixStates() {
        PresenceChanged.Availability[] all = PresenceChanged.Availability.values();
        String[] expected = {"online", "unavailable", "unavailable", "unavailable", "offline"};
        for (int i = 0; i < all.length; i++) {
            MatrixSend s = one(new PresenceChanged(EventId.random(), origin(), ROMEO, ROMEO, AT, all[i],
                    Optional.of("here")));
            assertThat(s.kind()).isEqualTo(MatrixSend.Kind.PRESENCE);
            assertThat(s.content().get("presence").asText()).isEqualTo(expected[i]);
            ObjectNode asEvent = Json.obj("{'type':'m.presence','sender':'@_xmpp_romeo:example.org'}");
            asEvent.set("content", s.content());
            assertThat(schemas.errors("m.presence.yaml", asEvent)).isEmpty();
        }
    }

    @Test
    @Tag("feature:membership")
    void membershipIsAMemberStateEventOfTheGhost() {
        MatrixSend join = one(new MembershipChanged(EventId.random(), origin(), ROMEO, ROOM, AT, ROMEO,
                MembershipChanged.Membership.JOIN, Optional.empty()));
        assertThat(join.kind()).isEqualTo(MatrixSend.Kind.STATE);
        assertThat(join.stateKey()).contains(GHOST.toString());
        schemas.assertValidStateEvent("m.room.member.yaml", "m.room.member", GHOST.toString(), join.content());
        Jid juliet = Jid.parse("juliet@capulet.example");
        MatrixUserId julietGhost = MatrixUserId.parse("@_xmpp_juliet:example.org");
        CanonicalToMatrix mapped = new CanonicalToMatrix(refs, a -> Optional.of(a.uri()),
                (Address a) -> a.equals(juliet) ? Optional.of(julietGhost) : Optional.empty());
        MatrixSend kick = mapped.render(new MembershipChanged(EventId.random(), origin(), ROMEO, ROOM, AT, juliet,
                MembershipChanged.Membership.KICK, Optional.of("rude")), GHOST, ROOM_ID).get(0);
        assertThat(kick.stateKey()).contains(julietGhost.toString());
        assertThat(kick.content()).isEqualTo(Json.obj("{'membership':'leave','reason':'rude'}"));
        schemas.assertValidStateEvent("m.room.member.yaml", "m.room.member", julietGhost.toString(), kick.content());
        assertThatThrownBy(() -> out.render(new MembershipChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                juliet, MembershipChanged.Membership.BAN, Optional.empty()), GHOST, ROOM_ID))
                .isInstanceOfSatisfying(GatewayException.class,
                        g -> assertThat(g.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
    }

    @Test
    @Tag("feature:profile")
    void aProfileChangeSetsTheGhostsNameAndMxcAvatar() {
        List<MatrixSend> sends = out.render(new ProfileChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                Optional.of("Romeo"), Optional.of(URI.create("mxc://example.org/face"))), GHOST, ROOM_ID);
        assertThat(sends).extracting(MatrixSend::kind).containsOnly(MatrixSend.Kind.PROFILE);
        assertThat(sends).extracting(MatrixSend::eventType).containsExactly("displayname", "avatar_url");
        assertThat(sends.get(0).content()).isEqualTo(Json.obj("{'displayname':'Romeo'}"));
        assertThat(sends.get(1).content()).isEqualTo(Json.obj("{'avatar_url':'mxc://example.org/face'}"));
        assertThat(out.render(new ProfileChanged(EventId.random(), origin(), ROMEO, ROOM, AT, Optional.empty(),
                Optional.of(URI.create("https://example.org/face.png"))), GHOST, ROOM_ID)).isEmpty();
    }

    @Test
    @Tag("feature:room-metadata")
    void roomMetadataIsStateEvents() {
        List<MatrixSend> sends = out.render(new RoomMetadataChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                Optional.of("Lounge"), Optional.of("Chat"), Optional.of(URI.create("mxc://example.org/r"))),
                GHOST, ROOM_ID);
        assertThat(sends).extracting(MatrixSend::eventType)
                .containsExactly("m.room.name", "m.room.topic", "m.room.avatar");
        assertThat(sends).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(MatrixSend.Kind.STATE);
            assertThat(s.stateKey()).contains("");
        });
        schemas.assertValidStateEvent("m.room.name.yaml", "m.room.name", "", sends.get(0).content());
        schemas.assertValidStateEvent("m.room.topic.yaml", "m.room.topic", "", sends.get(1).content());
        assertThat(sends.get(2).content()).isEqualTo(Json.obj("{'url':'mxc://example.org/r'}"));
    }

    @Test
    @Tag("feature:client-calls")
    void clientCallBodiesMatchTheApiRequestSchemas() {
        EventId read = refs.message("$orig");
        MatrixSend typing = one(new ChatStateChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                ChatStateChanged.State.COMPOSING));
        assertThat(schemas.requestErrors("typing.yaml", "/rooms/{roomId}/typing/{userId}", "put",
                typing.content())).isEmpty();
        MatrixSend stop = one(new ChatStateChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                ChatStateChanged.State.GONE));
        assertThat(schemas.requestErrors("typing.yaml", "/rooms/{roomId}/typing/{userId}", "put",
                stop.content())).isEmpty();
        MatrixSend receipt = one(new ReadMarker(EventId.random(), origin(), ROMEO, ROOM, AT, read));
        assertThat(schemas.requestErrors("receipts.yaml", "/rooms/{roomId}/receipt/{receiptType}/{eventId}",
                "post", receipt.content())).isEmpty();
        MatrixSend presence = one(new PresenceChanged(EventId.random(), origin(), ROMEO, ROMEO, AT,
                PresenceChanged.Availability.AWAY, Optional.of("out")));
        assertThat(schemas.requestErrors("presence.yaml", "/presence/{userId}/status", "put",
                presence.content())).isEmpty();
        MatrixSend redaction = one(new MessageRetracted(EventId.random(), origin(), ROMEO, ROOM, AT, read,
                Optional.of("why")));
        assertThat(schemas.requestErrors("redaction.yaml", "/rooms/{roomId}/redact/{eventId}/{txnId}", "put",
                redaction.content())).isEmpty();
        for (MatrixSend profile : out.render(new ProfileChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                Optional.of("Romeo"), Optional.of(URI.create("mxc://example.org/face"))), GHOST, ROOM_ID)) {
            assertThat(schemas.requestErrors("profile.yaml", "/profile/{userId}/{keyName}", "put",
                    profile.content())).isEmpty();
            assertThat(profile.content().has(profile.eventType())).isTrue();
        }
        assertThat(schemas.requestErrors("typing.yaml", "/rooms/{roomId}/typing/{userId}", "put",
                Json.obj("{'timeout':1}"))).as("the request validation can fail").isNotEmpty();
    }

    @Test
    @Tag("feature:roles")
    void aRoleSetsTheMembersGhostLevelInTheCurrentPowerLevels() {
        Jid juliet = Jid.parse("juliet@capulet.example");
        MatrixUserId julietGhost = MatrixUserId.parse("@_xmpp_juliet:example.org");
        MatrixUserId creator = MatrixUserId.parse("@creator:example.org");
        CanonicalToMatrix mapped = new CanonicalToMatrix(refs, a -> Optional.of(a.uri()),
                (Address a) -> a.equals(juliet) ? Optional.of(julietGhost) : Optional.empty());
        ObjectNode current = Json.obj("{'users':{'@bridge:example.org':100,'@_xmpp_juliet:example.org':-5},"
                + "'events_default':0,'state_default':50,'events':{'m.room.power_levels':100}}");
        RoleChanged toModerator = new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT, juliet,
                Role.MODERATOR);
        MatrixSend s = mapped.role(toModerator, current, Set.of(creator));
        assertThat(s.kind()).isEqualTo(MatrixSend.Kind.STATE);
        assertThat(s.eventType()).isEqualTo("m.room.power_levels");
        assertThat(s.stateKey()).contains("");
        assertThat(s.content()).isEqualTo(Json.obj("{'users':{'@bridge:example.org':100,"
                + "'@_xmpp_juliet:example.org':50},'events_default':0,'state_default':50,"
                + "'events':{'m.room.power_levels':100}}"));
        assertThat(current.path("users").path(julietGhost.toString()).asInt()).as("input untouched").isEqualTo(-5);

        MatrixSend member = mapped.role(new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT, juliet,
                Role.MEMBER), current, Set.of());
        assertThat(member.content().path("users").has(julietGhost.toString())).isFalse();
        MatrixSend visitor = mapped.role(new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT, juliet,
                Role.VISITOR), Json.obj("{}"), Set.of());
        // With no power levels at all, sending needs level 0 (the spec's default): a visitor sits just below.
        assertThat(Json.write(visitor.content())).isEqualTo("{\"users\":{\"@_xmpp_juliet:example.org\":-1}}");
    }

    @Test
    @Tag("feature:roles")
    void onlyGhostsRolesAreChangedAndOnlyAgainstThePowerLevels() {
        RoleChanged ofMatrixUser = new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                MatrixUserId.parse("@juliet:example.org"), Role.ADMIN);
        assertThatThrownBy(() -> out.role(ofMatrixUser, Json.obj("{}"), Set.of()))
                .isInstanceOfSatisfying(GatewayException.class,
                        g -> assertThat(g.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
        RoleChanged ofNobody = new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT,
                Jid.parse("nobody@capulet.example"), Role.ADMIN);
        assertThatThrownBy(() -> out.role(ofNobody, Json.obj("{}"), Set.of()))
                .isInstanceOfSatisfying(GatewayException.class,
                        g -> assertThat(g.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
        RoleChanged ofGhost = new RoleChanged(EventId.random(), origin(), ROMEO, ROOM, AT, ROMEO, Role.ADMIN);
        assertThatThrownBy(() -> out.render(ofGhost, GHOST, ROOM_ID))
                .isInstanceOfSatisfying(GatewayException.class,
                        g -> assertThat(g.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED));
    }
}
