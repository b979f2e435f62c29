package dev.passerelle.connector.dma.transport;

import io.vertx.core.buffer.Buffer;

/** What an endpoint answers a peer: a status, and a body with its content type (null for none). */
public record PeerReply(int status, String contentType, Buffer body) {

    public PeerReply {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status from 200 to 599, was " + status);
        }
        if ((contentType == null) != (body == null)) {
            throw new IllegalArgumentException("a body needs a content type and a content type needs a body");
        }
    }

    /** 200 with a body. */
    public static PeerReply ok(String contentType, Buffer body) {
        return new PeerReply(200, contentType, body);
    }

    /** A status with no body. */
    public static PeerReply empty(int status) {
        return new PeerReply(status, null, null);
    }
}
