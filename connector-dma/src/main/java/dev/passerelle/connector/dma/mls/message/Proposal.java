package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.schedule.PreSharedKeyId;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A proposal (RFC 9420 section 12.1). The RFC's seven types are decoded into their records; any other type
 * (custom types such as those of the MLS extensions draft) is carried as {@link Custom}: its body is taken to be
 * one {@code opaque<V>}, the convention custom proposal types follow, so it travels and re-encodes unchanged. The
 * one exception is AppDataUpdate (draft-ietf-mls-extensions, type 0x0008 as suggested there), whose body is its own
 * struct and has no length prefix: it is read field by field and kept as those bytes ({@link AppDataUpdate}).
 */
public sealed interface Proposal permits Proposal.Add, Proposal.Update, Proposal.Remove, Proposal.PreSharedKey,
        Proposal.ReInit, Proposal.ExternalInit, Proposal.GroupContextExtensions, Proposal.Custom {

    /** ProposalType add. */
    int ADD = 1;
    /** ProposalType update. */
    int UPDATE = 2;
    /** ProposalType remove. */
    int REMOVE = 3;
    /** ProposalType psk. */
    int PSK = 4;
    /** ProposalType reinit. */
    int REINIT = 5;
    /** ProposalType external_init. */
    int EXTERNAL_INIT = 6;
    /** ProposalType group_context_extensions. */
    int GROUP_CONTEXT_EXTENSIONS = 7;
    /** ProposalType app_data_update (draft-ietf-mls-extensions, the suggested value). */
    int APP_DATA_UPDATE = 8;

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
        if (type == PSK) {
            return new PreSharedKey(PreSharedKeyId.decode(reader));
        }
        if (type == REINIT) {
            byte[] groupId = reader.opaque();
            int versionAt = reader.offset();
            int version = reader.uint16();
            if (version != GroupContext.MLS10) {
                throw new TlsDecodeException("unsupported protocol version " + version, versionAt);
            }
            return new ReInit(groupId, reader.uint16(), reader.vector(Extension::decode));
        }
        if (type == EXTERNAL_INIT) {
            return new ExternalInit(reader.opaque());
        }
        if (type == GROUP_CONTEXT_EXTENSIONS) {
            return new GroupContextExtensions(reader.vector(Extension::decode));
        }
        if (type == 0) {
            throw new TlsDecodeException("reserved proposal type 0", at);
        }
        if (type == APP_DATA_UPDATE) {
            return AppDataUpdate.read(reader).toProposal();
        }
        return new Custom(type, reader.opaque());
    }

    /** Whether {@code type} is one of the RFC 9420 types with a record of its own. */
    static boolean isDefined(int type) {
        return type >= ADD && type <= GROUP_CONTEXT_EXTENSIONS;
    }

    /**
     * A proposal of a type RFC 9420 does not define, carried as its opaque body. For {@link #APP_DATA_UPDATE} the
     * data is the AppDataUpdate struct's bytes, written without a length prefix ({@link AppDataUpdate#of}).
     */
    record Custom(int type, byte[] data) implements Proposal {

        /** Checks the type is a non-reserved uint16 outside the RFC's own, and copies the data. */
        public Custom {
            if (type <= 0 || type > 0xffff || isDefined(type)) {
                throw new IllegalArgumentException("not a custom proposal type: " + type);
            }
            data = Objects.requireNonNull(data, "data").clone();
            if (type == APP_DATA_UPDATE) {
                try {
                    TlsReader reader = new TlsReader(data);
                    AppDataUpdate.read(reader);
                    reader.finish();
                } catch (TlsDecodeException e) {
                    throw new IllegalArgumentException("not an AppDataUpdate: " + e.getMessage(), e);
                }
            }
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encode(TlsWriter writer) {
            if (type == APP_DATA_UPDATE) {
                writer.uint16(type).fixed(data);
            } else {
                writer.uint16(type).opaque(data);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Custom that && type == that.type && Arrays.equals(data, that.data);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Custom[type=" + type + ", " + data.length + " bytes]";
        }
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

    /** Brings a pre-shared key into the next epoch. */
    record PreSharedKey(PreSharedKeyId psk) implements Proposal {

        /** Checks presence. */
        public PreSharedKey {
            Objects.requireNonNull(psk, "psk");
        }

        @Override
        public int type() {
            return PSK;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(PSK);
            psk.encode(writer);
        }
    }

    /** Asks to restart the group with new parameters (version mls10). */
    record ReInit(byte[] groupId, int cipherSuite, List<Extension> extensions) implements Proposal {

        /** Copies the id and list. */
        public ReInit {
            groupId = Objects.requireNonNull(groupId, "groupId").clone();
            if (cipherSuite < 0 || cipherSuite > 0xffff) {
                throw new IllegalArgumentException("cipher suite must be a uint16, got " + cipherSuite);
            }
            extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        }

        @Override
        public byte[] groupId() {
            return groupId.clone();
        }

        @Override
        public int type() {
            return REINIT;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(REINIT).opaque(groupId).uint16(GroupContext.MLS10).uint16(cipherSuite)
                    .vector(extensions, (w, e) -> e.encode(w));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ReInit that && Arrays.equals(groupId, that.groupId)
                    && cipherSuite == that.cipherSuite && extensions.equals(that.extensions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.hashCode(groupId), cipherSuite, extensions);
        }

        @Override
        public String toString() {
            return "ReInit[cipherSuite=" + cipherSuite + "]";
        }
    }

    /** The KEM output of an external commit. */
    record ExternalInit(byte[] kemOutput) implements Proposal {

        /** Copies the output. */
        public ExternalInit {
            kemOutput = Objects.requireNonNull(kemOutput, "kemOutput").clone();
        }

        @Override
        public byte[] kemOutput() {
            return kemOutput.clone();
        }

        @Override
        public int type() {
            return EXTERNAL_INIT;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(EXTERNAL_INIT).opaque(kemOutput);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExternalInit that && Arrays.equals(kemOutput, that.kemOutput);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(kemOutput);
        }

        @Override
        public String toString() {
            return "ExternalInit[" + kemOutput.length + " bytes]";
        }
    }

    /** Replaces the group's extensions. */
    record GroupContextExtensions(List<Extension> extensions) implements Proposal {

        /** Copies the list. */
        public GroupContextExtensions {
            extensions = List.copyOf(Objects.requireNonNull(extensions, "extensions"));
        }

        @Override
        public int type() {
            return GROUP_CONTEXT_EXTENSIONS;
        }

        @Override
        public void encode(TlsWriter writer) {
            writer.uint16(GROUP_CONTEXT_EXTENSIONS).vector(extensions, (w, e) -> e.encode(w));
        }
    }

    /**
     * The body of an AppDataUpdate proposal: {@code ComponentID component_id; AppDataUpdateOperation op;} then
     * {@code opaque update<V>} for update(1) and nothing for remove(2); invalid(0) and unknown operations are
     * refused.
     */
    record AppDataUpdate(int componentId, int op, byte[] update) {

        /** AppDataUpdateOperation update. */
        public static final int UPDATE = 1;
        /** AppDataUpdateOperation remove. */
        public static final int REMOVE = 2;

        /** Checks the component id is a uint16, the operation is update or remove, and remove has no data. */
        public AppDataUpdate {
            if (componentId < 0 || componentId > 0xffff) {
                throw new IllegalArgumentException("component id must be a uint16, got " + componentId);
            }
            if (op != UPDATE && op != REMOVE) {
                throw new IllegalArgumentException("AppDataUpdate operation must be update(1) or remove(2), got "
                        + op);
            }
            update = Objects.requireNonNull(update, "update").clone();
            if (op == REMOVE && update.length != 0) {
                throw new IllegalArgumentException("a remove carries no update");
            }
        }

        /** An update of {@code componentId} with {@code update}. */
        public static AppDataUpdate update(int componentId, byte[] update) {
            return new AppDataUpdate(componentId, UPDATE, update);
        }

        /** The removal of {@code componentId}'s state. */
        public static AppDataUpdate remove(int componentId) {
            return new AppDataUpdate(componentId, REMOVE, new byte[0]);
        }

        /** Reads the body of a {@link Custom} of type {@link #APP_DATA_UPDATE}; fails for another type. */
        public static AppDataUpdate of(Custom proposal) {
            if (proposal.type() != APP_DATA_UPDATE) {
                throw new IllegalArgumentException("not an AppDataUpdate proposal: type " + proposal.type());
            }
            TlsReader reader = new TlsReader(proposal.data());
            AppDataUpdate body = read(reader);
            reader.finish();
            return body;
        }

        static AppDataUpdate read(TlsReader reader) {
            int componentId = reader.uint16();
            int at = reader.offset();
            int op = reader.uint8();
            if (op == UPDATE) {
                return new AppDataUpdate(componentId, op, reader.opaque());
            }
            if (op == REMOVE) {
                return new AppDataUpdate(componentId, op, new byte[0]);
            }
            throw new TlsDecodeException("AppDataUpdate operation " + op + " is neither update(1) nor remove(2)", at);
        }

        @Override
        public byte[] update() {
            return update.clone();
        }

        /** This update as a proposal. */
        public Custom toProposal() {
            TlsWriter writer = new TlsWriter().uint16(componentId).uint8(op);
            if (op == UPDATE) {
                writer.opaque(update);
            }
            return new Custom(APP_DATA_UPDATE, writer.toByteArray());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof AppDataUpdate that && componentId == that.componentId && op == that.op
                    && Arrays.equals(update, that.update);
        }

        @Override
        public int hashCode() {
            return Objects.hash(componentId, op, Arrays.hashCode(update));
        }

        @Override
        public String toString() {
            return "AppDataUpdate[component=" + componentId + ", op=" + op + ", " + update.length + " bytes]";
        }
    }
}
