package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.UpdatePath;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A Commit (RFC 9420 section 12.4): proposals by value or by reference, and an optional UpdatePath. */
public record Commit(List<ProposalOrRef> proposals, Optional<UpdatePath> path) {

    /** A proposal carried in the commit, or a reference to one sent earlier in the epoch. */
    public sealed interface ProposalOrRef permits ByValue, ByReference {

        /** Writes the entry with its type. */
        void encode(TlsWriter writer);

        /** Reads an entry. */
        static ProposalOrRef decode(TlsReader reader) {
            int at = reader.offset();
            int type = reader.uint8();
            if (type == 1) {
                return new ByValue(Proposal.decode(reader));
            }
            if (type == 2) {
                return new ByReference(reader.opaque());
            }
            throw new TlsDecodeException("unknown ProposalOrRef type " + type, at);
        }
    }

    /** A proposal carried in the commit. */
    public record ByValue(Proposal proposal) implements ProposalOrRef {

        /** Checks presence. */
        public ByValue {
            Objects.requireNonNull(proposal, "proposal");
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(1);
            proposal.encode(writer);
        }
    }

    /** A ProposalRef: the RefHash of an AuthenticatedContent carrying the proposal. */
    public record ByReference(byte[] ref) implements ProposalOrRef {

        /** Copies the reference. */
        public ByReference {
            ref = Objects.requireNonNull(ref, "ref").clone();
        }

        @Override
        public byte[] ref() {
            return ref.clone();
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint8(2).opaque(ref);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByReference that && Arrays.equals(ref, that.ref);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ref);
        }

        @Override
        public String toString() {
            return "ByReference[" + java.util.HexFormat.of().formatHex(ref) + "]";
        }
    }

    /** Copies the list and checks presence. */
    public Commit {
        proposals = List.copyOf(Objects.requireNonNull(proposals, "proposals"));
        Objects.requireNonNull(path, "path");
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.vector(proposals, (w, p) -> p.encode(w)).optional(path, (w, p) -> p.encode(w));
    }

    /** Reads the struct. */
    public static Commit decode(TlsReader reader) {
        return new Commit(reader.vector(ProposalOrRef::decode), reader.optional(UpdatePath::decode));
    }
}
