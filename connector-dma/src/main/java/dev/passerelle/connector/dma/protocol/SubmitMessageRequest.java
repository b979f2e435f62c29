package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import java.util.Objects;

/**
 * SubmitMessageRequest (section 5.4, {@code POST /submitMessage/{roomId}}): an application message (a
 * PrivateMessage of content type application) and the sender's URI, which the hub checks against the participant
 * list and binds into the frank. Protocol mls10.
 */
public record SubmitMessageRequest(WireMessage appMessage, IdentifierUri sendingUri) {

    /** Checks the message is a PrivateMessage carrying application content. */
    public SubmitMessageRequest {
        Objects.requireNonNull(appMessage, "appMessage");
        Objects.requireNonNull(sendingUri, "sendingUri");
        if (appMessage.wireFormat() != MlsMessage.PRIVATE_MESSAGE
                || appMessage.contentType().getAsInt() != WireMessage.APPLICATION) {
            throw new IllegalArgumentException("appMessage must be a PrivateMessage with application content");
        }
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        Protocol.write(out);
        appMessage.encode(out);
        sendingUri.encode(out);
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static SubmitMessageRequest decode(byte[] body) {
        return BodyReader.decode(body, "SubmitMessageRequest", in -> {
            Protocol.read(in, "protocol");
            WireMessage message = in.field("appMessage", r -> {
                WireMessage m = WireMessage.read(r);
                if (m.wireFormat() != MlsMessage.PRIVATE_MESSAGE
                        || m.contentType().getAsInt() != WireMessage.APPLICATION) {
                    throw new IllegalArgumentException("must be a PrivateMessage with application content");
                }
                return m;
            });
            return new SubmitMessageRequest(message, IdentifierUri.decode(in, "sendingUri"));
        });
    }
}
