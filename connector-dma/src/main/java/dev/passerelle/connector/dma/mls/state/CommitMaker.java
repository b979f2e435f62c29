package dev.passerelle.connector.dma.mls.state;

import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.message.AuthData;
import dev.passerelle.connector.dma.mls.message.Commit;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import dev.passerelle.connector.dma.mls.message.GroupSecrets;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MessageProtection;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.message.PublicMessage;
import dev.passerelle.connector.dma.mls.message.Sender;
import dev.passerelle.connector.dma.mls.message.Welcome;
import dev.passerelle.connector.dma.mls.message.WelcomeJoin;
import dev.passerelle.connector.dma.mls.schedule.EpochSecrets;
import dev.passerelle.connector.dma.mls.schedule.KeySchedule;
import dev.passerelle.connector.dma.mls.schedule.PskSecret;
import dev.passerelle.connector.dma.mls.schedule.SecretTree;
import dev.passerelle.connector.dma.mls.schedule.TranscriptHashes;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import dev.passerelle.connector.dma.mls.tree.LeafNodeSource;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import dev.passerelle.connector.dma.mls.tree.TreeKem;
import dev.passerelle.connector.dma.mls.tree.TreeMath;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Making a commit by value (RFC 9420 section 12.4.1): removes then adds, always with an UpdatePath (which leaves
 * out the leaves it adds), the new epoch's state, and a Welcome carrying the ratchet tree for the added members.
 */
final class CommitMaker {

    private CommitMaker() {
    }

    static Committed make(GroupState state, List<KeyPackage> adds, List<Integer> removes,
            List<Proposal.Custom> custom, int wireFormat, SecureRandom random) {
        if (wireFormat != MlsMessage.PUBLIC_MESSAGE && wireFormat != MlsMessage.PRIVATE_MESSAGE) {
            throw new IllegalArgumentException("a commit is sent as a PublicMessage or a PrivateMessage");
        }
        if (state.signaturePrivateKey == null) {
            throw new IllegalStateException("this state has no signature key and cannot send");
        }
        CipherSuite suite = state.suite;
        GroupContext context = state.context;
        List<Commit.ProposalOrRef> proposals = new ArrayList<>();
        RatchetTree next = state.tree;
        Set<Integer> removed = new HashSet<>();
        for (int leaf : removes) {
            if (leaf == state.ownLeaf) {
                throw new IllegalArgumentException("a member cannot commit its own removal");
            }
            if (!removed.add(leaf) || leaf < 0 || leaf >= state.tree.leafCount() || state.tree.leaf(leaf).isEmpty()) {
                throw new IllegalArgumentException("no member to remove at leaf " + leaf);
            }
            next = next.withRemoved(leaf);
            proposals.add(new Commit.ByValue(new Proposal.Remove(leaf)));
        }
        List<Integer> addedLeaves = new ArrayList<>();
        for (KeyPackage keyPackage : adds) {
            check(suite, context, next, keyPackage);
            addedLeaves.add(next.nextAddIndex());
            next = next.withAdded(keyPackage.leafNode());
            proposals.add(new Commit.ByValue(new Proposal.Add(keyPackage)));
        }

        for (Proposal.Custom proposal : custom) {
            if (!GroupState.allSupport(next, proposal.type())) {
                throw new IllegalArgumentException("custom proposal type " + proposal.type()
                        + " is not supported by every member");
            }
            proposals.add(new Commit.ByValue(proposal));
        }

        byte[] leafSecret = new byte[CipherSuite.NH];
        random.nextBytes(leafSecret);
        long nextEpochNumber = context.epoch() + 1;
        TreeKem.Created created = TreeKem.create(suite, next, state.ownLeaf, leafSecret, state.signaturePrivateKey,
                context.groupId(), treeHash -> new GroupContext(context.cipherSuite(), context.groupId(),
                        nextEpochNumber, treeHash, context.confirmedTranscriptHash(), context.extensions()).toBytes(),
                new HashSet<>(addedLeaves));
        Commit commit = new Commit(proposals, Optional.of(created.path()));
        FramedContent content = new FramedContent(context.groupId(), context.epoch(),
                Sender.member(state.ownLeaf), new byte[0], new FramedContent.CommitBody(commit));
        // Ed25519 is deterministic: this signature is the one the protected message carries.
        AuthData signed = MessageProtection.sign(suite, wireFormat, content, context, state.signaturePrivateKey,
                Optional.of(new byte[0]));
        TlsWriter confirmedInput = new TlsWriter().uint16(wireFormat);
        content.encode(confirmedInput);
        confirmedInput.opaque(signed.signature());
        byte[] confirmed = TranscriptHashes.confirmed(suite, state.interimTranscriptHash,
                confirmedInput.toByteArray());
        RatchetTree treeAfter = created.treeAfter();
        GroupContext nextContext = new GroupContext(context.cipherSuite(), context.groupId(), nextEpochNumber,
                treeAfter.rootHash(suite), confirmed, context.extensions());
        EpochSecrets nextEpoch = KeySchedule.fromInitSecret(suite, state.epoch.initSecret(), created.commitSecret(),
                PskSecret.compute(suite, List.of()), nextContext);
        byte[] tag = TranscriptHashes.confirmationTag(suite, nextEpoch.confirmationKey(), confirmed);

        TlsWriter message = new TlsWriter();
        MlsMessage.header(message, wireFormat);
        if (wireFormat == MlsMessage.PUBLIC_MESSAGE) {
            PublicMessage framed = MessageProtection.protectPublic(suite, content, context,
                    state.signaturePrivateKey, state.epoch.membershipKey(), Optional.of(tag));
            framed.encode(message);
        } else {
            byte[] reuseGuard = new byte[4];
            random.nextBytes(reuseGuard);
            PrivateMessage framed = MessageProtection.protectPrivate(suite, content, context,
                    state.signaturePrivateKey, Optional.of(tag), state.secretTree, state.epoch.senderDataSecret(),
                    reuseGuard, 0);
            framed.encode(message);
        }

        GroupState after = new GroupState(suite, state.ownLeaf, state.externalPsks);
        after.signaturePrivateKey = state.signaturePrivateKey.clone();
        after.context = nextContext;
        after.tree = treeAfter;
        after.epoch = nextEpoch;
        after.interimTranscriptHash = TranscriptHashes.interim(suite, confirmed, tag);
        after.secretTree = new SecretTree(suite, nextEpoch.encryptionSecret(), treeAfter.leafCount());
        after.privateKeys = GroupState.keepMatching(suite, treeAfter, created.privateKeys());
        after.resumptionPsks.putAll(state.resumptionPsks);
        after.keepResumptionPsk();

        Optional<byte[]> welcome = adds.isEmpty() ? Optional.empty()
                : Optional.of(welcome(state, nextContext, nextEpoch, tag, treeAfter, created, adds, addedLeaves));
        return new Committed(message.toByteArray(), welcome, after);
    }

    private static byte[] welcome(GroupState state, GroupContext nextContext, EpochSecrets nextEpoch, byte[] tag,
            RatchetTree treeAfter, TreeKem.Created created, List<KeyPackage> adds, List<Integer> addedLeaves) {
        CipherSuite suite = state.suite;
        TlsWriter treeBytes = new TlsWriter();
        treeAfter.encode(treeBytes);
        List<Extension> extensions = List.of(
                new Extension(WelcomeJoin.RATCHET_TREE_EXTENSION, treeBytes.toByteArray()));
        GroupInfo unsigned = new GroupInfo(nextContext, extensions, tag, state.ownLeaf, new byte[0]);
        byte[] signature = suite.signWithLabel(state.signaturePrivateKey, "GroupInfoTBS", unsigned.toBeSigned());
        GroupInfo info = new GroupInfo(nextContext, extensions, tag, state.ownLeaf, signature);
        TlsWriter infoBytes = new TlsWriter();
        info.encode(infoBytes);
        byte[] welcomeSecret = nextEpoch.welcomeSecret();
        byte[] key = suite.expandWithLabel(welcomeSecret, "key", new byte[0], CipherSuite.NK);
        byte[] nonce = suite.expandWithLabel(welcomeSecret, "nonce", new byte[0], CipherSuite.NN);
        byte[] encryptedInfo = suite.aeadSeal(key, nonce, new byte[0], infoBytes.toByteArray());

        List<Welcome.EncryptedGroupSecrets> secrets = new ArrayList<>();
        int ownNode = TreeMath.leafToNode(state.ownLeaf);
        for (int i = 0; i < adds.size(); i++) {
            KeyPackage keyPackage = adds.get(i);
            int ancestor = TreeMath.commonAncestor(ownNode, TreeMath.leafToNode(addedLeaves.get(i)));
            GroupSecrets groupSecrets = new GroupSecrets(nextEpoch.joinerSecret(),
                    Optional.of(created.pathSecret(ancestor)), List.of());
            TlsWriter plain = new TlsWriter();
            groupSecrets.encode(plain);
            HpkeCiphertext ciphertext = suite.encryptWithLabel(keyPackage.initKey(), "Welcome", encryptedInfo,
                    plain.toByteArray());
            secrets.add(new Welcome.EncryptedGroupSecrets(keyPackage.ref(suite), ciphertext));
        }
        TlsWriter out = new TlsWriter();
        MlsMessage.header(out, MlsMessage.WELCOME);
        new Welcome(suite.id(), secrets, encryptedInfo).encode(out);
        return out.toByteArray();
    }

    // RFC 9420 section 10.1: what a committer checks before adding a KeyPackage.
    private static void check(CipherSuite suite, GroupContext context, RatchetTree tree, KeyPackage keyPackage) {
        LeafNode leaf = keyPackage.leafNode();
        if (keyPackage.cipherSuite() != context.cipherSuite()) {
            throw new IllegalArgumentException("KeyPackage for cipher suite " + keyPackage.cipherSuite());
        }
        if (!keyPackage.verifySignature(suite) || !leaf.verifySignature(suite, context.groupId(), 0)) {
            throw new IllegalArgumentException("KeyPackage or leaf signature does not verify");
        }
        if (!(leaf.source() instanceof LeafNodeSource.KeyPackage lifetime)) {
            throw new IllegalArgumentException("the KeyPackage's leaf does not come from a KeyPackage");
        }
        long now = Instant.now().getEpochSecond();
        if (Long.compareUnsigned(now, lifetime.notBefore()) < 0 || Long.compareUnsigned(now, lifetime.notAfter()) > 0) {
            throw new IllegalArgumentException("the KeyPackage is outside its lifetime");
        }
        if (Arrays.equals(keyPackage.initKey(), leaf.encryptionKey())) {
            throw new IllegalArgumentException("the KeyPackage's init key equals its leaf's encryption key");
        }
        if (!leaf.capabilities().versions().contains(GroupContext.MLS10)
                || !leaf.capabilities().cipherSuites().contains(context.cipherSuite())) {
            throw new IllegalArgumentException("the KeyPackage's leaf does not support this group's version or suite");
        }
        for (int i = 0; i < tree.leafCount(); i++) {
            Optional<LeafNode> member = tree.leaf(i);
            if (member.isPresent() && (Arrays.equals(member.get().signatureKey(), leaf.signatureKey())
                    || Arrays.equals(member.get().encryptionKey(), leaf.encryptionKey()))) {
                throw new IllegalArgumentException("the KeyPackage's keys are already used by leaf " + i);
            }
        }
    }
}
