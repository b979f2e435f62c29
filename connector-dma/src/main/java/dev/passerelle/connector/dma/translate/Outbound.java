package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import java.util.Objects;
import java.util.Optional;

/**
 * A MIMI message ready to send: its content (empty for a status report, which is not content), its deterministic
 * encoding (the MLS application data) and its message id. A status report's id is the content formula over the
 * report's bytes with an empty salt: reports have no id of their own, and the router needs one.
 */
public record Outbound(Optional<MimiContent> content, byte[] encoded, MessageId messageId) {

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
        return new Outbound(Optional.of(content), content.encode(), content.messageId());
    }

    static Outbound of(MessageStatusReport report, String senderUri, String roomUri) {
        byte[] bytes = report.encode();
        return new Outbound(Optional.empty(), bytes, MessageId.compute(bytes, new byte[0], senderUri, roomUri));
    }
}
