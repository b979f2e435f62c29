package dev.passerelle.connector.dma.mls.state;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.message.Commit;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MessageProtection;
import dev.passerelle.connector.dma.mls.message.MessageRejected;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.message.PublicMessage;
import dev.passerelle.connector.dma.mls.message.Sender;
import dev.passerelle.connector.dma.mls.message.WelcomeJoin;
import dev.passerelle.connector.dma.mls.schedule.EpochSecrets;
import dev.passerelle.connector.dma.mls.schedule.KeySchedule;
import dev.passerelle.connector.dma.mls.schedule.PreSharedKeyId;
import dev.passerelle.connector.dma.mls.schedule.PskSecret;
import dev.passerelle.connector.dma.mls.schedule.RatchetFailure;
import dev.passerelle.connector.dma.mls.schedule.SecretTree;
import dev.passerelle.connector.dma.mls.schedule.TranscriptHashes;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import dev.passerelle.connector.dma.mls.tree.TreeKem;
import dev.passerelle.connector.dma.mls.tree.TreeMath;
import dev.passerelle.connector.dma.mls.tree.UpdatePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A member's state in one epoch, and the transition to the next by a received commit (RFC 9420 section 12.4.2).
 * A refused commit leaves the state as it was: the next epoch is built aside and swapped in at the end. Not
 * thread-safe.
 */
public final class GroupState {

    private final CipherSuite suite;
    private final int ownLeaf;
    private final Map<String, byte[]> externalPsks;
    private GroupContext context;
    private RatchetTree tree;
    private EpochSecrets epoch;
    private byte[] interimTranscriptHash;
    private SecretTree secretTree;
    private Map<Integer, byte[]> privateKeys;
    private final Map<String, Pending> pendingProposals = new HashMap<>();
    // resumption_psk of the epochs this member has seen, oldest evicted first beyond the bound.
    private final Map<Long, byte[]> resumptionPsks = new java.util.LinkedHashMap<>();

    /** How many past epochs' resumption PSKs are kept for PSK proposals that name them. */
    public static final int KEPT_RESUMPTION_PSKS = 64;

    private record Pending(Proposal proposal, int sender) {
    }

    private GroupState(CipherSuite suite, int ownLeaf, Map<String, byte[]> externalPsks) {
        this.suite = suite;
        this.ownLeaf = ownLeaf;
        this.externalPsks = Map.copyOf(externalPsks);
    }

    /**
     * The state right after joining: {@code encryptionPrivateKey} is the private key of the KeyPackage's leaf;
     * the Welcome's path secret, if any, gives the keys of the shared ancestors.
     */
    public static GroupState fromWelcome(CipherSuite suite, WelcomeJoin.Joined joined, byte[] encryptionPrivateKey,
            Map<String, byte[]> externalPsks) {
        GroupState state = new GroupState(suite, joined.ownLeaf(), externalPsks);
        state.context = joined.groupContext();
        state.tree = joined.tree();
        state.epoch = joined.epochSecrets();
        state.interimTranscriptHash = TranscriptHashes.interim(suite, state.context.confirmedTranscriptHash(),
                joined.groupInfo().confirmationTag());
        state.secretTree = new SecretTree(suite, state.epoch.encryptionSecret(), state.tree.leafCount());
        state.keepResumptionPsk();
        Map<Integer, byte[]> keys = new HashMap<>();
        keys.put(TreeMath.leafToNode(joined.ownLeaf()), encryptionPrivateKey.clone());
        Optional<byte[]> pathSecret = joined.groupSecrets().pathSecret();
        if (pathSecret.isPresent()) {
            int signerNode = TreeMath.leafToNode((int) joined.groupInfo().signer());
            int ancestor = TreeMath.commonAncestor(TreeMath.leafToNode(joined.ownLeaf()), signerNode);
            derivePathKeys(suite, state.tree, ancestor, pathSecret.get(), keys);
        }
        state.privateKeys = keepMatching(suite, state.tree, keys);
        return state;
    }

    /** The current GroupContext. */
    public GroupContext groupContext() {
        return context;
    }

    /** The current epoch's secrets. */
    public EpochSecrets epochSecrets() {
        return epoch;
    }

    /** The current ratchet tree. */
    public RatchetTree tree() {
        return tree;
    }

    /** A proposal message of this epoch, kept until a commit refers to it. */
    public void receiveProposal(byte[] mlsMessage) {
        MessageProtection.Authenticated auth = authenticate(mlsMessage);
        if (!(auth.content().body() instanceof FramedContent.ProposalBody body)) {
            throw new MessageRejected("not a proposal", null);
        }
        pendingProposals.put(HexFormat.of().formatHex(proposalRef(auth)),
                new Pending(body.proposal(), (int) auth.content().sender().index()));
    }

    /** Processes a commit message of this epoch and moves to the next epoch; refused commits change nothing. */
    public void receiveCommit(byte[] mlsMessage) {
        MessageProtection.Authenticated auth = authenticate(mlsMessage);
        if (!(auth.content().body() instanceof FramedContent.CommitBody body)) {
            throw new MessageRejected("not a commit", null);
        }
        try {
            apply(auth, body.commit());
        } catch (CryptoFailure | TlsDecodeException | RatchetFailure | IllegalArgumentException e) {
            throw new MessageRejected("commit refused: " + e.getMessage(), e);
        }
    }

    private void apply(MessageProtection.Authenticated auth, Commit commit) {
        int committer = (int) auth.content().sender().index();
        List<Pending> proposals = new ArrayList<>();
        for (Commit.ProposalOrRef entry : commit.proposals()) {
            if (entry instanceof Commit.ByValue byValue) {
                proposals.add(new Pending(byValue.proposal(), committer));
            } else {
                Commit.ByReference ref = (Commit.ByReference) entry;
                Pending pending = pendingProposals.get(HexFormat.of().formatHex(ref.ref()));
                if (pending == null) {
                    throw new MessageRejected("commit refers to an unknown proposal", null);
                }
                proposals.add(pending);
            }
        }

        boolean pathRequired = proposals.isEmpty();
        for (Pending p : proposals) {
            Proposal proposal = p.proposal();
            if (proposal instanceof Proposal.Add add) {
                KeyPackage keyPackage = add.keyPackage();
                if (keyPackage.cipherSuite() != context.cipherSuite() || !keyPackage.verifySignature(suite)) {
                    throw new MessageRejected("an added KeyPackage has a wrong suite or signature", null);
                }
            } else if (proposal instanceof Proposal.Update || proposal instanceof Proposal.Remove
                    || proposal instanceof Proposal.ExternalInit
                    || proposal instanceof Proposal.GroupContextExtensions) {
                pathRequired = true;
            } else if (proposal instanceof Proposal.ReInit) {
                throw new MessageRejected("ReInit is not supported", null);
            }
        }
        // RFC 9420 section 12.4: a commit that is empty or changes membership or the context must renew the path.
        if (pathRequired && commit.path().isEmpty()) {
            throw new MessageRejected("this commit needs an UpdatePath", null);
        }

        RatchetTree next = tree;
        List<Extension> extensions = context.extensions();
        List<PskSecret.Input> psks = new ArrayList<>();
        for (Pending p : proposals) {
            if (p.proposal() instanceof Proposal.GroupContextExtensions gce) {
                extensions = gce.extensions();
            } else if (p.proposal() instanceof Proposal.PreSharedKey psk) {
                psks.add(pskInput(psk.psk()));
            }
        }
        for (Pending p : proposals) {
            if (p.proposal() instanceof Proposal.Update update) {
                next = next.withUpdated(p.sender(), update.leafNode());
            }
        }
        for (Pending p : proposals) {
            if (p.proposal() instanceof Proposal.Remove remove) {
                if (remove.removed() == ownLeaf) {
                    throw new MessageRejected("this member was removed", null);
                }
                next = next.withRemoved((int) remove.removed());
            }
        }
        Set<Integer> added = new HashSet<>();
        for (Pending p : proposals) {
            if (p.proposal() instanceof Proposal.Add add) {
                added.add(next.nextAddIndex());
                next = next.withAdded(add.keyPackage().leafNode());
            }
        }

        byte[] commitSecret = KeySchedule.zeroSecret();
        Map<Integer, byte[]> keys = new HashMap<>(privateKeys);
        if (commit.path().isPresent()) {
            UpdatePath path = commit.path().get();
            if (!path.leafNode().verifySignature(suite, context.groupId(), committer)) {
                throw new MessageRejected("bad signature on the committer's new leaf", null);
            }
            RatchetTree merged = next.withUpdatePath(suite, committer, path);
            GroupContext provisional = new GroupContext(context.cipherSuite(), context.groupId(), context.epoch() + 1,
                    merged.rootHash(suite), context.confirmedTranscriptHash(), extensions);
            TreeKem.Decrypted decrypted = TreeKem.decrypt(suite, next, committer, path, ownLeaf, keys,
                    provisional.toBytes(), added);
            commitSecret = decrypted.commitSecret();
            derivePathKeys(suite, merged, decrypted.node(), decrypted.pathSecret(), keys);
            next = merged;
        }

        byte[] confirmedInput = new TlsWriter().uint16(auth.wireFormat()).fixed(encode(auth.content()))
                .opaque(auth.auth().signature()).toByteArray();
        byte[] confirmed = TranscriptHashes.confirmed(suite, interimTranscriptHash, confirmedInput);
        byte[] tag = auth.auth().confirmationTag().orElseThrow();
        GroupContext nextContext = new GroupContext(context.cipherSuite(), context.groupId(), context.epoch() + 1,
                next.rootHash(suite), confirmed, extensions);
        EpochSecrets nextEpoch = KeySchedule.fromInitSecret(suite, epoch.initSecret(), commitSecret,
                PskSecret.compute(suite, psks), nextContext);
        if (!TranscriptHashes.verifyConfirmationTag(suite, nextEpoch.confirmationKey(), confirmed, tag)) {
            throw new MessageRejected("bad confirmation tag", null);
        }

        // Everything checked: move to the next epoch.
        context = nextContext;
        tree = next;
        epoch = nextEpoch;
        interimTranscriptHash = TranscriptHashes.interim(suite, confirmed, tag);
        secretTree = new SecretTree(suite, epoch.encryptionSecret(), tree.leafCount());
        privateKeys = keepMatching(suite, tree, keys);
        pendingProposals.clear();
        keepResumptionPsk();
    }

    private void keepResumptionPsk() {
        resumptionPsks.put(context.epoch(), epoch.resumptionPsk());
        if (resumptionPsks.size() > KEPT_RESUMPTION_PSKS) {
            resumptionPsks.remove(resumptionPsks.keySet().iterator().next());
        }
    }

    private PskSecret.Input pskInput(PreSharedKeyId id) {
        if (id instanceof PreSharedKeyId.Resumption resumption) {
            byte[] psk = Arrays.equals(resumption.pskGroupId(), context.groupId())
                    ? resumptionPsks.get(resumption.pskEpoch()) : null;
            if (psk == null) {
                throw new MessageRejected("unknown resumption PSK for epoch "
                        + Long.toUnsignedString(resumption.pskEpoch()), null);
            }
            return new PskSecret.Input(id, psk);
        }
        PreSharedKeyId.External external = (PreSharedKeyId.External) id;
        byte[] psk = externalPsks.get(HexFormat.of().formatHex(external.pskId()));
        if (psk == null) {
            throw new MessageRejected("unknown external PSK", null);
        }
        return new PskSecret.Input(id, psk);
    }

    private MessageProtection.Authenticated authenticate(byte[] mlsMessage) {
        try {
            TlsReader reader = new TlsReader(mlsMessage);
            int version = reader.uint16();
            int wireFormat = reader.uint16();
            if (version != GroupContext.MLS10) {
                throw new MessageRejected("unsupported protocol version " + version, null);
            }
            TlsReader body = new TlsReader(Arrays.copyOfRange(mlsMessage, 4, mlsMessage.length));
            MessageProtection.Authenticated auth;
            if (wireFormat == MlsMessage.PUBLIC_MESSAGE) {
                PublicMessage message = PublicMessage.decode(body);
                body.finish();
                if (message.content().sender().type() != Sender.MEMBER) {
                    throw new MessageRejected("only member senders are supported so far", null);
                }
                auth = MessageProtection.unprotectPublic(suite, message, context, epoch.membershipKey(),
                        this::signatureKey);
            } else if (wireFormat == MlsMessage.PRIVATE_MESSAGE) {
                PrivateMessage message = PrivateMessage.decode(body);
                body.finish();
                auth = MessageProtection.unprotectPrivate(suite, message, context, secretTree,
                        epoch.senderDataSecret(), this::signatureKey);
            } else {
                throw new MessageRejected("unexpected wire format " + wireFormat, null);
            }
            return auth;
        } catch (TlsDecodeException e) {
            throw new MessageRejected("malformed message: " + e.getMessage(), e);
        }
    }

    private byte[] signatureKey(long leaf) {
        if (leaf >= tree.leafCount()) {
            return null;
        }
        return tree.leaf((int) leaf).map(l -> l.signatureKey()).orElse(null);
    }

    private byte[] proposalRef(MessageProtection.Authenticated auth) {
        TlsWriter writer = new TlsWriter().uint16(auth.wireFormat()).fixed(encode(auth.content()));
        auth.auth().encode(writer);
        return suite.refHash("MLS 1.0 Proposal Reference", writer.toByteArray());
    }

    private static byte[] encode(FramedContent content) {
        TlsWriter writer = new TlsWriter();
        content.encode(writer);
        return writer.toByteArray();
    }

    // From a path secret at {@code start}, the keys of start and of every non-blank ancestor above it.
    private static void derivePathKeys(CipherSuite suite, RatchetTree tree, int start, byte[] pathSecret,
            Map<Integer, byte[]> keys) {
        byte[] secret = pathSecret;
        int root = TreeMath.root(tree.leafCount());
        int node = start;
        while (true) {
            if (!tree.isBlank(node)) {
                keys.put(node, TreeKem.nodeKeyPair(suite, secret).privateKey());
                secret = TreeKem.nextPathSecret(suite, secret);
            }
            if (node == root) {
                return;
            }
            node = TreeMath.parent(node, tree.leafCount());
        }
    }

    // Only keys whose node still exists and still holds the matching public key survive an epoch change.
    private static Map<Integer, byte[]> keepMatching(CipherSuite suite, RatchetTree tree, Map<Integer, byte[]> keys) {
        Map<Integer, byte[]> kept = new HashMap<>();
        int width = TreeMath.nodeWidth(tree.leafCount());
        keys.forEach((node, key) -> {
            if (node < width && !tree.isBlank(node)) {
                byte[] expected = TreeMath.isLeaf(node) ? tree.leaf(node / 2).orElseThrow().encryptionKey()
                        : tree.parent(node).orElseThrow().encryptionKey();
                if (Arrays.equals(suite.hpkePublicKey(key), expected)) {
                    kept.put(node, key);
                }
            }
        });
        return kept;
    }
}
