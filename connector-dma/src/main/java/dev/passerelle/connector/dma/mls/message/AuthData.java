package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** FramedContentAuthData (RFC 9420 section 6.1): the signature, and for a commit the confirmation tag. */
public record AuthData(byte[] signature, Optional<byte[]> confirmationTag) {

    /** Copies the arrays. */
    public AuthData {
        signature = Objects.requireNonNull(signature, "signature").clone();
        confirmationTag = Objects.requireNonNull(confirmationTag, "confirmationTag").map(byte[]::clone);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public Optional<byte[]> confirmationTag() {
        return confirmationTag.map(byte[]::clone);
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.opaque(signature);
        confirmationTag.ifPresent(writer::opaque);
    }

    /** Reads the struct for content of {@code contentType}: only commits carry a confirmation tag. */
    public static AuthData decode(TlsReader reader, int contentType) {
        byte[] signature = reader.opaque();
        return new AuthData(signature,
                contentType == FramedContent.COMMIT ? Optional.of(reader.opaque()) : Optional.empty());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthData that && Arrays.equals(signature, that.signature)
                && confirmationTag.isPresent() == that.confirmationTag.isPresent()
                && (confirmationTag.isEmpty() || Arrays.equals(confirmationTag.get(), that.confirmationTag.get()));
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(signature) + confirmationTag.map(Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return "AuthData[confirmationTag=" + confirmationTag.isPresent() + "]";
    }
}
