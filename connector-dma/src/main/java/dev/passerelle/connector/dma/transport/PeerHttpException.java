package dev.passerelle.connector.dma.transport;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;

/** A peer answered with a status other than 2xx; the reason follows the status, the body is kept for callers. */
public final class PeerHttpException extends GatewayException {

    private final int status;
    private final transient Buffer body;

    public PeerHttpException(Reason reason, int status, Buffer body, Duration retryAfter, String message) {
        super(reason, message, retryAfter, null);
        this.status = status;
        this.body = body == null ? Buffer.buffer() : body;
    }

    public int status() {
        return status;
    }

    public Buffer body() {
        return body;
    }
}
