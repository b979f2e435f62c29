package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import java.util.Objects;

/**
 * A proposal (RFC 9420 section 12.1). Add, Update and Remove so far; other types are refused with a reason until
 * they are implemented.
 */
public sealed interface Proposal permits Proposal.Add, Proposal.Update, Proposal.Remove {

    /** ProposalType add. */
    int ADD = 1;
    /** ProposalType update. */
    int UPDATE = 2;
    /** ProposalType remove. */
    int REMOVE = 3;

    /** The proposal type. */
    int type();

    /** Writes the proposal with its type. */
    void encode(TlsWriter writer);

    /** Reads a proposal. */
    static Proposal decode(TlsReader reader) {
        int at = reader.offset();
        int type = reader.uint16();
        if (type == ADD) {
            return new Add(KeyPackage.decode(reader));
        }
        if (type == UPDATE) {
            return new Update(LeafNode.decode(reader));
        }
        if (type == REMOVE) {
            return new Remove(reader.uint32());
        }
        throw new TlsDecodeException("unsupported proposal type " + type, at);
    }

    /** Adds the client of a KeyPackage. */
    record Add(KeyPackage keyPackage) implements Proposal {

        /** Checks presence. */
        public Add {
            Objects.requireNonNull(keyPackage, "keyPackage");
        }

        @Override
        public int type() {
            return ADD;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(ADD);
            keyPackage.encode(writer);
        }
    }

    /** Replaces the sender's leaf. */
    record Update(LeafNode leafNode) implements Proposal {

        /** Checks presence. */
        public Update {
            Objects.requireNonNull(leafNode, "leafNode");
        }

        @Override
        public int type() {
            return UPDATE;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(UPDATE);
            leafNode.encode(writer);
        }
    }

    /** Removes the member at a leaf index. */
    record Remove(long removed) implements Proposal {

        /** Checks the index fits in a uint32. */
        public Remove {
            if (removed < 0 || removed > 0xffff_ffffL) {
                throw new IllegalArgumentException("leaf index must be a uint32, got " + removed);
            }
        }

        @Override
        public int type() {
            return REMOVE;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(REMOVE).uint32(removed);
        }
    }
}
