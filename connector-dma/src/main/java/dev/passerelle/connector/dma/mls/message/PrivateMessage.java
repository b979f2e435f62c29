package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** A PrivateMessage (RFC 9420 section 6.3): encrypted sender data and encrypted content. */
public record PrivateMessage(byte[] groupId, long epoch, int contentType, byte[] authenticatedData,
        byte[] encryptedSenderData, byte[] ciphertext) {

    /** Copies the arrays and checks the content type fits in a uint8. */
    public PrivateMessage {
        groupId = Objects.requireNonNull(groupId, "groupId").clone();
        if (contentType < 0 || contentType > 0xff) {
            throw new IllegalArgumentException("content type must be a uint8, got " + contentType);
        }
        authenticatedData = Objects.requireNonNull(authenticatedData, "authenticatedData").clone();
        encryptedSenderData = Objects.requireNonNull(encryptedSenderData, "encryptedSenderData").clone();
        ciphertext = Objects.requireNonNull(ciphertext, "ciphertext").clone();
    }

    @Override
    public byte[] groupId() {
        return groupId.clone();
    }

    @Override
    public byte[] authenticatedData() {
        return authenticatedData.clone();
    }

    @Override
    public byte[] encryptedSenderData() {
        return encryptedSenderData.clone();
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.opaque(groupId).uint64(epoch).uint8(contentType).opaque(authenticatedData)
                .opaque(encryptedSenderData).opaque(ciphertext);
    }

    /** Reads the struct. */
    public static PrivateMessage decode(TlsReader reader) {
        return new PrivateMessage(reader.opaque(), reader.uint64(), reader.uint8(), reader.opaque(), reader.opaque(),
                reader.opaque());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PrivateMessage that && Arrays.equals(groupId, that.groupId) && epoch == that.epoch
                && contentType == that.contentType && Arrays.equals(authenticatedData, that.authenticatedData)
                && Arrays.equals(encryptedSenderData, that.encryptedSenderData)
                && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(groupId), epoch, contentType, Arrays.hashCode(ciphertext));
    }

    @Override
    public String toString() {
        return "PrivateMessage[epoch=" + Long.toUnsignedString(epoch) + ", contentType=" + contentType + "]";
    }
}
