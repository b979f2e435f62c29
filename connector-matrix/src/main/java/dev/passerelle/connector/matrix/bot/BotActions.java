package dev.passerelle.connector.matrix.bot;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import io.vertx.core.Future;
import java.util.Set;

/**
 * What the bot asks the Matrix connector to do or tell. Each method may be called on the event loop and
 * must not block; a failure is a {@link dev.passerelle.core.spi.GatewayException} whose message the bot shows
 * the user, so it should be short and say what went wrong.
 */
public interface BotActions {

    /** Opens a DM between {@code requester} and the ghost of {@code target}; gives the new room's id. */
    Future<String> openDm(MatrixUserId requester, Address target);

    /** Bridges {@code room} to the remote room {@code remote}; the bot has checked the requester is an admin. */
    Future<LinkOutcome> link(MatrixUserId requester, MatrixRoomId room, Address remote);

    /** Stops bridging {@code room}; false if it was not bridged. */
    Future<Boolean> unlink(MatrixUserId requester, MatrixRoomId room);

    /** The bridge's health and what {@code room} is bridged to. */
    Future<StatusReport> status(MatrixRoomId room);

    /**
     * The power level of {@code user} in {@code room}; {@link Integer#MAX_VALUE} for a creator of a room of
     * version 12 or later, whom no power level can outrank.
     */
    Future<Integer> powerOf(MatrixRoomId room, MatrixUserId user);

    /**
     * What the bot cannot do in {@code room} but needs for bridging it, by name: actions such as
     * {@code invite}, {@code kick}, {@code redact}, or event types such as {@code m.room.power_levels}.
     * Empty when it has every power it needs.
     */
    Future<Set<String>> missingBotPowers(MatrixRoomId room);

    /** True if {@code room} has end-to-end encryption turned on ({@code m.room.encryption} state). */
    Future<Boolean> encrypted(MatrixRoomId room);
}
