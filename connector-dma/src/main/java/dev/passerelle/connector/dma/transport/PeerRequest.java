package dev.passerelle.connector.dma.transport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;

/**
 * A request from a peer provider whose certificate proved {@code peerDomain} (normal form). A handler must check
 * every provider domain the body claims (a sender's provider, a room's hub) with {@link #requireDomain}.
 */
public record PeerRequest(String peerDomain, HttpServerRequest request, Buffer body, Map<String, String> pathParams) {

    public PeerRequest {
        if (peerDomain == null || request == null || body == null || pathParams == null) {
            throw new IllegalArgumentException("peerDomain, request, body and pathParams must not be null");
        }
        pathParams = Map.copyOf(pathParams);
    }

    /**
     * Checks that a domain the request claims is the caller's own.
     *
     * @return the claimed domain in normal form
     * @throws PeerRefusedException ({@link RefusalReason#DOMAIN_MISMATCH}, answered 403) if it is another one
     */
    public String requireDomain(String claimedDomain) {
        String claimed = PeerIdentity.tryNormalize(claimedDomain).orElseThrow(() -> new PeerRefusedException(
                RefusalReason.DOMAIN_MISMATCH, "the request claims '" + claimedDomain + "', not a domain name"));
        if (!claimed.equals(peerDomain)) {
            throw new PeerRefusedException(RefusalReason.DOMAIN_MISMATCH,
                    "the request claims " + claimed + " but the peer's certificate is for " + peerDomain);
        }
        return claimed;
    }

    /** A path parameter of the route ({@code :roomId}), or null. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }
}
