package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import java.util.Arrays;
import java.util.Objects;

/** FramedContent (RFC 9420 section 6): who sends what in which group and epoch. */
public record FramedContent(byte[] groupId, long epoch, Sender sender, byte[] authenticatedData, Body body) {

    /** ContentType application. */
    public static final int APPLICATION = 1;
    /** ContentType proposal. */
    public static final int PROPOSAL = 2;
    /** ContentType commit. */
    public static final int COMMIT = 3;

    /** The content: application data, a proposal or a commit. */
    public sealed interface Body permits Application, ProposalBody, CommitBody {

        /** The ContentType. */
        int contentType();

        /** Writes the body (without its type). */
        void encode(TlsWriter writer);

        /** Reads a body of {@code contentType}. */
        static Body decode(TlsReader reader, int contentType, int at) {
            if (contentType == APPLICATION) {
                return new Application(reader.opaque());
            }
            if (contentType == PROPOSAL) {
                return new ProposalBody(Proposal.decode(reader));
            }
            if (contentType == COMMIT) {
                return new CommitBody(Commit.decode(reader));
            }
            throw new TlsDecodeException("unknown content type " + contentType, at);
        }
    }

    /** Application data. */
    public record Application(byte[] data) implements Body {

        /** Copies the data. */
        public Application {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int contentType() {
            return APPLICATION;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.opaque(data);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Application that && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Application[" + data.length + " bytes]";
        }
    }

    /** A proposal. */
    public record ProposalBody(Proposal proposal) implements Body {

        /** Checks presence. */
        public ProposalBody {
            Objects.requireNonNull(proposal, "proposal");
        }

        @Override
        public int contentType() {
            return PROPOSAL;
        }

        @Override
        public void encode(TlsWriter writer) {
            proposal.encode(writer);
        }
    }

    /** A commit. */
    public record CommitBody(Commit commit) implements Body {

        /** Checks presence. */
        public CommitBody {
            Objects.requireNonNull(commit, "commit");
        }

        @Override
        public int contentType() {
            return COMMIT;
        }

        @Override
        public void encode(TlsWriter writer) {
            commit.encode(writer);
        }
    }

    /** Copies arrays and checks presence. */
    public FramedContent {
        groupId = Objects.requireNonNull(groupId, "groupId").clone();
        Objects.requireNonNull(sender, "sender");
        authenticatedData = Objects.requireNonNull(authenticatedData, "authenticatedData").clone();
        Objects.requireNonNull(body, "body");
    }

    @Override
    public byte[] groupId() {
        return groupId.clone();
    }

    @Override
    public byte[] authenticatedData() {
        return authenticatedData.clone();
    }

    /** Writes the struct. */
    public void encode(TlsWriter writer) {
        writer.opaque(groupId).uint64(epoch);
        sender.encode(writer);
        writer.opaque(authenticatedData).uint8(body.contentType());
        body.encode(writer);
    }

    /** Reads the struct. */
    public static FramedContent decode(TlsReader reader) {
        byte[] groupId = reader.opaque();
        long epoch = reader.uint64();
        Sender sender = Sender.decode(reader);
        byte[] aad = reader.opaque();
        int at = reader.offset();
        int contentType = reader.uint8();
        return new FramedContent(groupId, epoch, sender, aad, Body.decode(reader, contentType, at));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FramedContent that && Arrays.equals(groupId, that.groupId) && epoch == that.epoch
                && sender.equals(that.sender) && Arrays.equals(authenticatedData, that.authenticatedData)
                && body.equals(that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(groupId), epoch, sender, Arrays.hashCode(authenticatedData), body);
    }

    @Override
    public String toString() {
        return "FramedContent[epoch=" + Long.toUnsignedString(epoch) + ", sender=" + sender + ", body=" + body + "]";
    }
}
