package dev.passerelle.connector.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.connector.matrix.rooms.GhostUsers;
import dev.passerelle.connector.matrix.translate.CanonicalToMatrix;
import dev.passerelle.connector.matrix.translate.MatrixSend;
import dev.passerelle.connector.matrix.translate.PowerLevels;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StateWrite;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The outbound half of the connector: renders a delivery into the Client-Server calls its ghost makes (after
 * making sure the ghost exists, has a name and is in the room, and that attachments are on the homeserver),
 * and replays those calls in order.
 *
 * <p>The rendered payload is JSON: {@code {"as": ghost, "room": room id, "sends": [{kind, type, stateKey?,
 * target?, asBot?, txn, content}]}}. Each transaction id is the delivery's idempotency key plus the part's index,
 * so a resend after a failure or a restart is recognised by the homeserver and not duplicated.
 *
 * <p>A role change is the one send the bot makes rather than a ghost ({@code asBot}): the room's power levels
 * are read when the delivery is rendered and written back with the member's ghost at its new level, so a resend
 * writes the same content. The bot needs the power to change power levels; a refusal (403) is a permanent
 * failure, dead-lettered and reported like any other.
 */
final class Outbound {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final MatrixClient client;
    private final GhostNaming naming;
    private final GhostUsers ghosts;
    private final MediaUpload media;
    private final StoreRefs refs;
    private final String connectorName;

    Outbound(Vertx vertx, MatrixClient client, GhostNaming naming, GhostUsers ghosts, MediaUpload media,
            StoreRefs refs, String connectorName) {
        this.vertx = vertx;
        this.client = client;
        this.naming = naming;
        this.ghosts = ghosts;
        this.media = media;
        this.refs = refs;
        this.connectorName = connectorName;
    }

    Future<Rendered> render(Delivery delivery) {
        if (!(delivery.target() instanceof MatrixRoomId)) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "a Matrix delivery target must be a room id, was " + delivery.target().toUri()));
        }
        Event event = delivery.event();
        String roomId = delivery.target().toString();
        MatrixUserId ghost;
        try {
            ghost = (MatrixUserId) naming.ghostFor(event.sender(), Network.MATRIX);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID, e.getMessage(), e));
        }
        if (event instanceof RoleChanged r) {
            if (naming.realFor(r.member()).filter(real -> real.network() == Network.MATRIX).isPresent()) {
                // The other network's stand-in for a Matrix user: that user's power is not the gateway's to change.
                return Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                        "the role of " + r.member().toUri() + ", a Matrix user's stand-in, is not set from outside"));
            }
            // Nothing is said in the room as the sender's ghost, so it need not exist or be there.
            return powerLevels(roomId).compose(levels -> vertx.executeBlocking(
                    () -> payload(delivery, ghost, roomId, Map.of(), Optional.of(levels)), false));
        }
        Future<Void> ready = ghosts.ensureRegistered(ghost, event.sender());
        if (needsMembership(event)) {
            ready = ready.compose(v -> ghosts.ensureJoined(Optional.of(ghost), roomId));
        }
        if (event instanceof ProfileChanged p && p.displayName().isPresent()) {
            ready = ready.compose(v -> ghosts.rememberName(ghost, event.sender(), p.displayName().get()));
        }
        return ready.compose(v -> media.upload(ghost, attachments(event)))
                .compose(uploaded -> vertx.executeBlocking(
                        () -> payload(delivery, ghost, roomId, uploaded, Optional.empty()), false));
    }

    /** The power levels a role change is written against, and the creators (room v12+) it must not list. */
    private record RoomLevels(ObjectNode content, Set<MatrixUserId> creators) {
    }

    private Future<RoomLevels> powerLevels(String roomId) {
        return client.stateEvent(Optional.empty(), roomId, "m.room.create", "").compose(create ->
                client.state(Optional.empty(), roomId, "m.room.power_levels", "").map(levels -> new RoomLevels(
                        levels.orElseGet(JSON::createObjectNode),
                        create.map(PowerLevels::creators).orElseGet(Set::of))));
    }

    Future<SendResult> send(Delivery delivery, Rendered rendered) {
        ObjectNode payload;
        try {
            payload = (ObjectNode) JSON.readTree(rendered.payload());
        } catch (IOException | ClassCastException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "stored Matrix payload is not JSON", e));
        }
        MatrixUserId as = MatrixUserId.parse(payload.path("as").asText());
        String roomId = payload.path("room").asText();
        Future<Optional<String>> chain = Future.succeededFuture(Optional.empty());
        for (JsonNode send : payload.path("sends")) {
            chain = chain.compose(first -> withRejoin(as, roomId, (ObjectNode) send)
                    .map(id -> first.isPresent() ? first : id));
        }
        return chain.map(first -> first.map(id -> SendResult.withId(new NativeId(id)))
                .orElseGet(SendResult::confirmed));
    }

    /** A call refused because the ghost is not in the room (any more) is tried once more after joining again. */
    private Future<Optional<String>> withRejoin(MatrixUserId as, String roomId, ObjectNode send) {
        return call(as, roomId, send).recover(failure -> {
            if (!GhostUsers.forbidden(failure) || !inRoom(send)) {
                return Future.failedFuture(failure);
            }
            ghosts.forgetJoined(Optional.of(as), roomId);
            return ghosts.ensureJoined(Optional.of(as), roomId)
                    .recover(joinFailure -> Future.failedFuture(failure))
                    .compose(v -> call(as, roomId, send));
        });
    }

    private Future<Optional<String>> call(MatrixUserId as, String roomId, ObjectNode send) {
        MatrixSend.Kind kind = MatrixSend.Kind.valueOf(send.path("kind").asText());
        String type = send.path("type").asText();
        String txn = send.path("txn").asText();
        ObjectNode content = (ObjectNode) send.path("content");
        Optional<MatrixUserId> actor = send.path("asBot").asBoolean(false) ? Optional.empty() : Optional.of(as);
        switch (kind) {
            case MESSAGE:
                return client.send(actor, roomId, type, txn, content).map(Optional::of);
            case REDACTION:
                return client.redact(actor, roomId, send.path("target").asText(), txn,
                        Optional.ofNullable(content.path("reason").textValue())).map(Optional::of);
            case STATE:
                if (type.equals("m.room.member")) {
                    return membership(as, roomId, MatrixUserId.parse(send.path("stateKey").asText()), content);
                }
                return client.sendState(actor, roomId, type, send.path("stateKey").asText(), content)
                        .map(id -> Optional.empty());
            case TYPING:
                boolean typing = content.path("typing").asBoolean(false);
                return client.setTyping(as, roomId, typing, Duration.ofMillis(content.path("timeout").asLong(30_000)))
                        .map(v -> Optional.empty());
            case RECEIPT:
                return client.sendReceipt(as, roomId, send.path("target").asText()).map(v -> Optional.empty());
            case PRESENCE:
                return client.setPresence(as, content.path("presence").asText(),
                        Optional.ofNullable(content.path("status_msg").textValue())).map(v -> Optional.empty());
            case PROFILE:
                if (type.equals("displayname")) {
                    return client.setDisplayName(as, content.path("displayname").asText()).map(v -> Optional.empty());
                }
                return client.setAvatarUrl(as, URI.create(content.path("avatar_url").asText()))
                        .map(v -> Optional.empty());
            default:
                return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                        "unknown Matrix send kind " + kind));
        }
    }

    /**
     * Membership goes through the membership endpoints, which is what a homeserver expects from a client: the
     * ghost's own join and leave, and its invites, kicks and bans of others.
     */
    private Future<Optional<String>> membership(MatrixUserId as, String roomId, MatrixUserId member,
            ObjectNode content) {
        String membership = content.path("membership").asText();
        Optional<String> reason = Optional.ofNullable(content.path("reason").textValue());
        Optional<MatrixUserId> actor = Optional.of(as);
        if (member.equals(as)) {
            if (membership.equals("join")) {
                return ghosts.ensureJoined(actor, roomId).map(v -> Optional.empty());
            }
            ghosts.forgetJoined(actor, roomId);
            return client.leave(actor, roomId).map(v -> Optional.empty());
        }
        switch (membership) {
            case "invite":
                return client.invite(actor, roomId, member).map(v -> Optional.empty());
            case "ban":
                return client.ban(actor, roomId, member, reason).map(v -> Optional.empty());
            case "leave":
                return client.kick(actor, roomId, member, reason)
                        .recover(failure -> removedAlready(roomId, member, failure)).map(v -> Optional.empty());
            default:
                return Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                        "a ghost cannot make " + member + " " + membership));
        }
    }

    /**
     * A removal the homeserver refused as forbidden is done all the same when the member is not in the room: a
     * user another network added and removed again before it ever joined here (MIMI reports removals, not
     * additions), whose remover's ghost is not here either. Anything else stays a failure.
     */
    private Future<Void> removedAlready(String roomId, MatrixUserId member, Throwable failure) {
        if (!GhostUsers.forbidden(failure)) {
            return Future.failedFuture(failure);
        }
        return client.joinedMembers(Optional.empty(), roomId).compose(members -> members.containsKey(member)
                ? Future.<Void>failedFuture(failure) : Future.<Void>succeededFuture());
    }

    private Rendered payload(Delivery delivery, MatrixUserId ghost, String roomId, Map<URI, URI> uploaded,
            Optional<RoomLevels> levels) {
        CanonicalToMatrix translator = new CanonicalToMatrix(refs,
                a -> Optional.ofNullable(uploaded.getOrDefault(a.uri(), a.uri())), this::matrixUser);
        boolean asBot = delivery.event() instanceof RoleChanged;
        List<MatrixSend> sends = asBot && levels.isPresent()
                ? List.of(translator.role((RoleChanged) delivery.event(), levels.get().content(),
                        levels.get().creators()))
                : translator.render(delivery.event(), ghost, roomId);
        ObjectNode payload = JSON.createObjectNode();
        payload.put("as", ghost.toString());
        payload.put("room", roomId);
        ArrayNode list = payload.putArray("sends");
        for (int i = 0; i < sends.size(); i++) {
            MatrixSend s = sends.get(i);
            ObjectNode out = list.addObject();
            out.put("kind", s.kind().name());
            out.put("type", s.eventType());
            s.stateKey().ifPresent(k -> out.put("stateKey", k));
            s.target().ifPresent(t -> out.put("target", t));
            if (asBot) {
                out.put("asBot", true);
            }
            out.put("txn", delivery.key().value() + "." + i);
            out.set("content", s.content());
        }
        List<StateWrite> writes = new ArrayList<>();
        if (delivery.event() instanceof ReactionAdded r) {
            writes.add(StoreRefs.reactionWrite(connectorName, r));
        }
        try {
            return new Rendered(JSON.writeValueAsBytes(payload), writes);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private Optional<MatrixUserId> matrixUser(Address address) {
        if (address instanceof MatrixUserId user) {
            return Optional.of(user);
        }
        try {
            Address ghost = naming.ghostFor(address, Network.MATRIX);
            return ghost instanceof MatrixUserId user ? Optional.of(user) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean needsMembership(Event event) {
        if (event instanceof PresenceChanged || event instanceof ProfileChanged) {
            return false;
        }
        if (event instanceof MembershipChanged m && m.member().equals(m.sender())) {
            return m.membership() == MembershipChanged.Membership.JOIN;
        }
        return true;
    }

    /** Whether a 403 may mean the ghost left the room: not for calls outside rooms, nor for the bot's own. */
    private static boolean inRoom(ObjectNode send) {
        if (send.path("asBot").asBoolean(false)) {
            return false;
        }
        String kind = send.path("kind").asText();
        return !kind.equals("PRESENCE") && !kind.equals("PROFILE");
    }

    private static List<Attachment> attachments(Event event) {
        List<Attachment> out = new ArrayList<>();
        if (event instanceof MessageSent m) {
            out.addAll(m.content().attachments());
        } else if (event instanceof ProfileChanged p) {
            p.avatar().ifPresent(a -> out.add(Attachment.of(a, "image/png")));
        } else if (event instanceof RoomMetadataChanged r) {
            r.avatar().ifPresent(a -> out.add(Attachment.of(a, "image/png")));
        }
        return out;
    }
}
