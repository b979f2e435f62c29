package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import java.util.List;
import java.util.Objects;

/**
 * GroupInfoRatchetTreeTBE (section 5.6): the plaintext a GroupInfoResponse encrypts: the GroupInfo (without an
 * embedded ratchet_tree), how to get the tree, and the proposals the hub accepted in the current epoch.
 */
public record GroupInfoRatchetTreeTbe(GroupInfo groupInfo, RatchetTreeOption ratchetTreeOption,
        List<PendingProposal> pendingProposals) {

    /** PendingProposal: a proposal the hub accepted, and when. */
    public record PendingProposal(WireMessage proposal, long hubAcceptedTime) {

        /** Checks the message is a PublicMessage or SemiPrivateMessage proposal. */
        public PendingProposal {
            Objects.requireNonNull(proposal, "proposal");
            if (!proposal.isHandshake() || proposal.contentType().getAsInt() != WireMessage.PROPOSAL) {
                throw new IllegalArgumentException(
                        "a pending proposal is a PublicMessage or SemiPrivateMessage proposal");
            }
        }

        void encode(TlsWriter out) {
            proposal.encode(out);
            out.uint64(hubAcceptedTime);
        }

        static PendingProposal decode(BodyReader in) {
            return new PendingProposal(in.field("proposal", WireMessage::read), in.uint64("hubAcceptedTime"));
        }
    }

    /** Checks presence and copies the list. */
    public GroupInfoRatchetTreeTbe {
        Objects.requireNonNull(groupInfo, "groupInfo");
        Objects.requireNonNull(ratchetTreeOption, "ratchetTreeOption");
        pendingProposals = BodyReader.copy(pendingProposals, "pendingProposals");
    }

    /** Writes the struct. */
    public void encode(TlsWriter out) {
        groupInfo.encode(out);
        ratchetTreeOption.encode(out);
        out.vector(pendingProposals, (w, p) -> p.encode(w));
    }

    /** The encoded struct: the plaintext of EncryptWithLabel. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole decrypted plaintext. */
    public static GroupInfoRatchetTreeTbe decode(byte[] plaintext) {
        return BodyReader.decode(plaintext, "GroupInfoRatchetTreeTBE", in -> new GroupInfoRatchetTreeTbe(
                in.mls("groupInfo", GroupInfo::decode), RatchetTreeOption.decode(in, "ratchetTreeOption"),
                in.vector("pendingProposals", PendingProposal::decode)));
    }
}
