package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** Where a LeafNode came from (RFC 9420 section 7.2): a KeyPackage with its lifetime, an Update, or a Commit. */
public sealed interface LeafNodeSource
        permits LeafNodeSource.KeyPackage, LeafNodeSource.Update, LeafNodeSource.Commit {

    /** The LeafNodeSource value. */
    int value();

    /** Writes the source and its data. */
    void encode(TlsWriter writer);

    /** Reads a source; unknown values are refused. */
    static LeafNodeSource decode(TlsReader reader) {
        int at = reader.offset();
        int value = reader.uint8();
        if (value == 1) {
            return new KeyPackage(reader.uint64(), reader.uint64());
        }
        if (value == 2) {
            return new Update();
        }
        if (value == 3) {
            return new Commit(reader.opaque());
        }
        throw new TlsDecodeException("unknown leaf node source " + value, at);
    }

    /** From a KeyPackage, valid between two times in seconds since the epoch (unsigned). */
    record KeyPackage(long notBefore, long notAfter) implements LeafNodeSource {
        @Override
        public int value() {
            return 1;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(1).uint64(notBefore).uint64(notAfter);
        }
    }

    /** From an Update proposal. */
    record Update() implements LeafNodeSource {
        @Override
        public int value() {
            return 2;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(2);
        }
    }

    /** From a Commit's UpdatePath, with the parent hash it commits to. */
    record Commit(byte[] parentHash) implements LeafNodeSource {

        /** Copies the hash. */
        public Commit {
            parentHash = Objects.requireNonNull(parentHash, "parentHash").clone();
        }

        @Override
        public byte[] parentHash() {
            return parentHash.clone();
        }

        @Override
        public int value() {
            return 3;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(3).opaque(parentHash);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Commit that && Arrays.equals(parentHash, that.parentHash);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(parentHash);
        }

        @Override
        public String toString() {
            return "Commit[parentHash=" + java.util.HexFormat.of().formatHex(parentHash) + "]";
        }
    }
}
