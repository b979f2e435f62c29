package dev.passerelle.connector.dma.mls.message;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.schedule.EpochSecrets;
import dev.passerelle.connector.dma.mls.schedule.KeySchedule;
import dev.passerelle.connector.dma.mls.schedule.PreSharedKeyId;
import dev.passerelle.connector.dma.mls.schedule.PskSecret;
import dev.passerelle.connector.dma.mls.schedule.TranscriptHashes;
import dev.passerelle.connector.dma.mls.tree.LeafNode;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Joining a group from a Welcome (RFC 9420 section 12.4.3.1): decrypt, check the GroupInfo signature, the tree
 * (tree hash, parent hashes, leaf signatures) and the confirmation tag, and derive the epoch's secrets.
 */
public final class WelcomeJoin {

    /** Extension type ratchet_tree. */
    public static final int RATCHET_TREE_EXTENSION = 2;

    private WelcomeJoin() {
    }

    /** The state a new member starts from. */
    public record Joined(GroupContext groupContext, RatchetTree tree, int ownLeaf, EpochSecrets epochSecrets,
            GroupInfo groupInfo, GroupSecrets groupSecrets) {

        /** Checks presence. */
        public Joined {
            Objects.requireNonNull(groupContext, "groupContext");
            Objects.requireNonNull(tree, "tree");
            Objects.requireNonNull(epochSecrets, "epochSecrets");
            Objects.requireNonNull(groupInfo, "groupInfo");
            Objects.requireNonNull(groupSecrets, "groupSecrets");
        }
    }

    /**
     * Joins with {@code keyPackage} and its {@code initPrivateKey}. The tree comes from the GroupInfo's
     * ratchet_tree extension, else from {@code externalTree}. {@code externalPsks} maps hex psk ids to values.
     * Anything that does not check out is a {@link MessageRejected}.
     */
    public static Joined join(CipherSuite suite, KeyPackage keyPackage, byte[] initPrivateKey, Welcome welcome,
            Optional<RatchetTree> externalTree, Map<String, byte[]> externalPsks) {
        try {
            return joinChecked(suite, keyPackage, initPrivateKey, welcome, externalTree, externalPsks);
        } catch (CryptoFailure | TlsDecodeException | IllegalArgumentException e) {
            throw new MessageRejected("Welcome refused: " + e.getMessage(), e);
        }
    }

    private static Joined joinChecked(CipherSuite suite, KeyPackage keyPackage, byte[] initPrivateKey,
            Welcome welcome, Optional<RatchetTree> externalTree, Map<String, byte[]> externalPsks) {
        if (welcome.cipherSuite() != suite.id() || keyPackage.cipherSuite() != suite.id()) {
            throw new MessageRejected("cipher suite mismatch", null);
        }
        GroupSecrets secrets = welcome.decryptGroupSecrets(suite, keyPackage.ref(suite), initPrivateKey);
        List<PskSecret.Input> psks = new ArrayList<>();
        for (PreSharedKeyId id : secrets.psks()) {
            if (!(id instanceof PreSharedKeyId.External external)) {
                throw new MessageRejected("resumption PSKs are not supported", null);
            }
            byte[] psk = externalPsks.get(HexFormat.of().formatHex(external.pskId()));
            if (psk == null) {
                throw new MessageRejected("unknown external PSK " + HexFormat.of().formatHex(external.pskId()), null);
            }
            psks.add(new PskSecret.Input(id, psk));
        }
        byte[] pskSecret = PskSecret.compute(suite, psks);
        GroupInfo info = welcome.decryptGroupInfo(suite,
                KeySchedule.welcomeSecret(suite, secrets.joinerSecret(), pskSecret));
        GroupContext context = info.groupContext();
        if (context.cipherSuite() != suite.id()) {
            throw new MessageRejected("GroupInfo for cipher suite " + context.cipherSuite(), null);
        }

        RatchetTree tree = treeFrom(info).or(() -> externalTree)
                .orElseThrow(() -> new MessageRejected("no ratchet tree in the Welcome nor given", null));
        if (!Arrays.equals(tree.rootHash(suite), context.treeHash())) {
            throw new MessageRejected("the ratchet tree does not match the GroupContext's tree hash", null);
        }
        if (!tree.parentHashesValid(suite)) {
            throw new MessageRejected("the ratchet tree has invalid parent hashes", null);
        }
        int ownLeaf = -1;
        for (int i = 0; i < tree.leafCount(); i++) {
            Optional<LeafNode> leaf = tree.leaf(i);
            if (leaf.isPresent()) {
                if (!leaf.get().verifySignature(suite, context.groupId(), i)) {
                    throw new MessageRejected("bad signature on leaf " + i, null);
                }
                if (leaf.get().equals(keyPackage.leafNode())) {
                    ownLeaf = i;
                }
            }
        }
        if (ownLeaf < 0) {
            throw new MessageRejected("the tree does not hold our KeyPackage's leaf", null);
        }
        if (info.signer() >= tree.leafCount() || tree.leaf((int) info.signer()).isEmpty()) {
            throw new MessageRejected("GroupInfo signer " + info.signer() + " is not a member", null);
        }
        if (!info.verifySignature(suite, tree.leaf((int) info.signer()).get().signatureKey())) {
            throw new MessageRejected("bad GroupInfo signature", null);
        }
        EpochSecrets epoch = KeySchedule.fromJoinerSecret(suite, secrets.joinerSecret(), pskSecret, context);
        if (!TranscriptHashes.verifyConfirmationTag(suite, epoch.confirmationKey(), context.confirmedTranscriptHash(),
                info.confirmationTag())) {
            throw new MessageRejected("bad confirmation tag", null);
        }
        return new Joined(context, tree, ownLeaf, epoch, info, secrets);
    }

    private static Optional<RatchetTree> treeFrom(GroupInfo info) {
        for (Extension extension : info.extensions()) {
            if (extension.type() == RATCHET_TREE_EXTENSION) {
                TlsReader reader = new TlsReader(extension.data());
                RatchetTree tree = RatchetTree.decode(reader);
                reader.finish();
                return Optional.of(tree);
            }
        }
        return Optional.empty();
    }
}
