package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.content.MessageId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rendered payload's layout: the content kept beside the message, and the older layout without it. */
class OutboundPayloadTest {

    private static final MessageId ID = MessageId.of(filled(MessageId.LENGTH, (byte) 7));

    @Test
    void theContentAndTheMessageSurviveTheRoundTrip() {
        byte[] content = "content".getBytes(StandardCharsets.UTF_8);
        byte[] message = "ciphertext".getBytes(StandardCharsets.UTF_8);
        OutboundPayload read = OutboundPayload.fromBytes(
                new OutboundPayload("mimi://a.test/u/juliet", ID, content, message).toBytes());
        assertThat(read.sender()).isEqualTo("mimi://a.test/u/juliet");
        assertThat(read.messageId()).isEqualTo(ID);
        assertThat(read.content()).isEqualTo(content);
        assertThat(read.message()).isEqualTo(message);
        assertThat(read.hasContent()).isTrue();
    }

    @Test
    void aPayloadOfTheFirstLayoutIsReadWithoutContent() throws IOException {
        byte[] message = "ciphertext".getBytes(StandardCharsets.UTF_8);
        OutboundPayload read = OutboundPayload.fromBytes(versionOne("mimi://a.test/u/juliet", ID, message));
        assertThat(read.messageId()).isEqualTo(ID);
        assertThat(read.message()).isEqualTo(message);
        assertThat(read.hasContent()).isFalse();
    }

    @Test
    void aContentLengthBeyondThePayloadIsRefused() {
        byte[] bytes = new OutboundPayload("mimi://a.test/u/juliet", ID, new byte[] {1, 2, 3}, new byte[0]).toBytes();
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 2);
        assertThatThrownBy(() -> OutboundPayload.fromBytes(cut)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("content length of 3");
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> OutboundPayload.fromBytes(new byte[] {9, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
    }

    /** The payload as version 1 wrote it: no content between the message id and the message. */
    static byte[] versionOne(String sender, MessageId id, byte[] message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1);
        out.writeUTF(sender);
        out.write(id.bytes());
        out.write(message);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] filled(int length, byte value) {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        return b;
    }
}
