package dev.passerelle.connector.matrix.rooms;

import dev.passerelle.connector.matrix.bot.BotActions;
import dev.passerelle.connector.matrix.bot.LinkOutcome;
import dev.passerelle.connector.matrix.bot.StatusReport;
import dev.passerelle.connector.matrix.translate.PowerLevels;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.store.Link;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/** The bot's actions on real rooms: the homeserver's room state for powers and encryption, the store for links. */
final class RoomBotActions implements BotActions {

    private final RoomService rooms;
    private final Vertx vertx;
    private final String connectorName;
    private final Supplier<Health> health;

    RoomBotActions(RoomService rooms, Vertx vertx, String connectorName, Supplier<Health> health) {
        this.rooms = rooms;
        this.vertx = vertx;
        this.connectorName = connectorName;
        this.health = health;
    }

    @Override
    public Future<String> openDm(MatrixUserId requester, Address target) {
        return rooms.openDm(requester, target);
    }

    @Override
    public Future<LinkOutcome> link(MatrixUserId requester, MatrixRoomId room, Address remote) {
        return rooms.linkOf(room).compose(existing -> {
            if (existing.isPresent()) {
                if (existing.get().rooms().contains(remote)) {
                    return Future.succeededFuture(new LinkOutcome(LinkOutcome.State.ALREADY_LINKED, remote,
                            Optional.empty()));
                }
                return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                        "this room is already bridged; unlink it first"));
            }
            return rooms.plumb(room, remote).map(l -> LinkOutcome.linked(remote));
        });
    }

    @Override
    public Future<Boolean> unlink(MatrixUserId requester, MatrixRoomId room) {
        return rooms.unlink(room);
    }

    @Override
    public Future<StatusReport> status(MatrixRoomId room) {
        return rooms.linkOf(room).compose(link -> vertx.executeBlocking(() -> {
            long pending = rooms.store().journal().pendingCount();
            long dead = rooms.store().journal().deadCount();
            Health h = health.get();
            String line = connectorName + ": " + h.state().name().toLowerCase(Locale.ROOT)
                    + h.detail().map(d -> " (" + d + ")").orElse("");
            Optional<Address> remote = link.flatMap(l -> l.rooms().stream()
                    .filter(r -> r.network() != Network.MATRIX).findFirst());
            List<Address> others = new ArrayList<>();
            link.map(Link::rooms).orElse(Set.of()).stream()
                    .filter(r -> !r.equals(room) && !remote.map(r::equals).orElse(false))
                    .forEach(others::add);
            return new StatusReport(List.of(line), remote, others, OptionalLong.of(pending), OptionalLong.of(dead));
        }, false));
    }

    @Override
    public Future<Integer> powerOf(MatrixRoomId room, MatrixUserId user) {
        return powerLevels(room).map(levels -> {
            long level = levels.level(user);
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, level));
        });
    }

    @Override
    public Future<Set<String>> missingBotPowers(MatrixRoomId room) {
        return powerLevels(room).map(levels -> levels.missingPowers(rooms.bot(), RoomService.BOT_POWERS));
    }

    @Override
    public Future<Boolean> encrypted(MatrixRoomId room) {
        return rooms.client().state(Optional.empty(), room.toString(), "m.room.encryption", "")
                .map(Optional::isPresent);
    }

    /**
     * The room's power levels with its creators: for rooms of version 12 or later, the sender of
     * {@code m.room.create} and its {@code additional_creators}, who have unlimited power.
     */
    private Future<PowerLevels> powerLevels(MatrixRoomId room) {
        String roomId = room.toString();
        return rooms.client().stateEvent(Optional.empty(), roomId, "m.room.create", "").compose(create ->
                rooms.client().state(Optional.empty(), roomId, "m.room.power_levels", "").map(levels ->
                        PowerLevels.of(levels.orElseGet(() -> com.fasterxml.jackson.databind.node.JsonNodeFactory
                                .instance.objectNode()), create.map(PowerLevels::creators).orElseGet(Set::of))));
    }
}
