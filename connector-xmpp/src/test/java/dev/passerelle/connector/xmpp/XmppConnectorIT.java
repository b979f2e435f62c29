package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.Bridge.Client;
import dev.passerelle.connector.xmpp.servers.OnEveryServer;
import dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer;
import dev.passerelle.connector.xmpp.stanza.OobElement;
import dev.passerelle.connector.xmpp.stanza.ReactionsElement;
import dev.passerelle.connector.xmpp.stanza.ReplyElement;
import dev.passerelle.connector.xmpp.stanza.RetractElement;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.HtmlSanitizer;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageRetracted;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReadMarker;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.message_correct.element.MessageCorrectExtension;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.sid.element.OriginIdElement;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The XMPP connector end to end against Prosody and ejabberd: a Smack client in a hosted portal room (and one to one
 * with a ghost) on one side, the core's router and a test connector standing for Matrix on the other. Every feature
 * in both directions; every stanza the connector sends is checked against the XMPP schemas when the bridge closes.
 */
@ExtendWith(VertxExtension.class)
class XmppConnectorIT {
    private static final String M2X = "direction:matrix-to-xmpp";
    private static final String X2M = "direction:xmpp-to-matrix";

    // ---- text ----

    @OnEveryServer
    @Tag("feature:text")
    @Tag(M2X)
    void textFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            b.fromMatrix(b.message(MessageContent.text("hello from matrix")));
            Message m = alice.await(Message.class, x -> "hello from matrix".equals(x.getBody()));
            assertThat(m.getType()).isEqualTo(Message.Type.groupchat);
            assertThat(m.getFrom().asBareJid().toString()).isEqualTo(b.portal.toString());
            assertThat(OriginIdElement.getOriginId(m)).isNotNull();
        }
    }

    @OnEveryServer
    @Tag("feature:text")
    @Tag(X2M)
    void textFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MultiUserChat muc = alice.join(b.portal, "alice");
            muc.sendMessage("hello from xmpp");
            MessageSent e = b.toMatrix(MessageSent.class, x -> x.content().text().equals("hello from xmpp"));
            assertThat(e.sender()).isEqualTo(alice.address());
            assertThat(e.conversation()).isEqualTo(b.portal);
        }
    }

    // ---- formatted text ----

    @OnEveryServer
    @Tag("feature:formatted-text")
    @Tag(M2X)
    void formattedTextFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            b.fromMatrix(b.message(new MessageContent("very bold",
                    Optional.of(HtmlSanitizer.sanitize("very <strong>bold</strong>")), List.of(), Optional.empty())));
            alice.await(Message.class, x -> "very *bold*".equals(x.getBody()));
        }
    }

    @OnEveryServer
    @Tag("feature:formatted-text")
    @Tag(X2M)
    void formattedTextFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            alice.join(b.portal, "alice").sendMessage("very *bold*");
            MessageSent e = b.toMatrix(MessageSent.class, x -> x.content().text().equals("very *bold*"));
            assertThat(e.content().html()).hasValueSatisfying(h -> assertThat(h.toString()).contains("<strong>"));
        }
    }

    // ---- reply ----

    @OnEveryServer
    @Tag("feature:reply")
    @Tag(M2X)
    void replyFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered first = b.deliveredFromMatrix(alice, "the question");
            b.fromMatrix(b.message(new MessageContent("the answer", Optional.empty(), List.of(),
                    Optional.of(first.id()))));
            Message reply = alice.await(Message.class, x -> x.getBody() != null && x.getBody().endsWith("the answer"));
            assertThat(reply.getExtension(ReplyElement.class)).isNotNull();
            assertThat(reply.getExtension(ReplyElement.class).id()).isEqualTo(first.sid());
        }
    }

    @OnEveryServer
    @Tag("feature:reply")
    @Tag(X2M)
    void replyFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered question = b.sentFromXmpp(alice, "the question");
            alice.send(b.groupchat().setBody("the answer")
                    .addExtension(new ReplyElement(Optional.empty(), question.sid())).build());
            MessageSent answer = b.toMatrix(MessageSent.class, x -> x.content().text().equals("the answer"));
            assertThat(answer.content().replyTo()).contains(question.id());
        }
    }

    // ---- edit ----

    @OnEveryServer
    @Tag("feature:edit")
    @Tag(M2X)
    void editFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered first = b.deliveredFromMatrix(alice, "teh typo");
            Message original = first.stanza();
            b.fromMatrix(new MessageEdited(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom, Instant.now(),
                    first.id(), MessageContent.text("the typo")));
            Message edit = alice.await(Message.class, x -> "the typo".equals(x.getBody()));
            MessageCorrectExtension replace = edit.getExtension(MessageCorrectExtension.class);
            assertThat(replace).isNotNull();
            // XEP-0308: the original's own message id, not the stanza-id the room gave it.
            assertThat(replace.getIdInitialMessage()).isEqualTo(original.getStanzaId())
                    .isNotEqualTo(Client.stanzaId(original));
        }
    }

    @OnEveryServer
    @Tag("feature:edit")
    @Tag("feature:plumbed-room")
    @Tag(M2X)
    void editFromMatrixInAPlumbedRoom(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MultiUserChat muc = b.createRoom(alice, "alice", "edit-");
            MatrixRoomId matrixRoom = b.plumbed(Jid.parse(muc.getRoom().toString()), "e");
            MessageSent first = new MessageSent(EventId.random(), Bridge.matrixOrigin(), b.bob, matrixRoom,
                    Instant.now(), MessageContent.text("teh plumbed typo"));
            b.fromMatrix(first);
            Message original = alice.await(Message.class, x -> "teh plumbed typo".equals(x.getBody()));
            b.awaitMapped(first.id());
            b.fromMatrix(new MessageEdited(EventId.random(), Bridge.matrixOrigin(), b.bob, matrixRoom, Instant.now(),
                    first.id(), MessageContent.text("the plumbed typo")));
            Message edit = alice.await(Message.class, x -> "the plumbed typo".equals(x.getBody()));
            MessageCorrectExtension replace = edit.getExtension(MessageCorrectExtension.class);
            assertThat(replace).isNotNull();
            assertThat(replace.getIdInitialMessage()).isEqualTo(original.getStanzaId())
                    .isNotEqualTo(Client.stanzaId(original));
        }
    }

    @OnEveryServer
    @Tag("feature:edit")
    @Tag(X2M)
    void editFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Message original = StanzaBuilder.buildMessage("typo-" + UUID.randomUUID())
                    .to(JidCreate.entityBareFrom(b.portal.toString())).ofType(Message.Type.groupchat)
                    .setBody("teh typo").build();
            alice.send(original);
            MessageSent sent = b.toMatrix(MessageSent.class, x -> x.content().text().equals("teh typo"));
            alice.send(b.groupchat().setBody("the typo")
                    .addExtension(new MessageCorrectExtension(original.getStanzaId())).build());
            MessageEdited edit = b.toMatrix(MessageEdited.class, x -> x.newContent().text().equals("the typo"));
            assertThat(edit.target()).isEqualTo(sent.id());
        }
    }

    // ---- retraction ----

    @OnEveryServer
    @Tag("feature:retraction")
    @Tag(M2X)
    void retractionFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered first = b.deliveredFromMatrix(alice, "regrettable");
            b.fromMatrix(new MessageRetracted(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom,
                    Instant.now(), first.id(), Optional.empty()));
            Message retract = alice.await(Message.class, x -> x.getExtension(RetractElement.class) != null);
            assertThat(retract.getExtension(RetractElement.class).id()).isEqualTo(first.sid());
        }
    }

    @OnEveryServer
    @Tag("feature:retraction")
    @Tag(X2M)
    void retractionFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered sent = b.sentFromXmpp(alice, "regrettable");
            alice.send(b.groupchat().addExtension(new RetractElement(sent.sid())).build());
            MessageRetracted r = b.toMatrix(MessageRetracted.class, x -> x.target().equals(sent.id()));
            assertThat(r.sender()).isEqualTo(alice.address());
        }
    }

    // ---- reaction ----

    @OnEveryServer
    @Tag("feature:reaction")
    @Tag(M2X)
    void reactionFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered first = b.deliveredFromMatrix(alice, "nice");
            b.fromMatrix(new ReactionAdded(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom,
                    Instant.now(), first.id(), "👍"));
            Message m = alice.await(Message.class, x -> x.getExtension(ReactionsElement.class) != null);
            assertThat(m.getExtension(ReactionsElement.class).id()).isEqualTo(first.sid());
            assertThat(m.getExtension(ReactionsElement.class).reactions()).containsExactly("👍");
        }
    }

    @OnEveryServer
    @Tag("feature:reaction")
    @Tag(X2M)
    void reactionFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered sent = b.sentFromXmpp(alice, "nice");
            alice.send(b.groupchat().addExtension(new ReactionsElement(sent.sid(), List.of("👍"))).build());
            ReactionAdded r = b.toMatrix(ReactionAdded.class, x -> x.target().equals(sent.id()));
            assertThat(r.key()).isEqualTo("👍");
        }
    }

    // ---- attachment ----

    @OnEveryServer
    @Tag("feature:attachment")
    @Tag(M2X)
    void attachmentFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Attachment file = Attachment.of(URI.create("mxc://localhost/cat"), "image/png");
            b.fromMatrix(b.message(new MessageContent("", Optional.empty(), List.of(file), Optional.empty())));
            Message m = alice.await(Message.class, x -> x.getExtension(OobElement.class) != null);
            String url = m.getExtension(OobElement.class).url();
            assertThat(url).isEqualTo(m.getBody());
            // Signed for this source and type (the expiry and signature after them depend on the second).
            String signed = b.harness.media.publicUrl(file.uri(), file.mediaType()).toString();
            assertThat(url).startsWith(signed.substring(0, signed.indexOf('.', signed.indexOf('.') + 1) + 1));
        }
    }

    @OnEveryServer
    @Tag("feature:attachment")
    @Tag(X2M)
    void attachmentFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            String url = "https://upload.localhost/files/cat.png";
            alice.send(b.groupchat().setBody(url).addExtension(OobElement.of(url)).build());
            MessageSent e = b.toMatrix(MessageSent.class, x -> !x.content().attachments().isEmpty());
            assertThat(e.content().attachments().get(0).uri()).isEqualTo(URI.create(url));
            assertThat(e.content().attachments().get(0).mediaType()).isEqualTo("image/png");
        }
    }

    @OnEveryServer
    @Tag("feature:attachment")
    @Tag("feature:upload")
    @Tag(M2X)
    void attachmentFromMatrixThroughTheUploadService(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server, true)) {
            byte[] bytes = ("a cat, " + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            b.harness.media.register(new BlobFetcher(vertx, bytes));
            Client alice = b.clientInPortal("alice");
            Attachment file = Attachment.of(URI.create("blob://localhost/cat.png"), "image/png");
            b.fromMatrix(b.message(new MessageContent("", Optional.empty(), List.of(file), Optional.empty())));
            Message m = alice.await(Message.class, x -> x.getExtension(OobElement.class) != null);
            String url = m.getExtension(OobElement.class).url();
            assertThat(url).isEqualTo(m.getBody());
            // Not the media service's signed URL (its base in these tests is http://127.0.0.1:1).
            assertThat(url).doesNotStartWith("http://127.0.0.1:1/");
            java.net.http.HttpResponse<byte[]> got = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10))
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(bytes);
        }
    }

    // ---- typing ----

    @OnEveryServer
    @Tag("feature:typing")
    @Tag(M2X)
    void typingFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            b.fromMatrix(new ChatStateChanged(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom,
                    Instant.now(), ChatStateChanged.State.COMPOSING));
            Message m = alice.await(Message.class, x -> x.getExtension(ChatStateExtension.NAMESPACE) != null);
            assertThat(((ChatStateExtension) m.getExtension(ChatStateExtension.NAMESPACE)).getChatState())
                    .isEqualTo(ChatState.composing);
        }
    }

    @OnEveryServer
    @Tag("feature:typing")
    @Tag(X2M)
    void typingFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            alice.send(b.groupchat().addExtension(new ChatStateExtension(ChatState.composing)).build());
            ChatStateChanged c = b.toMatrix(ChatStateChanged.class, x -> true);
            assertThat(c.state()).isEqualTo(ChatStateChanged.State.COMPOSING);
            assertThat(c.sender()).isEqualTo(alice.address());
        }
    }

    // ---- read marker ----

    @OnEveryServer
    @Tag("feature:read-marker")
    @Tag(M2X)
    void readMarkerFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered sent = b.sentFromXmpp(alice, "read me");
            b.fromMatrix(new ReadMarker(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom, Instant.now(),
                    sent.id()));
            Message m = alice.await(Message.class,
                    x -> x.getExtension(ChatMarkersElements.DisplayedExtension.class) != null);
            assertThat(m.getExtension(ChatMarkersElements.DisplayedExtension.class).getId()).isEqualTo(sent.sid());
        }
    }

    @OnEveryServer
    @Tag("feature:read-marker")
    @Tag(X2M)
    void readMarkerFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            Bridge.Delivered first = b.deliveredFromMatrix(alice, "read me");
            alice.send(b.groupchat().addExtension(new ChatMarkersElements.DisplayedExtension(first.sid())).build());
            ReadMarker r = b.toMatrix(ReadMarker.class, x -> true);
            assertThat(r.upTo()).isEqualTo(first.id());
        }
    }

    // ---- join and leave ----

    @OnEveryServer
    @Tag("feature:join-leave")
    @Tag(M2X)
    void joinAndLeaveFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            MatrixUserId carol = MatrixUserId.parse("@carol:localhost");
            b.fromMatrix(membership(b, carol, MembershipChanged.Membership.JOIN));
            Presence in = alice.await(Presence.class, p -> p.getType() == Presence.Type.available
                    && p.getFrom().toString().startsWith(b.portal + "/") && p.getFrom().toString().contains("carol"));
            b.fromMatrix(membership(b, carol, MembershipChanged.Membership.LEAVE));
            alice.await(Presence.class, p -> p.getType() == Presence.Type.unavailable
                    && p.getFrom().equals(in.getFrom()));
        }
    }

    @OnEveryServer
    @Tag("feature:join-leave")
    @Tag(X2M)
    void joinAndLeaveFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MultiUserChat muc = alice.join(b.portal, "alice");
            b.toMatrix(MembershipChanged.class, x -> x.membership() == MembershipChanged.Membership.JOIN
                    && x.member().equals(alice.address()));
            muc.leave();
            b.toMatrix(MembershipChanged.class, x -> x.membership() == MembershipChanged.Membership.LEAVE
                    && x.member().equals(alice.address()) && x.conversation().equals(b.portal));
        }
    }

    // ---- display name ----

    @OnEveryServer
    @Tag("feature:display-name")
    @Tag(M2X)
    void displayNameFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            b.fromMatrix(b.message(MessageContent.text("before the rename")));
            Message m = alice.await(Message.class, x -> "before the rename".equals(x.getBody()));
            b.fromMatrix(new ProfileChanged(EventId.random(), Bridge.matrixOrigin(), b.bob, b.matrixRoom,
                    Instant.now(), Optional.of("Robert"), Optional.empty()));
            Presence change = alice.await(Presence.class, p -> p.getFrom().equals(m.getFrom())
                    && p.getType() == Presence.Type.unavailable);
            MUCUser x = MUCUser.from(change);
            assertThat(x.getStatus()).contains(MUCUser.Status.NEW_NICKNAME_303);
            assertThat(x.getItem().getNick().toString()).isEqualTo("Robert");
        }
    }

    @OnEveryServer
    @Tag("feature:display-name")
    @Tag(X2M)
    void displayNameFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.clientInPortal("alice");
            alice.send(StanzaBuilder.buildPresence().to(JidCreate.fullFrom(b.portal + "/Alicia")).build());
            ProfileChanged p = b.toMatrix(ProfileChanged.class, x -> x.sender().equals(alice.address()));
            assertThat(p.displayName()).contains("Alicia");
            assertThat(p.conversation()).isEqualTo(b.portal);
            alice.await(Presence.class, x -> x.getFrom().toString().equals(b.portal + "/Alicia"));
        }
    }

    // ---- one to one with a ghost ----

    @OnEveryServer
    @Tag("feature:direct-chat")
    @Tag(M2X)
    void directChatFromMatrix(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MatrixRoomId dm = b.plumbed(alice.address(), "dm");
            b.fromMatrix(new MessageSent(EventId.random(), Bridge.matrixOrigin(), b.bob, dm, Instant.now(),
                    MessageContent.text("psst")));
            Message m = alice.await(Message.class, x -> "psst".equals(x.getBody()));
            assertThat(m.getType()).isEqualTo(Message.Type.chat);
            assertThat(m.getFrom().asBareJid().toString())
                    .isEqualTo(Harness.GHOSTS.ghostFor(b.bob, Network.XMPP).toString());
        }
    }

    @OnEveryServer
    @Tag("feature:direct-chat")
    @Tag(X2M)
    void directChatFromXmpp(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MatrixRoomId dm = b.plumbed(alice.address(), "dm");
            Address ghost = Harness.GHOSTS.ghostFor(b.bob, Network.XMPP);
            alice.send(StanzaBuilder.buildMessage().to(JidCreate.from(ghost.toString())).ofType(Message.Type.chat)
                    .setBody("psst back").build());
            MessageSent e = b.toMatrix(MessageSent.class, x -> x.content().text().equals("psst back"));
            assertThat(e.sender()).isEqualTo(alice.address());
            assertThat(b.matrix.sent()).anyMatch(s -> s.delivery().target().equals(dm)
                    && s.delivery().event().id().equals(e.id()));
        }
    }

    // ---- ghosts as contacts ----

    @OnEveryServer
    @Tag("feature:presence")
    @Tag(M2X)
    void aGhostInTheRosterShowsItsPresence(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MatrixRoomId dm = b.plumbed(alice.address(), "dm");
            org.jxmpp.jid.BareJid ghost = JidCreate.bareFrom(Harness.GHOSTS.ghostFor(b.bob, Network.XMPP).toString());
            org.jivesoftware.smack.roster.Roster roster = org.jivesoftware.smack.roster.Roster
                    .getInstanceFor(alice.connection);
            roster.createItemAndRequestSubscription(ghost, "Bob", null);
            org.awaitility.Awaitility.await().atMost(Bridge.WAIT).until(() -> roster.getEntry(ghost) != null
                    && roster.getEntry(ghost).canSeeHisPresence());

            b.fromMatrix(new PresenceChanged(EventId.random(), Bridge.matrixOrigin(), b.bob, dm, Instant.now(),
                    PresenceChanged.Availability.AWAY, Optional.of("out for lunch")));

            Presence p = alice.await(Presence.class, x -> x.getFrom().asBareJid().equals(ghost)
                    && x.getType() == Presence.Type.available && x.getMode() == Presence.Mode.away);
            assertThat(p.getStatus()).isEqualTo("out for lunch");
            org.awaitility.Awaitility.await().atMost(Bridge.WAIT).until(() -> roster.getPresence(ghost).isAway());
        }
    }

    @OnEveryServer
    @Tag("feature:display-name")
    @Tag("feature:vcard")
    @Tag(M2X)
    void aGhostsVCardHasItsDisplayName(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MatrixRoomId dm = b.plumbed(alice.address(), "dm");
            b.fromMatrix(new ProfileChanged(EventId.random(), Bridge.matrixOrigin(), b.bob, dm, Instant.now(),
                    Optional.of("Bob the Builder"), Optional.empty()));
            org.awaitility.Awaitility.await().atMost(Bridge.WAIT).until(() -> b.harness.store.ghosts()
                    .find(b.bob, Network.XMPP).flatMap(g -> g.displayName()).isPresent());

            org.jivesoftware.smackx.vcardtemp.packet.VCard vcard = org.jivesoftware.smackx.vcardtemp.VCardManager
                    .getInstanceFor(alice.connection).loadVCard(JidCreate.entityBareFrom(
                            Harness.GHOSTS.ghostFor(b.bob, Network.XMPP).toString()));
            assertThat(vcard.getNickName()).isEqualTo("Bob the Builder");
            assertThat(vcard.getField("FN")).isEqualTo("Bob the Builder");
        }
    }

    // ---- a plumbed MUC on the server ----

    @OnEveryServer
    @Tag("feature:plumbed-room")
    @Tag(M2X)
    @Tag(X2M)
    void textBothWaysInAPlumbedRoom(XmppServer server, Vertx vertx) throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MultiUserChat muc = b.createRoom(alice, "alice", "plumb-");
            Jid room = Jid.parse(muc.getRoom().toString());
            MatrixRoomId matrixRoom = b.plumbed(room, "p");
            // The first delivery plumbs the room: the listener joins, then bob's ghost, which speaks.
            b.fromMatrix(new MessageSent(EventId.random(), Bridge.matrixOrigin(), b.bob, matrixRoom, Instant.now(),
                    MessageContent.text("hello plumbed room")));
            Message m = alice.await(Message.class, x -> "hello plumbed room".equals(x.getBody()));
            assertThat(m.getFrom().asBareJid().toString()).isEqualTo(room.toString());
            muc.sendMessage("hello back");
            MessageSent e = b.toMatrix(MessageSent.class, x -> x.content().text().equals("hello back"));
            assertThat(e.conversation()).isEqualTo(room);
            assertThat(e.sender().toString()).isIn(alice.address().toString(), room + "/alice");
        }
    }

    @OnEveryServer
    @Tag("feature:plumbed-room")
    @Tag(M2X)
    void messagesToAPlumbedRoomKeepTheirOrderWhenOneWaitsForItsSendersSeat(XmppServer server, Vertx vertx)
            throws Exception {
        try (Bridge b = new Bridge(vertx, server)) {
            Client alice = b.client("alice");
            MultiUserChat muc = b.createRoom(alice, "alice", "order-");
            Jid room = Jid.parse(muc.getRoom().toString());
            MatrixRoomId matrixRoom = b.plumbed(room, "o");
            b.fromMatrix(new MessageSent(EventId.random(), Bridge.matrixOrigin(), b.bob, matrixRoom, Instant.now(),
                    MessageContent.text("bob is seated")));
            alice.await(Message.class, x -> "bob is seated".equals(x.getBody()));
            // The ghosts of carol, dave and erin have no seat yet: each one's message waits for the room to take
            // them in, and bob's, sent with them, must not overtake it.
            List<String> texts = new java.util.ArrayList<>();
            texts.add("bob 0");
            for (String user : List.of("carol", "dave", "erin")) {
                texts.add(user + " first");
                texts.add("bob after " + user);
            }
            // In one transaction, as a homeserver pushes them: the router sends them together.
            List<Event> events = texts.stream().<Event>map(text -> new MessageSent(EventId.random(),
                    Bridge.matrixOrigin(), MatrixUserId.parse("@" + text.substring(0, text.indexOf(' '))
                    + ":localhost"), matrixRoom, Instant.now(), MessageContent.text(text))).toList();
            Bridge.await(b.router.submitAll(events));
            alice.await(Message.class, x -> "bob after erin".equals(x.getBody()));
            List<String> seen = alice.received.stream().filter(Message.class::isInstance).map(Message.class::cast)
                    .map(Message::getBody).filter(texts::contains).toList();
            assertThat(seen).containsExactlyElementsOf(texts);
        }
    }

    // ---- helpers ----

    private static MembershipChanged membership(Bridge b, MatrixUserId who, MembershipChanged.Membership what) {
        return new MembershipChanged(EventId.random(), Bridge.matrixOrigin(), who, b.matrixRoom, Instant.now(), who,
                what, Optional.empty());
    }

}
