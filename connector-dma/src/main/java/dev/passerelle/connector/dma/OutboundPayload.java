package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.content.MessageId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a rendered delivery stores: the sender's MIMI URI, the content's message id (the native id the router
 * records), the encoded MIMI content (the MLS application data) and the MLS PrivateMessage made from it, sent as is
 * on every retry while its epoch is the room's. The content is kept so that a delivery whose epoch the room left
 * before it was sent can be encrypted again in the new epoch, with the same message id.
 *
 * <p>Layout, version 2: the version (one byte), the sender as a 16-bit length and UTF-8, the 32 bytes of the message
 * id, the content as a 32-bit length and its bytes, then the message to the end. Version 1 (written before the
 * content was kept) has no content part; it is read with an empty content, which cannot be encrypted again.
 */
record OutboundPayload(String sender, MessageId messageId, byte[] content, byte[] message) {

    private static final int VERSION_WITHOUT_CONTENT = 1;
    private static final int VERSION = 2;

    OutboundPayload {
        if (sender == null || messageId == null || content == null || message == null) {
            throw new IllegalArgumentException("a rendered MIMI payload needs a sender, a message id, a content (empty"
                    + " if unknown) and a message");
        }
    }

    /** Whether the content is known, so that the message can be encrypted again in a later epoch. */
    boolean hasContent() {
        return content.length > 0;
    }

    byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeUTF(sender);
            out.write(messageId.bytes());
            out.writeInt(content.length);
            out.write(content);
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
            if (version != VERSION && version != VERSION_WITHOUT_CONTENT) {
                throw new IllegalArgumentException("unknown rendered MIMI payload version " + version);
            }
            String sender = in.readUTF();
            byte[] id = in.readNBytes(MessageId.LENGTH);
            if (id.length != MessageId.LENGTH) {
                throw new IllegalArgumentException("a rendered MIMI payload is truncated in its message id");
            }
            byte[] content = new byte[0];
            if (version == VERSION) {
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("a rendered MIMI payload has a content length of " + length
                            + " with " + in.available() + " bytes left");
                }
                content = in.readNBytes(length);
            }
            byte[] message = in.readAllBytes();
            return new OutboundPayload(sender, MessageId.of(id), content, message);
        } catch (IOException e) {
            throw new IllegalArgumentException("a rendered MIMI payload is truncated", e);
        }
    }
}
