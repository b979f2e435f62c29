package dev.passerelle.connector.dma.mls.group;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The GroupContext of RFC 9420 section 8.1: what every member agrees on in an epoch, and the context of the key
 * schedule's derivations. The protocol version is always mls10.
 *
 * @param cipherSuite the group's cipher suite id
 * @param groupId the application-chosen group id
 * @param epoch the epoch number (an unsigned 64-bit value)
 * @param treeHash the ratchet tree's root hash
 * @param confirmedTranscriptHash the confirmed transcript hash after the commit that opened the epoch
 * @param extensions the group's extensions, unknown types included
 */
public record GroupContext(int cipherSuite, byte[] groupId, long epoch, byte[] treeHash,
        byte[] confirmedTranscriptHash, List<Extension> extensions) {

    /** The ProtocolVersion value of MLS 1.0. */
    public static final int MLS10 = 1;

    /** Checks ranges and copies every array and list. */
    public GroupContext {
        if (cipherSuite < 0 || cipherSuite > 0xffff) {
            throw new IllegalArgumentException("cipher suite must be a uint16, got " + cipherSuite);
        }
        groupId = Objects.requireNonNull(groupId, "groupId").clone();
        treeHash = Objects.requireNonNull(treeHash, "treeHash").clone();
        confirmedTranscriptHash = Objects.requireNonNull(confirmedTranscriptHash, "confirmedTranscriptHash").clone();
        extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
    }

    @Override
    public byte[] groupId() {
        return groupId.clone();
    }

    @Override
    public byte[] treeHash() {
        return treeHash.clone();
    }

    @Override
    public byte[] confirmedTranscriptHash() {
        return confirmedTranscriptHash.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.uint16(MLS10).uint16(cipherSuite).opaque(groupId).uint64(epoch).opaque(treeHash)
                .opaque(confirmedTranscriptHash).vector(extensions, (w, e) -> e.encode(w));
    }

    /** The struct's TLS encoding, the context the key schedule derives with. */
    public byte[] toBytes() {
        TlsWriter writer = new TlsWriter();
        encode(writer);
        return writer.toByteArray();
    }

    /** Reads a GroupContext; any version other than mls10 is refused. */
    public static GroupContext decode(TlsReader reader) {
        int at = reader.offset();
        int version = reader.uint16();
        if (version != MLS10) {
            throw new TlsDecodeException("unsupported protocol version " + version, at);
        }
        return new GroupContext(reader.uint16(), reader.opaque(), reader.uint64(), reader.opaque(), reader.opaque(),
                reader.vector(Extension::decode));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GroupContext that && cipherSuite == that.cipherSuite && epoch == that.epoch
                && Arrays.equals(groupId, that.groupId) && Arrays.equals(treeHash, that.treeHash)
                && Arrays.equals(confirmedTranscriptHash, that.confirmedTranscriptHash)
                && extensions.equals(that.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cipherSuite, epoch, Arrays.hashCode(groupId), Arrays.hashCode(treeHash),
                Arrays.hashCode(confirmedTranscriptHash), extensions);
    }

    @Override
    public String toString() {
        return "GroupContext[cipherSuite=" + cipherSuite + ", epoch=" + Long.toUnsignedString(epoch)
                + ", extensions=" + extensions.size() + "]";
    }
}
