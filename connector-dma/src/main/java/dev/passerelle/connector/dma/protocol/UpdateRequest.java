package dev.passerelle.connector.dma.protocol;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.message.Welcome;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * UpdateRequest (section 5.3, {@code POST /update/{roomId}}): a HandshakeBundle. The draft selects the bundle on
 * {@code room.protocol}, which is not on the wire, so the body is the HandshakeBundle alone. The handshake message
 * is a PublicMessage or SemiPrivateMessage; a commit brings the Welcome to relay (if it adds clients), the new
 * epoch's GroupInfo and the ratchet tree option, a proposal brings the other proposals sent with it. (The draft's
 * HandshakeBundle select lacks its closing {@code };}; it is read as closed after moreProposals.)
 */
public record UpdateRequest(WireMessage proposalOrCommit, Optional<Welcome> welcome,
        Optional<GroupInfoOption> groupInfoOption, Optional<RatchetTreeOption> ratchetTreeOption,
        List<WireMessage> moreProposals) {

    /** Checks the message is a handshake and the parts present match its content type. */
    public UpdateRequest {
        Objects.requireNonNull(proposalOrCommit, "proposalOrCommit");
        Objects.requireNonNull(welcome, "welcome");
        Objects.requireNonNull(groupInfoOption, "groupInfoOption");
        Objects.requireNonNull(ratchetTreeOption, "ratchetTreeOption");
        moreProposals = BodyReader.copy(moreProposals, "moreProposals");
        if (!proposalOrCommit.isHandshake()) {
            throw new IllegalArgumentException(
                    "proposalOrCommit must be a PublicMessage or SemiPrivateMessage with a proposal or commit");
        }
        // The compact constructor sees its parameters only, not the fields, so no isCommit() here.
        if (proposalOrCommit.contentType().getAsInt() == WireMessage.COMMIT) {
            if (groupInfoOption.isEmpty() || ratchetTreeOption.isEmpty()) {
                throw new IllegalArgumentException("a commit comes with a GroupInfoOption and a RatchetTreeOption");
            }
            if (!moreProposals.isEmpty()) {
                throw new IllegalArgumentException("moreProposals only comes with a proposal");
            }
        } else {
            if (welcome.isPresent() || groupInfoOption.isPresent() || ratchetTreeOption.isPresent()) {
                throw new IllegalArgumentException("a proposal comes with no Welcome, GroupInfo or ratchet tree");
            }
            for (WireMessage proposal : moreProposals) {
                if (!proposal.isHandshake() || proposal.contentType().getAsInt() != WireMessage.PROPOSAL) {
                    throw new IllegalArgumentException(
                            "moreProposals holds PublicMessage or SemiPrivateMessage proposals only");
                }
            }
        }
    }

    /** A commit with its Welcome (if it adds clients), the new GroupInfo and how to get the ratchet tree. */
    public static UpdateRequest commit(WireMessage commit, Optional<Welcome> welcome, GroupInfoOption groupInfoOption,
            RatchetTreeOption ratchetTreeOption) {
        return new UpdateRequest(commit, welcome, Optional.of(groupInfoOption), Optional.of(ratchetTreeOption),
                List.of());
    }

    /** A proposal with the other proposals sent with it. */
    public static UpdateRequest proposals(WireMessage proposal, List<WireMessage> moreProposals) {
        return new UpdateRequest(proposal, Optional.empty(), Optional.empty(), Optional.empty(), moreProposals);
    }

    /** Whether the handshake message is a commit (otherwise a proposal). */
    public boolean isCommit() {
        return proposalOrCommit.contentType().getAsInt() == WireMessage.COMMIT;
    }

    /** The epoch the message was made in: the hub answers wrongEpoch when it is not the room's current one. */
    public long epoch() {
        return proposalOrCommit.epoch().getAsLong();
    }

    /** Writes the body. */
    public void encode(TlsWriter out) {
        proposalOrCommit.encode(out);
        if (isCommit()) {
            out.optional(welcome, (w, m) -> m.encode(w));
            groupInfoOption.get().encode(out);
            ratchetTreeOption.get().encode(out);
        } else {
            out.vector(moreProposals, (w, m) -> m.encode(w));
        }
    }

    /** The encoded body. */
    public byte[] toBytes() {
        TlsWriter out = new TlsWriter();
        encode(out);
        return out.toByteArray();
    }

    /** Reads a whole body. */
    public static UpdateRequest decode(byte[] body) {
        return BodyReader.decode(body, "UpdateRequest", in -> in.field("bundle", UpdateRequest::decodeBundle));
    }

    private static UpdateRequest decodeBundle(BodyReader in) {
        WireMessage message = in.field("proposalOrCommit", WireMessage::read);
        if (!message.isHandshake()) {
            throw new IllegalArgumentException(
                    "proposalOrCommit must be a PublicMessage or SemiPrivateMessage with a proposal or commit");
        }
        if (message.contentType().getAsInt() == WireMessage.COMMIT) {
            return commit(message, in.optional("welcome", r -> r.mls("welcome", Welcome::decode)),
                    GroupInfoOption.decode(in, "groupInfoOption"), RatchetTreeOption.decode(in, "ratchetTreeOption"));
        }
        return proposals(message, in.vector("moreProposals", WireMessage::read));
    }
}
