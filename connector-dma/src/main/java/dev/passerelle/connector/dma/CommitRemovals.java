package dev.passerelle.connector.dma;

import dev.passerelle.connector.dma.mls.message.Commit;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.message.Sender;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MembershipChanged;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The users a room's commit removes, read from its Remove proposals and the ratchet tree of the epoch it was made in
 * (a leaf's basic credential names its user): a user is removed once none of its clients is left. Each becomes a
 * MembershipChanged for the other networks: LEAVE when the committer is a user of the removed user's provider (a
 * provider acting for its own user, as Passerelle does for a bridged user's leave), KICK otherwise. Bans are not
 * told apart (the participant list, which holds the banned role, is the hub's), and commits sent as anything but a
 * PublicMessage are not read.
 */
record CommitRemovals(String roomUri, long epoch, Optional<String> committer, List<String> removedUsers) {

    /** A commit that removes nobody. */
    static final CommitRemovals NONE = new CommitRemovals("", 0, Optional.empty(), List.of());

    /** Copies the list. */
    CommitRemovals {
        Objects.requireNonNull(roomUri, "roomUri");
        Objects.requireNonNull(committer, "committer");
        removedUsers = List.copyOf(removedUsers);
    }

    /** What {@code message}, a commit of {@code roomUri}, removes from {@code tree}, the tree of its epoch. */
    static CommitRemovals of(String roomUri, RatchetTree tree, FanoutMessage message) {
        if (message.message().wireFormat() != MlsMessage.PUBLIC_MESSAGE) {
            return NONE;
        }
        FramedContent content = message.message().publicMessage().content();
        if (!(content.body() instanceof FramedContent.CommitBody body)) {
            return NONE;
        }
        Optional<String> committer = content.sender().type() == Sender.MEMBER
                ? MemberIdentities.userAt(tree, (int) content.sender().index()) : Optional.empty();
        Set<Integer> removedLeaves = new HashSet<>();
        for (Commit.ProposalOrRef entry : body.commit().proposals()) {
            if (entry instanceof Commit.ByValue byValue && byValue.proposal() instanceof Proposal.Remove remove) {
                removedLeaves.add((int) remove.removed());
            }
        }
        List<String> removed = new ArrayList<>();
        for (int leaf : removedLeaves) {
            MemberIdentities.userAt(tree, leaf).filter(u -> !removed.contains(u))
                    .filter(u -> removedLeaves.containsAll(MemberIdentities.leavesOf(tree, u))).ifPresent(removed::add);
        }
        return new CommitRemovals(roomUri, content.epoch(), committer, removed);
    }

    /** Whether {@code user} is no longer in the group after the commit. */
    boolean removes(String user) {
        return removedUsers.contains(user);
    }

    /** One MembershipChanged per removed user, stamped with the hub's {@code timestamp} (milliseconds). */
    List<Event> events(long timestamp) {
        List<Event> out = new ArrayList<>();
        for (String user : removedUsers) {
            Optional<Address> member = address(user);
            Optional<Address> room = address(roomUri);
            if (member.isEmpty() || room.isEmpty()) {
                continue;
            }
            Address by = committer.flatMap(CommitRemovals::address).orElse(member.get());
            boolean sameProvider = committer.map(c -> domain(c).equals(domain(user))).orElse(true);
            out.add(new MembershipChanged(EventId.random(), new Origin(Network.MIMI,
                    new NativeId(roomUri + "#" + Long.toUnsignedString(epoch) + "#remove#" + user)), by, room.get(),
                    Instant.ofEpochMilli(timestamp), member.get(), sameProvider ? MembershipChanged.Membership.LEAVE
                            : MembershipChanged.Membership.KICK, Optional.empty()));
        }
        return out;
    }

    private static Optional<Address> address(String uri) {
        try {
            return Optional.of(Addresses.parse(uri));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String domain(String mimiUri) {
        String rest = mimiUri.startsWith("mimi://") ? mimiUri.substring("mimi://".length()) : mimiUri;
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }
}
