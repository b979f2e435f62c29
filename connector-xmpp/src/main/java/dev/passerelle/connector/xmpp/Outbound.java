package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.muc.Departure;
import dev.passerelle.connector.xmpp.muc.HostedRooms;
import dev.passerelle.connector.xmpp.translate.CanonicalToXmpp;
import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.Role;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.GhostStore;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import dev.passerelle.connector.xmpp.identity.ChatStateLimiter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.hints.element.NoStoreHint;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Deliveries to XMPP: {@link #render} turns an event into stanzas (as XML, in a small JSON envelope that says
 * where they go), {@link #send} sends those stored stanzas, as often as the router retries.
 *
 * <p>Targets: a portal on the component domain is a hosted room (messages are reflected to its occupants by
 * {@link HostedRooms}, membership and subject become occupant presence and subject changes); a JID on a configured
 * MUC domain is a plumbed room; any other JID is a user, written to one to one from the sender's ghost. The
 * stanza's id and XEP-0359 origin-id is the delivery's idempotency key, so a resend after a reconnect carries the
 * same origin-id and receivers can drop the duplicate.
 */
final class Outbound {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Outbound.class);
    static final String HOSTED = "hosted";
    static final String DIRECT = "direct";
    static final String PLUMBED = "plumbed";

    private final Vertx vertx;
    private final Context context;
    private final XmppSettings settings;
    private final GhostNaming ghosts;
    private final GhostStore ghostStore;
    private final StoreRefs refs;
    private final Function<Attachment, URI> signed;
    private final HostedRooms rooms;
    private final Function<Stanza, Future<Void>> send;
    /** Per conversation, the sends not settled yet (the router keeps several to a room in flight). */
    private final Map<Jid, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Plumbing plumbing;
    private final Rosters rosters;
    private final Uploads uploads;
    private final ChatStateLimiter chatStates;

    Outbound(Vertx vertx, Context context, XmppSettings settings, GhostNaming ghosts, GhostStore ghostStore,
            StoreRefs refs, Function<Attachment, URI> signed, HostedRooms rooms, Function<Stanza, Future<Void>> send,
            Plumbing plumbing, Rosters rosters, Uploads uploads, ChatStateLimiter chatStates) {
        this.vertx = vertx;
        this.context = context;
        this.settings = settings;
        this.ghosts = ghosts;
        this.ghostStore = ghostStore;
        this.refs = refs;
        this.signed = signed;
        this.rooms = rooms;
        this.send = send;
        this.plumbing = plumbing;
        this.rosters = rosters;
        this.uploads = uploads;
        this.chatStates = chatStates;
    }

    Future<Rendered> render(Delivery delivery) {
        if (!(delivery.target() instanceof Jid target)) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "an XMPP delivery needs a JID target, got " + delivery.target().toUri()));
        }
        String route;
        if (target.domainpart().equals(settings.component().domain())) {
            route = HOSTED;
        } else if (settings.isMucDomain(target.domainpart())) {
            route = PLUMBED;
        } else {
            route = DIRECT;
        }
        // Attachments go to the server's upload service first (on the event loop, as the media service asks):
        // the URLs it returns end up in the stored rendering, so a retried send does not upload again.
        List<Attachment> files = attachments(delivery.event());
        Future<Map<URI, URI>> uploaded = files.isEmpty() || delivery.event().sender().network() == Network.XMPP
                ? Future.succeededFuture(Map.of())
                : onContext(() -> uploads.upload(JidCreate.entityBareFromOrThrowUnchecked(
                        ghostOf(delivery.event().sender()).toString()), files));
        return uploaded.compose(urls -> vertx.executeBlocking(() -> envelope(delivery, target.bare(), route,
                new CanonicalToXmpp(refs, a -> urls.getOrDefault(a.uri(), signed.apply(a)))), false));
    }

    private static List<Attachment> attachments(Event event) {
        if (event instanceof MessageSent m) {
            return m.content().attachments();
        }
        if (event instanceof MessageEdited e) {
            return e.newContent().attachments();
        }
        return List.of();
    }

    private Rendered envelope(Delivery delivery, Jid target, String route, CanonicalToXmpp renderer) {
        Event event = delivery.event();
        Jid ghost = ghostOf(event.sender());
        JsonObject out = new JsonObject().put("route", route).put("to", target.toString())
                .put("sender", event.sender().toUri()).put("name", displayName(event.sender()));
        String op = "stanzas";
        List<Stanza> stanzas = List.of();
        boolean hosted = route.equals(HOSTED);
        boolean room = hosted || route.equals(PLUMBED);
        if (event instanceof MembershipChanged m) {
            if (hosted) {
                op = membershipOp(m.membership());
            } else {
                // In a plumbed room a remote member's ghost takes its seat when it first speaks; joining it at once
                // shows the member to XMPP occupants. Leaving is not mirrored: the ghost stays seated.
                op = route.equals(PLUMBED) && m.membership() == MembershipChanged.Membership.JOIN ? "seat" : "none";
            }
            out.put("member", m.member().toUri()).put("memberName", displayName(m.member()));
            m.reason().ifPresent(r -> out.put("reason", r));
        } else if (event instanceof RoleChanged r) {
            // A member's standing shows as its occupant's affiliation and role in a hosted room; plumbed rooms
            // are moderated on XMPP, and a direct chat has no roles.
            op = hosted ? "role" : "none";
            out.put("member", r.member().toUri()).put("role", r.role().name());
        } else if (event instanceof RoomMetadataChanged r) {
            op = hosted && r.topic().isPresent() ? "subject" : "none";
            r.topic().ifPresent(t -> out.put("subject", t));
        } else if (event instanceof ProfileChanged || event instanceof PresenceChanged) {
            // A remote user's presence and profile go to the XMPP users subscribed to its ghost (Rosters), from
            // whichever conversation they were delivered to. In a hosted room a new name is also a nick change;
            // availability is not shown there (occupancy follows membership only).
            op = "none";
            out.put("roster", true);
            if (hosted && event instanceof ProfileChanged p && p.displayName().isPresent()) {
                op = "nick";
                out.put("name", p.displayName().get());
            }
        } else {
            Message.Type type = room ? Message.Type.groupchat : Message.Type.chat;
            stanzas = renderer.render(event, ghost, target, type, delivery.key().value());
        }
        JsonArray xml = new JsonArray();
        for (Stanza s : stanzas) {
            xml.add(s.toXML().toString());
        }
        out.put("op", op).put("stanzas", xml);
        // The text a later reply quotes is kept with the rendered bytes, in the journal's transaction.
        return new Rendered(out.encode().getBytes(StandardCharsets.UTF_8),
                refs.textWrite(event).map(List::of).orElse(List.of()));
    }

    /**
     * The sends to one conversation that are not settled, in call order, and the last one's "written": its
     * stanzas handed to the connection, or it ended without any. Changed only inside the map's compute.
     */
    private static final class InFlight {
        final List<Future<SendResult>> unsettled = new ArrayList<>();
        Future<Void> lastWritten = Future.succeededFuture();
        /** The lowest delivery seq whose send failed and that has not been sent again since. */
        volatile long failedSeq = Long.MAX_VALUE;

        boolean isEmpty() {
            return unsettled.isEmpty() && failedSeq == Long.MAX_VALUE;
        }
    }

    /**
     * Sends a rendered delivery. Called on the router's context in the lane's order, several to a room at once
     * (see {@link XmppConnector#sendWindow}): each send's stanzas go to the connection only once those of the
     * send before it to the same conversation have, so the server takes them in order. A send that must first seat
     * its sender in a plumbed room waits for the earlier sends to settle and fails if one of them did: the seat
     * would let it into the room ahead of an earlier message the room refused (after a server restart, say),
     * which the router retries first.
     */
    Future<SendResult> send(Delivery delivery, Rendered rendered) {
        JsonObject env;
        List<Stanza> stanzas = new ArrayList<>();
        try {
            env = new JsonObject(new String(rendered.payload(), StandardCharsets.UTF_8));
            for (Object xml : env.getJsonArray("stanzas")) {
                stanzas.add(PacketParserUtils.parseStanza((String) xml));
            }
        } catch (Exception unreadable) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "stored stanzas for delivery " + delivery.seq() + " are unreadable: " + unreadable.getMessage(),
                    unreadable));
        }
        Jid to = Jid.parse(env.getString("to"));
        Promise<Void> written = Promise.promise();
        Promise<SendResult> settled = Promise.promise();
        List<Future<SendResult>> earlier = new ArrayList<>();
        List<Future<Void>> previous = new ArrayList<>(1);
        long seq = delivery.seq();
        inFlight.compute(to, (k, sends) -> {
            InFlight current = sends == null ? new InFlight() : sends;
            if (delivery.attempt() > 1 && current.failedSeq <= seq) {
                // The router retries a delivery only once every one before it in the lane has settled.
                current.failedSeq = Long.MAX_VALUE;
            }
            earlier.addAll(current.unsettled);
            previous.add(current.lastWritten);
            current.unsettled.add(settled.future());
            current.lastWritten = written.future();
            return current;
        });
        settled.future().onComplete(ar -> {
            // A send that failed or had nothing to write lets the next one go.
            written.tryComplete();
            boolean retried = ar.failed() && GatewayException.of(ar.cause()).isRetryable();
            inFlight.computeIfPresent(to, (k, sends) -> {
                sends.unsettled.remove(settled.future());
                if (retried) {
                    sends.failedSeq = Math.min(sends.failedSeq, seq);
                }
                return sends.isEmpty() ? null : sends;
            });
        });
        previous.get(0).transform(v -> send(delivery, env, to, stanzas, new Order(to, seq, written, earlier)))
                .onComplete(settled);
        return settled.future();
    }

    /** What a send needs to keep its conversation's order: whom to tell it wrote, the sends before it. */
    private record Order(Jid to, long seq, Promise<Void> written, List<Future<SendResult>> earlier) {
    }

    /**
     * Once every send to the conversation called before this one has settled; failed if one of them failed and
     * was not sent again since (the router sends it again before this one).
     */
    private Future<Void> earlierSettled(Order order) {
        Future<?> all = order.earlier().isEmpty() ? Future.succeededFuture() : Future.join(order.earlier());
        return all.transform(ar -> {
            InFlight sends = inFlight.get(order.to());
            if (sends != null && sends.failedSeq < order.seq()) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "a message sent to "
                        + order.to() + " before this one failed; this one waits to follow it"));
            }
            return Future.succeededFuture();
        });
    }

    private Future<SendResult> send(Delivery delivery, JsonObject env, Jid to, List<Stanza> stanzas,
            Order order) {
        Event event = delivery.event();
        boolean keepsId = event instanceof MessageSent || event instanceof MessageEdited;
        String route = env.getString("route");
        if (event instanceof ChatStateChanged c && !stanzas.isEmpty()) {
            // A repeated or too frequent chat state is not sent; the limiter sends the latest one later.
            EntityBareJid ghost = JidCreate.entityBareFromOrThrowUnchecked(ghostOf(event.sender()).toString());
            org.jxmpp.jid.Jid conversation = JidCreate.fromOrThrowUnchecked(to.toString());
            ChatState state = ((ChatStateExtension) stanzas.get(0).getExtension(ChatStateExtension.NAMESPACE))
                    .getChatState();
            Future<Boolean> now = onContext(() -> Future.succeededFuture(
                    chatStates.offer(ghost, conversation, state).isPresent()));
            return now.compose(go -> go ? send(delivery, env, to, route, stanzas, false, order)
                    : Future.succeededFuture(SendResult.confirmed()));
        }
        if (env.getBoolean("roster", false)) {
            Supplier<Future<Void>> roster = event instanceof PresenceChanged p ? () -> rosters.presence(p)
                    : () -> rosters.profile((ProfileChanged) event);
            return onContext(roster).compose(v -> send(delivery, env, to, route, stanzas, false, order));
        }
        return send(delivery, env, to, route, stanzas, keepsId, order);
    }

    /** Sends the stanzas, telling the order once the last of them is handed to the connection. */
    private Future<SendResult> send(Delivery delivery, JsonObject env, Jid to, String route, List<Stanza> stanzas,
            boolean keepsId, Order order) {
        Event event = delivery.event();
        Future<SendResult> sent;
        if (route.equals(HOSTED) || route.equals(PLUMBED)) {
            Supplier<Future<Optional<String>>> action = route.equals(HOSTED)
                    ? () -> hosted(env, to, stanzas, order.written()) : () -> plumbed(env, to, stanzas, order);
            sent = onContext(action).map(stanzaId -> stanzaId.isPresent() && keepsId
                    ? SendResult.withId(XmppIds.nativeId(to, stanzaId.get())) : SendResult.confirmed());
        } else {
            Future<Void> all = sendAll(stanzas);
            order.written().tryComplete();
            sent = all.map(v -> keepsId && !stanzas.isEmpty()
                    ? SendResult.withId(XmppIds.nativeId(to, delivery.key().value())) : SendResult.confirmed());
        }
        return sent.compose(result -> {
            if (keepsId && event instanceof MessageSent && result.nativeId().isPresent() && !route.equals(DIRECT)) {
                // Clients correct a room message by its message id, which is the delivery's key here; the journal
                // maps it with the delivery's completion.
                result = result.withAlias(refs.alias(event.id(), to, delivery.key().value()).nativeId());
            }
            SendResult done = result;
            return StoreRefs.remembers(event) ? vertx.executeBlocking(() -> {
                refs.remember(event);
                return done;
            }, false) : Future.succeededFuture(done);
        });
    }

    /**
     * Sends to a hosted room; the stanza-id the room gave the first message, if the event was a message. Only a
     * message's stanzas tell {@code written} early; the rest lets the next send go once it is done.
     */
    private Future<Optional<String>> hosted(JsonObject env, Jid to, List<Stanza> stanzas, Promise<Void> written) {
        EntityBareJid room = JidCreate.entityBareFromOrThrowUnchecked(to.toString());
        Address sender = Addresses.parse(env.getString("sender"));
        String name = env.getString("name");
        String op = env.getString("op");
        switch (op) {
            case "stanzas":
                return messages(room, sender, name, stanzas, written);
            case "join":
                return rooms.memberJoined(room, Addresses.parse(env.getString("member")), env.getString("memberName"),
                        Role.MEMBER).map(Optional.empty());
            case "leave":
            case "kick":
            case "ban":
                Departure how = op.equals("leave") ? Departure.LEFT
                        : op.equals("kick") ? Departure.KICKED : Departure.BANNED;
                Address member = Addresses.parse(env.getString("member"));
                Optional<Address> actor = member.equals(sender) ? Optional.empty() : Optional.of(sender);
                return rooms.memberLeft(room, member, how, actor, Optional.ofNullable(env.getString("reason")))
                        .map(Optional.empty());
            case "subject":
                return rooms.subject(room, sender, env.getString("subject")).map(Optional.empty());
            case "role":
                return rooms.roleChanged(room, Addresses.parse(env.getString("member")),
                        Role.valueOf(env.getString("role"))).map(Optional.empty());
            case "nick":
                return occupant(room, sender, name, () -> rooms.nickChanged(room, sender, name)).map(Optional.empty());
            default:
                return Future.succeededFuture(Optional.empty());
        }
    }

    /**
     * Sends to a plumbed room from the sender's ghost; the stanza-id the room gave the first message. A ghost
     * without a seat takes one only once the sends before it settled, none failed.
     */
    private Future<Optional<String>> plumbed(JsonObject env, Jid to, List<Stanza> stanzas, Order order) {
        EntityBareJid room = JidCreate.entityBareFromOrThrowUnchecked(to.toString());
        String op = env.getString("op");
        if (op.equals("seat")) {
            Address member = Addresses.parse(env.getString("member"));
            if (member.network() == Network.XMPP) {
                return Future.succeededFuture(Optional.empty());
            }
            org.jxmpp.jid.Jid ghost = JidCreate.fromOrThrowUnchecked(ghostOf(member).toString());
            return seated(room, ghost, order).compose(v -> plumbing.ensurePlumbed(room))
                    .compose(v -> plumbing.rooms().ensureJoined(room, ghost, env.getString("memberName")))
                    .map(Optional.empty());
        }
        if (!op.equals("stanzas")) {
            return Future.succeededFuture(Optional.empty());
        }
        Address sender = Addresses.parse(env.getString("sender"));
        org.jxmpp.jid.Jid ghost = JidCreate.fromOrThrowUnchecked(ghostOf(sender).toString());
        Future<Optional<String>> chain = seated(room, ghost, order).map(Optional.empty());
        for (int i = 0; i < stanzas.size(); i++) {
            Message s = (Message) stanzas.get(i);
            Runnable onWritten = i == stanzas.size() - 1 ? order.written()::tryComplete : () -> { };
            chain = chain.compose(first -> plumbing.send(room, ghost, env.getString("name"), s, onWritten)
                    .map(id -> first.isPresent() ? first : Optional.of(id)));
        }
        return chain;
    }

    /** Now if the ghost holds its seat; else once the earlier sends settled, failing if one of them failed. */
    private Future<Void> seated(EntityBareJid room, org.jxmpp.jid.Jid ghost, Order order) {
        return plumbing.seated(room, ghost) ? Future.succeededFuture() : earlierSettled(order);
    }

    private Future<Optional<String>> messages(EntityBareJid room, Address sender, String name, List<Stanza> stanzas,
            Promise<Void> written) {
        Future<Optional<String>> chain = Future.succeededFuture(Optional.empty());
        for (int i = 0; i < stanzas.size(); i++) {
            Message template = (Message) stanzas.get(i);
            boolean last = i == stanzas.size() - 1;
            Supplier<Future<String>> message = () -> {
                Future<String> reflected = rooms.message(room, sender, template);
                // The room writes its copies at once unless the sender is not an occupant yet (then it is seated
                // and asked again).
                if (last && !reflected.failed()) {
                    written.tryComplete();
                }
                return reflected;
            };
            chain = chain.compose(first -> occupant(room, sender, name, message)
                    .map(id -> first.isPresent() ? first : Optional.of(id)));
        }
        return chain;
    }

    /**
     * Runs {@code action} for a remote member of a hosted room, first making the member an occupant if it is not
     * one (the room forgets occupants on a gateway restart, and a member may write before its join arrives).
     */
    private <T> Future<T> occupant(EntityBareJid room, Address member, String name, Supplier<Future<T>> action) {
        return action.get().recover(t -> {
            if (t instanceof GatewayException g && g.reason() == GatewayException.Reason.NOT_FOUND
                    && String.valueOf(g.getMessage()).contains("not an occupant")) {
                return rooms.memberJoined(room, member, name, Role.MEMBER).compose(v -> action.get());
            }
            return Future.failedFuture(t);
        });
    }

    /**
     * Sends the chat states the limiter held back and whose wait is over, from each ghost to its conversation.
     * On the connector's context (the connector's timer).
     */
    void flushChatStates() {
        for (ChatStateLimiter.Due due : chatStates.due()) {
            Jid conversation = Jid.parse(due.conversation().toString());
            Message message = StanzaBuilder.buildMessage()
                    .addExtension(new ChatStateExtension(due.state())).addExtension(NoStoreHint.INSTANCE)
                    .build();
            Future<?> sent;
            if (conversation.domainpart().equals(settings.component().domain())) {
                Optional<Address> real = ghosts.realFor(Jid.parse(due.ghost().toString()));
                sent = real.isEmpty() ? Future.succeededFuture()
                        : rooms.message(due.conversation().asEntityBareJidOrThrow(), real.get(), message);
            } else if (settings.isMucDomain(conversation.domainpart())) {
                message.setType(Message.Type.groupchat);
                sent = plumbing.send(due.conversation().asEntityBareJidOrThrow(), due.ghost(),
                        due.ghost().getLocalpart().toString(), message);
            } else {
                message.setType(Message.Type.chat);
                message.setFrom(due.ghost());
                message.setTo(due.conversation());
                sent = send.apply(message);
            }
            sent.onFailure(e -> LOG.debug("A held-back chat state to {} was not sent: {}", conversation,
                    e.toString()));
        }
    }

    private Future<Void> sendAll(List<Stanza> stanzas) {
        List<Future<Void>> all = new ArrayList<>();
        for (Stanza s : stanzas) {
            all.add(send.apply(s));
        }
        return Future.all(all).mapEmpty();
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> p = Promise.promise();
        context.runOnContext(v -> {
            try {
                action.get().onComplete(p);
            } catch (RuntimeException e) {
                p.fail(e);
            }
        });
        return p.future();
    }

    private Jid ghostOf(Address sender) {
        if (sender.network() == Network.XMPP) {
            throw new GatewayException(GatewayException.Reason.INVALID,
                    "an XMPP user's event cannot be delivered back to XMPP: " + sender.toUri());
        }
        return (Jid) ghosts.ghostFor(sender, Network.XMPP);
    }

    /** The name the ghost store knows for a user, else a readable form of the address. Blocking. */
    private String displayName(Address user) {
        if (user.network() == Network.XMPP) {
            return ((Jid) user).localpart().orElse(user.toString());
        }
        return ghostStore.find(user, Network.XMPP).flatMap(g -> g.displayName()).filter(n -> !n.isBlank())
                .orElse(user.toString());
    }

    private static String membershipOp(MembershipChanged.Membership membership) {
        switch (membership) {
            case JOIN:
                return "join";
            case LEAVE:
                return "leave";
            case KICK:
                return "kick";
            case BAN:
                return "ban";
            default:
                // An invitation has no XMPP form in a hosted room: the room is open.
                return "none";
        }
    }
}
