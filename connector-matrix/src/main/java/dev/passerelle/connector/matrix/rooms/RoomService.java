package dev.passerelle.connector.matrix.rooms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.bot.BotActions;
import dev.passerelle.connector.matrix.client.CreateRoom;
import dev.passerelle.connector.matrix.client.MatrixApiException;
import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to rooms: portals created on an alias query, DMs opened by inviting a ghost, the bot joining
 * rooms it is invited to, links following a room upgrade, and links dropped when a room turns encryption on
 * (the gateway cannot read encrypted rooms, so it says so in the room instead of going silent).
 */
public final class RoomService {
    private static final Logger LOG = LoggerFactory.getLogger(RoomService.class);
    private static final String BOT_DM_KEY = "bot-dm:";

    /** What a room that is being plumbed must let the bot do (see the bot's documentation). */
    static final Set<String> BOT_POWERS = Set.of("invite", "kick", "ban", "redact", "m.room.power_levels");

    private final Vertx vertx;
    private final MatrixClient client;
    private final Store store;
    private final GhostNaming naming;
    private final GhostUsers ghosts;
    private final String connectorName;
    private final MatrixUserId bot;
    private final String roomVersion;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Set<String> botDms = ConcurrentHashMap.newKeySet();
    private final Set<String> toldEncrypted = ConcurrentHashMap.newKeySet();
    private final java.util.function.Consumer<Link> linkMade;

    public RoomService(Vertx vertx, MatrixClient client, Store store, GhostNaming naming, GhostUsers ghosts,
            String connectorName, MatrixUserId bot, String roomVersion, Clock clock, MeterRegistry metrics) {
        this(vertx, client, store, naming, ghosts, connectorName, bot, roomVersion, clock, metrics, link -> { });
    }

    /** As above, with {@code linkMade} told of every link the bot makes (the gateway tells the other connectors). */
    public RoomService(Vertx vertx, MatrixClient client, Store store, GhostNaming naming, GhostUsers ghosts,
            String connectorName, MatrixUserId bot, String roomVersion, Clock clock, MeterRegistry metrics,
            java.util.function.Consumer<Link> linkMade) {
        this.linkMade = linkMade;
        this.vertx = vertx;
        this.client = client;
        this.store = store;
        this.naming = naming;
        this.ghosts = ghosts;
        this.connectorName = connectorName;
        this.bot = bot;
        this.roomVersion = roomVersion;
        this.clock = clock;
        this.metrics = metrics;
    }

    public MatrixUserId bot() {
        return bot;
    }

    /** What the bot's commands act through; {@code health} is the connector's, for {@code status}. */
    public BotActions botActions(Supplier<Health> health) {
        return new RoomBotActions(this, vertx, connectorName, health);
    }

    /**
     * Answers the homeserver's query for a portal alias: creates the portal room as the bot, with the alias,
     * and links it to the remote room the alias names. False for an alias that names no remote room, or whose
     * remote room is already bridged to another Matrix room.
     */
    public Future<Boolean> openPortal(MatrixRoomAlias alias) {
        Optional<Address> remote = naming.realFor(alias).filter(a -> a.network() != Network.MATRIX);
        if (remote.isEmpty()) {
            return Future.succeededFuture(false);
        }
        return blocking(() -> store.links().findByRoom(remote.get())).compose(existing -> {
            if (existing.isPresent()) {
                return Future.succeededFuture(false);
            }
            CreateRoom request = CreateRoom.builder()
                    .aliasLocalpart(alias.localpart())
                    .name(GhostUsers.defaultName(remote.get()))
                    .topic("Bridged to " + remote.get().toUri() + " by Passerelle")
                    .preset(CreateRoom.Preset.PUBLIC_CHAT)
                    .visibility(CreateRoom.Visibility.PRIVATE)
                    .roomVersion(roomVersion)
                    .build();
            return client.createRoom(Optional.empty(), request).compose(roomId -> link(Link.Kind.PORTAL,
                    MatrixRoomId.parse(roomId), remote.get()).map(true)).recover(failure -> {
                        // Two queries for one alias at once: the other one made the room.
                        if (failure instanceof MatrixApiException api
                                && api.errcode().equals(Optional.of("M_ROOM_IN_USE"))) {
                            return Future.succeededFuture(true);
                        }
                        return Future.failedFuture(failure);
                    });
        });
    }

    /**
     * A membership event of someone else than the bot and the ghosts: the bot joins rooms it is invited to
     * (remembering DMs, where every message is a command); a ghost invited to a DM ({@code is_direct}) joins
     * and the room is linked to the ghost's real user.
     */
    public Future<Void> onMember(ObjectNode event) {
        JsonNode content = event.path("content");
        if (!"invite".equals(content.path("membership").asText())) {
            return Future.succeededFuture();
        }
        String roomId = event.path("room_id").asText();
        String invitee = event.path("state_key").asText();
        boolean direct = content.path("is_direct").asBoolean(false);
        if (invitee.equals(bot.toString())) {
            return ghosts.ensureJoined(Optional.empty(), roomId).compose(v -> direct ? rememberBotDm(roomId)
                    : Future.succeededFuture());
        }
        MatrixUserId ghost;
        try {
            ghost = MatrixUserId.parse(invitee);
        } catch (AddressException e) {
            return Future.succeededFuture();
        }
        Optional<Address> real = naming.realFor(ghost);
        if (real.isEmpty() || !direct) {
            return Future.succeededFuture();
        }
        return ghosts.ensureRegistered(ghost, real.get())
                .compose(v -> ghosts.ensureJoined(Optional.of(ghost), roomId))
                .compose(v -> linkDm(MatrixRoomId.parse(roomId), real.get()).<Void>mapEmpty().recover(failure -> {
                    if (failure instanceof GatewayException g && g.reason() == GatewayException.Reason.INVALID) {
                        return notice(Optional.of(ghost), roomId, g.getMessage(), txnId("dm-refused-",
                                event.path("event_id").asText()), Optional.empty());
                    }
                    return Future.failedFuture(failure);
                }));
    }

    /** True if the room is a DM with the bot, where every message is a command. */
    public Future<Boolean> isBotDm(String roomId) {
        if (botDms.contains(roomId)) {
            return Future.succeededFuture(true);
        }
        return blocking(() -> store.state().get(connectorName, BOT_DM_KEY + roomId).isPresent())
                .onSuccess(dm -> {
                    if (dm) {
                        botDms.add(roomId);
                    }
                });
    }

    /**
     * {@code m.room.tombstone}: the link moves to the successor room, which the bot joins. Ghosts follow lazily,
     * each when it next speaks there.
     */
    public Future<Void> onTombstone(ObjectNode event) {
        String oldRoom = event.path("room_id").asText();
        String newRoom = event.path("content").path("replacement_room").asText("");
        if (newRoom.isEmpty() || !newRoom.startsWith("!")) {
            return Future.succeededFuture();
        }
        MatrixRoomId from = MatrixRoomId.parse(oldRoom);
        MatrixRoomId to = MatrixRoomId.parse(newRoom);
        return blocking(() -> store.links().findByRoom(from)).compose(link -> {
            if (link.isEmpty()) {
                return Future.succeededFuture();
            }
            List<String> via = to.serverName().map(List::of).orElse(List.of());
            return client.join(Optional.empty(), newRoom, via).compose(joinedId -> blocking(() -> {
                Set<Address> rooms = new HashSet<>(link.get().rooms());
                rooms.remove(from);
                rooms.add(to);
                store.links().delete(link.get().id());
                store.links().create(new Link(LinkId.random(), link.get().kind(), rooms, clock.instant()));
                return null;
            })).onSuccess(v -> {
                ghosts.forgetRoom(oldRoom);
                LOG.info("Room {} was upgraded to {}: the link moved", oldRoom, newRoom);
            }).mapEmpty();
        });
    }

    /**
     * {@code m.room.encryption} in a bridged room: the gateway cannot read it any more, so it unlinks the room
     * and says so there.
     */
    public Future<Void> onEncryptionEnabled(ObjectNode event) {
        String roomId = event.path("room_id").asText();
        MatrixRoomId room = MatrixRoomId.parse(roomId);
        return blocking(() -> store.links().findByRoom(room).map(l -> store.links().delete(l.id())).orElse(false))
                .compose(unlinked -> !unlinked ? Future.succeededFuture()
                        : notice(Optional.empty(), roomId, "This room turned on encryption; Passerelle cannot read "
                                + "encrypted rooms yet, so it stopped bridging it.", "enc-" + txnPart(event),
                                Optional.empty()));
    }

    /**
     * An {@code m.room.encrypted} event the gateway cannot read: counted, and answered in the room with a notice
     * (once per room while the gateway runs), never dropped silently.
     */
    public Future<Void> onEncryptedEvent(ObjectNode event) {
        metrics.counter("passerelle.matrix.events.ignored", "reason", "encrypted").increment();
        String roomId = event.path("room_id").asText();
        if (!toldEncrypted.add(roomId)) {
            return Future.succeededFuture();
        }
        return notice(Optional.empty(), roomId, "Passerelle cannot read encrypted messages yet: they are not "
                + "bridged.", "encrypted-" + txnPart(event), Optional.of(event.path("event_id").asText()));
    }

    /** Sends an {@code m.notice} as the bot (or a ghost), optionally as a reply; the txn id makes it idempotent. */
    public Future<Void> notice(Optional<MatrixUserId> as, String roomId, String text, String txnId,
            Optional<String> inReplyTo) {
        ObjectNode content = JsonNodeFactory.instance.objectNode();
        content.put("msgtype", "m.notice");
        content.put("body", text);
        inReplyTo.filter(id -> id.startsWith("$")).ifPresent(id -> content.putObject("m.relates_to")
                .putObject("m.in_reply_to").put("event_id", id));
        return client.send(as, roomId, "m.room.message", txnId, content).mapEmpty();
    }

    /** Opens a DM between {@code requester} and the ghost of {@code target}: created by the ghost, linked. */
    Future<String> openDm(MatrixUserId requester, Address target) {
        MatrixUserId ghost;
        try {
            ghost = (MatrixUserId) naming.ghostFor(target, Network.MATRIX);
        } catch (IllegalArgumentException | ClassCastException e) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "no Matrix ghost can stand for " + target.toUri()));
        }
        return blocking(() -> store.links().findByRoom(target)).compose(existing -> {
            if (existing.isPresent()) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID, target.toUri()
                        + " already has a bridged conversation on Matrix"));
            }
            CreateRoom request = CreateRoom.builder()
                    .preset(CreateRoom.Preset.TRUSTED_PRIVATE_CHAT)
                    .invite(requester)
                    .direct(true)
                    .roomVersion(roomVersion)
                    .build();
            return ghosts.ensureRegistered(ghost, target)
                    .compose(v -> client.createRoom(Optional.of(ghost), request))
                    .compose(roomId -> linkDm(MatrixRoomId.parse(roomId), target).map(roomId));
        });
    }

    /** Plumbs {@code room} to {@code remote}. */
    Future<Link> plumb(MatrixRoomId room, Address remote) {
        return link(Link.Kind.PLUMBED, room, remote);
    }

    Future<Optional<Link>> linkOf(Address room) {
        return blocking(() -> store.links().findByRoom(room));
    }

    Future<Boolean> unlink(MatrixRoomId room) {
        return blocking(() -> store.links().findByRoom(room).map(l -> store.links().delete(l.id())).orElse(false));
    }

    Store store() {
        return store;
    }

    MatrixClient client() {
        return client;
    }

    private Future<Link> linkDm(MatrixRoomId room, Address remoteUser) {
        return link(Link.Kind.PORTAL, room, remoteUser);
    }

    private Future<Link> link(Link.Kind kind, MatrixRoomId room, Address remote) {
        return blocking(() -> {
            Link link = new Link(LinkId.random(), kind, Set.of(room, remote), clock.instant());
            try {
                store.links().create(link);
            } catch (StoreException.Conflict e) {
                throw new GatewayException(GatewayException.Reason.INVALID, remote.toUri()
                        + " or this room is already bridged elsewhere", e);
            }
            return link;
        }).onSuccess(linkMade::accept);
    }

    private Future<Void> rememberBotDm(String roomId) {
        botDms.add(roomId);
        return blocking(() -> {
            store.state().put(connectorName, BOT_DM_KEY + roomId, new byte[] {1});
            return null;
        });
    }

    private static String txnPart(ObjectNode event) {
        return txnId("", event.path("event_id").asText());
    }

    /**
     * A transaction id derived from {@code seed} (an event id, a delivery key): the same seed gives the same id,
     * so a homeserver recognises a resend. URL-safe, whatever characters the seed holds.
     */
    public static String txnId(String prefix, String seed) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(utf8(seed));
            return prefix + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private <T> Future<T> blocking(java.util.concurrent.Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
