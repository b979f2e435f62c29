package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MimiContent;
import java.util.Objects;

/** A MIMI message ready to send: its content, its deterministic encoding and its message id. */
public record Outbound(MimiContent content, byte[] encoded, MessageId messageId) {

    public Outbound {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(messageId, "messageId");
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    static Outbound of(MimiContent content) {
        return new Outbound(content, content.encode(), content.messageId());
    }
}
