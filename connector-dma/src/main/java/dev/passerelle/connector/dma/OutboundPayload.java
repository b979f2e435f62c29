package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.MessageId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What a rendered delivery stores: the sender's MIMI URI, the content's message id (the native id the router
 * records) and the MLS PrivateMessage, exactly as sent on every retry. Layout: version 1 (one byte), the sender as a
 * 16-bit length and UTF-8, the 32 bytes of the message id, then the message to the end.
 */
record OutboundPayload(String sender, MessageId messageId, byte[] message) {

    private static final int VERSION = 1;

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(sender);
            out.write(messageId.bytes());
            out.write(message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static OutboundPayload fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown rendered MIMI payload version " + version);
            }
            String sender = in.readUTF();
            byte[] id = in.readNBytes(MessageId.LENGTH);
            byte[] message = in.readAllBytes();
            return new OutboundPayload(sender, MessageId.of(id), message);
        } catch (IOException e) {
            throw new IllegalArgumentException("a rendered MIMI payload is truncated", e);
        }
    }
}
