package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A parent node of the ratchet tree (RFC 9420 section 7.1). Unmerged leaves are leaf indices. */
public record ParentNode(byte[] encryptionKey, byte[] parentHash, List<Long> unmergedLeaves) {

    /** Copies arrays and the list. */
    public ParentNode {
        encryptionKey = Objects.requireNonNull(encryptionKey, "encryptionKey").clone();
        parentHash = Objects.requireNonNull(parentHash, "parentHash").clone();
        unmergedLeaves = List.copyOf(Objects.requireNonNull(unmergedLeaves, "unmergedLeaves"));
    }

    @Override
    public byte[] encryptionKey() {
        return encryptionKey.clone();
    }

    @Override
    public byte[] parentHash() {
        return parentHash.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.opaque(encryptionKey).opaque(parentHash).vector(unmergedLeaves, TlsWriter::uint32);
    }

    /** Reads the struct. */
    public static ParentNode decode(TlsReader reader) {
        return new ParentNode(reader.opaque(), reader.opaque(), reader.vector(TlsReader::uint32));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParentNode that && Arrays.equals(encryptionKey, that.encryptionKey)
                && Arrays.equals(parentHash, that.parentHash) && unmergedLeaves.equals(that.unmergedLeaves);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(encryptionKey), Arrays.hashCode(parentHash), unmergedLeaves);
    }

    @Override
    public String toString() {
        return "ParentNode[unmergedLeaves=" + unmergedLeaves + "]";
    }
}
