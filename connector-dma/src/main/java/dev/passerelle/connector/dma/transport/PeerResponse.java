package dev.passerelle.connector.dma.transport;

import io.vertx.core.buffer.Buffer;

/** A peer's successful (2xx) answer: its status, content type (null if it sent none) and body. */
public record PeerResponse(int status, String contentType, Buffer body) {

    public PeerResponse {
        if (body == null) {
            throw new IllegalArgumentException("body must not be null (an empty buffer for none)");
        }
    }
}
