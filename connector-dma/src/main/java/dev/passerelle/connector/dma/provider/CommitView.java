package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.message.Commit;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.message.Sender;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import dev.passerelle.connector.dma.protocol.RatchetTreeOption;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.protocol.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the hub reads of a commit without being able to process it as an MLS member: the committer's identity (the
 * basic credential of its leaf in the new ratchet tree the bundle carries), the users whose clients are added (the
 * basic credentials of the added KeyPackages) and the participant-list updates (AppDataUpdate proposals for
 * component 0x0022). Passerelle's convention: a client's basic credential identity is its user's MIMI URI.
 * Refusals are {@link Refused} with the reason for the notAllowed answer.
 */
record CommitView(String committer, List<String> addedUsers, int removedClients,
        List<ParticipantListUpdate> listUpdates) {

    /** A commit the hub will not accept, with the reason. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    static CommitView of(UpdateRequest request) {
        WireMessage message = request.proposalOrCommit();
        if (message.wireFormat() != MlsMessage.PUBLIC_MESSAGE) {
            throw new Refused("this hub reads commits sent as PublicMessage only, not SemiPrivateMessage");
        }
        FramedContent content = message.publicMessage().content();
        if (!(content.body() instanceof FramedContent.CommitBody body)) {
            throw new Refused("not a commit");
        }
        if (content.sender().type() != Sender.MEMBER) {
            throw new Refused("external commits are not accepted by this hub yet");
        }
        RatchetTreeOption treeOption = request.ratchetTreeOption().orElseThrow();
        if (treeOption.representation() != RatchetTreeOption.Representation.FULL) {
            throw new Refused("this hub needs the full ratchet tree with a commit, got "
                    + treeOption.representation());
        }
        RatchetTree tree = treeOption.ratchetTree();
        int committerLeaf = (int) content.sender().index();
        String committer = tree.leaf(committerLeaf).flatMap(CommitView::userOf).orElseThrow(
                () -> new Refused("the committer's leaf " + committerLeaf + " has no MIMI user credential"));
        List<String> added = new ArrayList<>();
        List<ParticipantListUpdate> updates = new ArrayList<>();
        int removed = 0;
        for (Commit.ProposalOrRef entry : body.commit().proposals()) {
            if (!(entry instanceof Commit.ByValue byValue)) {
                throw new Refused("proposals by reference are not accepted by this hub yet");
            }
            Proposal proposal = byValue.proposal();
            if (proposal instanceof Proposal.Add add) {
                added.add(userOf(add.keyPackage().leafNode()).orElseThrow(
                        () -> new Refused("an added client has no MIMI user credential")));
            } else if (proposal instanceof Proposal.Remove) {
                removed++;
            } else if (proposal instanceof Proposal.Custom custom && custom.type() == Proposal.APP_DATA_UPDATE) {
                Proposal.AppDataUpdate update = Proposal.AppDataUpdate.of(custom);
                if (update.componentId() == ParticipantListUpdate.COMPONENT_ID) {
                    if (update.op() != Proposal.AppDataUpdate.UPDATE) {
                        throw new Refused("the participant list cannot be removed");
                    }
                    try {
                        updates.add(ParticipantListUpdate.decode(update.update()));
                    } catch (IllegalArgumentException e) {
                        throw new Refused(e.getMessage());
                    }
                }
            }
        }
        return new CommitView(committer, List.copyOf(added), removed, List.copyOf(updates));
    }

    private static Optional<String> userOf(LeafNode leaf) {
        if (!(leaf.credential() instanceof Credential.Basic basic)) {
            return Optional.empty();
        }
        String uri = new String(basic.identity(), StandardCharsets.UTF_8);
        return MimiUris.tryDomainOf(uri).map(d -> uri);
    }
}
