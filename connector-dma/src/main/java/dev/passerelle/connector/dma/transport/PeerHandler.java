package dev.passerelle.connector.dma.transport;

import io.vertx.core.Future;

/**
 * One MIMI endpoint. Called on the event loop: must not block. A {@link PeerRefusedException} (thrown or as the
 * failure) is answered 403; a {@code GatewayException} by its reason (INVALID 400, NOT_FOUND 404, AUTH 403,
 * UNSUPPORTED 501, PERMANENT 422, TRANSIENT 503); anything else 500.
 */
@FunctionalInterface
public interface PeerHandler {
    Future<PeerReply> handle(PeerRequest request);
}
