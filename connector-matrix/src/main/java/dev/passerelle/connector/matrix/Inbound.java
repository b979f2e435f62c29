package dev.passerelle.connector.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.appservice.AppServiceHandler;
import dev.passerelle.connector.matrix.appservice.ThirdPartyLocation;
import dev.passerelle.connector.matrix.appservice.ThirdPartyProtocol;
import dev.passerelle.connector.matrix.appservice.ThirdPartyUser;
import dev.passerelle.connector.matrix.bot.Bot;
import dev.passerelle.connector.matrix.rooms.GhostUsers;
import dev.passerelle.connector.matrix.rooms.RoomService;
import dev.passerelle.connector.matrix.translate.InboundResult;
import dev.passerelle.connector.matrix.translate.MatrixToCanonical;
import dev.passerelle.connector.matrix.translate.TypingUpdate;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.RoleChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound half of the connector: what the appservice server hands over. Each room event is first
 * screened: events of the bot and of the gateway's ghosts are echoes and dropped (the homeserver keeps the
 * namespace exclusive, so a ghost sender in a transaction is never a real user: nothing with a ghost's id
 * is relayed); room upgrades, encryption and invitations go to the {@link RoomService}; commands for the bot
 * are answered and not relayed. The rest is translated on a worker thread and submitted to the core, and the
 * transaction completes (the homeserver gets its 200) once all of it is durable.
 *
 * <p>Only the gateway acts as its ghosts and its bot. A membership event that has another user join (or knock)
 * as one of them breaks the spec's authorization rules (a join's sender is its state key), so it can only come
 * from a forged or misbehaving server: it is neither relayed nor acted on, and counts in
 * {@code passerelle.access.refused{surface=matrix,reason=ghost_claimed}}. Invitations, kicks and bans of a ghost
 * by a room's users are ordinary and go on.
 *
 * <p>Everything not relayed is counted in {@code passerelle.matrix.events.ignored{reason}}: {@code echo},
 * {@code bot-command}, {@code gateway-member}, {@code room-state}, {@code encrypted}, and the translation's
 * reasons ({@code unsupported-type}, {@code not-bridged}, {@code malformed}, {@code target-unknown}).
 */
final class Inbound implements AppServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final Vertx vertx;
    private final EventSink sink;
    private final GhostNaming naming;
    private final GhostUsers ghosts;
    private final RoomService rooms;
    private final Bot bot;
    private final MatrixUserId botUser;
    private final StoreRefs refs;
    private final MatrixToCanonical translate;
    private final MeterRegistry metrics;
    private final ThirdParty thirdParty;
    private final AccessRefusals refusals;
    /** Who is typing in each room, as last pushed: m.typing carries the full list, changes are derived. */
    private final Map<String, Set<MatrixUserId>> typing = new ConcurrentHashMap<>();
    /** The bridged rooms each Matrix user was seen in, for presence (see {@link #presence}). */
    private final Map<Address, Set<MatrixRoomId>> seenIn = new ConcurrentHashMap<>();

    Inbound(Vertx vertx, EventSink sink, GhostNaming naming, GhostUsers ghosts, RoomService rooms, Bot bot,
            StoreRefs refs, Clock clock, MeterRegistry metrics) {
        this.vertx = vertx;
        this.sink = sink;
        this.naming = naming;
        this.ghosts = ghosts;
        this.rooms = rooms;
        this.bot = bot;
        this.botUser = rooms.bot();
        this.refs = refs;
        this.translate = new MatrixToCanonical(refs, clock);
        this.metrics = metrics;
        this.thirdParty = new ThirdParty(naming);
        this.refusals = new AccessRefusals(metrics);
    }

    @Override
    public Future<Void> transaction(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
        List<ObjectNode> relay = new ArrayList<>();
        Future<Void> screened = Future.succeededFuture();
        for (ObjectNode event : events) {
            screened = screened.compose(v -> settled(event, screen(event, relay)));
        }
        return screened
                .compose(v -> vertx.executeBlocking(() -> translateAll(relay, ephemeral), false))
                .compose(translated -> translated.isEmpty() ? Future.succeededFuture()
                        : sink.submitAll(translated).mapEmpty());
    }

    /** Acts on one room event; adds it to {@code relay} when it is to be translated and submitted. */
    private Future<Void> screen(ObjectNode event, List<ObjectNode> relay) {
        String sender = event.path("sender").asText("");
        if (isGateway(sender)) {
            ignored("echo");
            return Future.succeededFuture();
        }
        String type = event.path("type").asText();
        switch (type) {
            case "m.room.member":
                String member = event.path("state_key").asText("");
                if (claimsGatewayUser(event, sender, member)) {
                    refusals.refused(AccessRefusals.Surface.MATRIX, "ghost_claimed", sender, sender + " made "
                            + member + " " + event.path("content").path("membership").asText() + " room "
                            + event.path("room_id").asText() + " (event " + event.path("event_id").asText()
                            + "); only the gateway acts as its ghosts");
                    return Future.succeededFuture();
                }
                if (isGateway(member)) {
                    ignored("gateway-member");
                } else {
                    relay.add(event);
                }
                return rooms.onMember(event);
            case "m.room.tombstone":
                ignored("room-state");
                return rooms.onTombstone(event);
            case "m.room.encryption":
                ignored("room-state");
                return rooms.onEncryptionEnabled(event);
            case "m.room.encrypted":
                return rooms.onEncryptedEvent(event);
            case "m.room.message":
                return command(event, sender).map(answered -> {
                    if (answered) {
                        ignored("bot-command");
                    } else {
                        relay.add(event);
                    }
                    return null;
                });
            default:
                relay.add(event);
                return Future.succeededFuture();
        }
    }

    /**
     * What one event's side effects (a join, a notice, a link) come to for the transaction: a transient failure
     * fails it, so that the homeserver sends it again (the core drops what it already journalled); any other
     * failure would fail every resend too and hold up every later transaction, so it is logged and counted in
     * {@code passerelle.matrix.room.actions.failed{type}} and the transaction goes on.
     */
    private Future<Void> settled(ObjectNode event, Future<Void> effects) {
        return effects.recover(failure -> {
            GatewayException g = GatewayException.of(failure);
            if (g.isRetryable()) {
                return Future.failedFuture(g);
            }
            String type = event.path("type").asText();
            metrics.counter("passerelle.matrix.room.actions.failed", "type", type).increment();
            LOG.warn("Acting on {} {} failed for good: {}", type, event.path("event_id").asText(), g.getMessage());
            return Future.succeededFuture();
        });
    }

    /** Answers the message if it is a command for the bot (in a DM with it, or addressed to it); true if so. */
    private Future<Boolean> command(ObjectNode event, String sender) {
        JsonNode content = event.path("content");
        if (!"m.text".equals(content.path("msgtype").asText()) || !content.path("body").isTextual()
                || content.path("m.relates_to").path("rel_type").isTextual()) {
            return Future.succeededFuture(false);
        }
        String roomId = event.path("room_id").asText();
        MatrixUserId user;
        MatrixRoomId room;
        try {
            user = MatrixUserId.parse(sender);
            room = MatrixRoomId.parse(roomId);
        } catch (AddressException e) {
            return Future.succeededFuture(false);
        }
        String eventId = event.path("event_id").asText();
        return rooms.isBotDm(roomId)
                .compose(dm -> bot.handle(user, room, content.path("body").textValue(), dm))
                .compose(reply -> reply.isEmpty() ? Future.succeededFuture(false)
                        : rooms.notice(Optional.empty(), roomId, reply.get().text(),
                                RoomService.txnId("bot-", eventId), Optional.of(eventId)).map(true));
    }

    private List<Event> translateAll(List<ObjectNode> relay, List<ObjectNode> ephemeral) {
        List<Event> out = new ArrayList<>();
        for (ObjectNode event : relay) {
            accept(translate.translate(event), out);
        }
        for (ObjectNode event : ephemeral) {
            if ("m.typing".equals(event.path("type").asText())) {
                String roomId = event.path("room_id").asText();
                TypingUpdate update = translate.typing(event, typing.getOrDefault(roomId, Set.of()));
                typing.put(roomId, update.typing());
                accept(update.result(), out);
            } else {
                accept(translate.ephemeral(event), out);
            }
        }
        return out;
    }

    private void accept(InboundResult result, List<Event> out) {
        if (result instanceof InboundResult.Ignored ignored) {
            ignored(ignored.reason().label().replace(' ', '-'));
            return;
        }
        for (Event e : ((InboundResult.Translated) result).events()) {
            if (isGateway(e.sender())) {
                ignored("echo");
                continue;
            }
            if (e instanceof RoleChanged r && r.member().equals(botUser)) {
                // The bot's own power is the operator's business, not something the other networks show.
                ignored("gateway-member");
                continue;
            }
            if (e instanceof ReactionAdded r) {
                refs.remember(r);
            }
            if (e instanceof PresenceChanged p) {
                presence(p, out);
                continue;
            }
            seen(e);
            out.add(e);
        }
    }

    /**
     * Matrix presence belongs to a user, not a room, while the core relays per room: it is sent to each room the
     * user was seen in (a message, a join) since the gateway started, with the room in its native id so that the
     * copies stay distinct in the message map.
     */
    private void presence(PresenceChanged p, List<Event> out) {
        Set<MatrixRoomId> rooms = seenIn.getOrDefault(p.sender(), Set.of());
        if (rooms.isEmpty()) {
            ignored("presence-no-room");
            return;
        }
        for (MatrixRoomId room : rooms) {
            out.add(new PresenceChanged(EventId.random(), new Origin(Network.MATRIX,
                    new NativeId(p.origin().nativeId().value() + "/" + room)), p.sender(), room, p.timestamp(),
                    p.availability(), p.status()));
        }
    }

    private void seen(Event e) {
        if (!(e.conversation() instanceof MatrixRoomId room)) {
            return;
        }
        if (e instanceof MembershipChanged m && m.membership() != MembershipChanged.Membership.JOIN
                && m.membership() != MembershipChanged.Membership.INVITE) {
            seenIn.getOrDefault(m.member(), Set.of()).remove(room);
            return;
        }
        seenIn.computeIfAbsent(e.sender(), k -> ConcurrentHashMap.newKeySet()).add(room);
    }

    @Override
    public Future<Boolean> userExists(MatrixUserId user) {
        if (user.equals(botUser)) {
            return Future.succeededFuture(true);
        }
        Optional<Address> real = naming.realFor(user).filter(a -> a.network() != Network.MATRIX);
        if (real.isEmpty()) {
            return Future.succeededFuture(false);
        }
        return ghosts.ensureRegistered(user, real.get()).map(true);
    }

    @Override
    public Future<Boolean> roomAliasExists(MatrixRoomAlias alias) {
        return rooms.openPortal(alias);
    }

    @Override
    public Future<Void> ping(Optional<String> transactionId) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Optional<ThirdPartyProtocol>> thirdPartyProtocol(String protocol) {
        return Future.succeededFuture(thirdParty.protocol(protocol));
    }

    @Override
    public Future<List<ThirdPartyLocation>> thirdPartyLocations(String protocol, Map<String, String> fields) {
        return Future.succeededFuture(thirdParty.locations(protocol, fields));
    }

    @Override
    public Future<List<ThirdPartyUser>> thirdPartyUsers(String protocol, Map<String, String> fields) {
        return Future.succeededFuture(thirdParty.users(protocol, fields));
    }

    @Override
    public Future<List<ThirdPartyLocation>> thirdPartyLocations(MatrixRoomAlias alias) {
        return Future.succeededFuture(thirdParty.locations(alias));
    }

    @Override
    public Future<List<ThirdPartyUser>> thirdPartyUsers(MatrixUserId user) {
        return Future.succeededFuture(thirdParty.users(user));
    }

    /** A join or knock of the gateway's bot or ghost made by someone else (the gateway's own were dropped). */
    private boolean claimsGatewayUser(ObjectNode event, String sender, String member) {
        String membership = event.path("content").path("membership").asText("");
        return isGateway(member) && !member.equals(sender)
                && (membership.equals("join") || membership.equals("knock"));
    }

    private boolean isGateway(String userId) {
        if (userId.isEmpty()) {
            return false;
        }
        try {
            return isGateway(MatrixUserId.parse(userId));
        } catch (AddressException e) {
            return false;
        }
    }

    private boolean isGateway(Address sender) {
        return sender.equals(botUser) || naming.isGhost(sender);
    }

    private void ignored(String reason) {
        metrics.counter("passerelle.matrix.events.ignored", "reason", reason.toLowerCase(Locale.ROOT)).increment();
    }
}
