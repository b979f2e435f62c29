package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link AppServiceServer} does with an authenticated, parsed and screened request; implemented by
 * the Matrix connector. Called on the server's event loop: never block, return a future.
 *
 * <p>A future failed with a {@link dev.passerelle.core.spi.GatewayException} of reason
 * {@code TRANSIENT} becomes 503 {@code M_UNKNOWN} (with {@code Retry-After} when the exception has a
 * delay); any other failure of a transaction becomes 500 {@code M_UNKNOWN}. Both make the homeserver
 * send the transaction again. For the queries, {@code NOT_FOUND} becomes 404 {@code M_NOT_FOUND} and
 * {@code INVALID} 400 {@code M_INVALID_PARAM}.
 */
public interface AppServiceHandler {

    /**
     * One transaction's events, in order: room events with a {@code type} and an {@code event_id}, and
     * ephemeral events (typing, receipts, presence; room-scoped ones with a {@code room_id}). Completes
     * once the events are durable (submitted to the core's {@code EventSink.submitAll}): only then does
     * the homeserver get its 200. A transaction may come again, under the same or another id (after a
     * gateway restart, or from a homeserver whose database was reset): the core drops events whose
     * Matrix event id it has already mapped, so re-submitting them is safe.
     */
    Future<Void> transaction(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral);

    /**
     * Whether the user (in the gateway's user namespace) exists; answering true promises that the user
     * is registered on the homeserver by the time the future completes.
     */
    Future<Boolean> userExists(MatrixUserId user);

    /**
     * Whether the alias (in the gateway's alias namespace) exists; for a portal alias the handler creates
     * the portal room first, then answers true.
     */
    Future<Boolean> roomAliasExists(MatrixRoomAlias alias);

    /** The homeserver's ping, with the transaction id the gateway sent along when it asked for the ping. */
    Future<Void> ping(Optional<String> transactionId);

    /** The metadata of a third-party protocol ({@code xmpp}, {@code mimi}); empty for an unknown protocol. */
    Future<Optional<ThirdPartyProtocol>> thirdPartyProtocol(String protocol);

    /** The portals leading to a location of the protocol, found by its fields; empty when none. */
    Future<List<ThirdPartyLocation>> thirdPartyLocations(String protocol, Map<String, String> fields);

    /** The ghosts standing for a user of the protocol, found by its fields; empty when none. */
    Future<List<ThirdPartyUser>> thirdPartyUsers(String protocol, Map<String, String> fields);

    /** The third-party locations a portal alias leads to; empty when none. */
    Future<List<ThirdPartyLocation>> thirdPartyLocations(MatrixRoomAlias alias);

    /** The third-party users a ghost stands for; empty when none. */
    Future<List<ThirdPartyUser>> thirdPartyUsers(MatrixUserId user);
}
