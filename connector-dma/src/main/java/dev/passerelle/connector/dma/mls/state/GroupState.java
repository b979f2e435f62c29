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
import dev.passerelle.connector.dma.mls.message.Welcome;
import dev.passerelle.connector.dma.mls.schedule.RatchetType;
import java.security.SecureRandom;
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
 * A member's state in one epoch: creating a group, joining from a Welcome, making commits (which yield the next
 * epoch's state aside, see {@link Committed}), processing received commits (RFC 9420 section 12.4.2), and
 * protecting application messages. A refused message or commit leaves the state as it was: the next epoch is built
 * aside and swapped in at the end. {@link #toBytes} is its durable form. Not thread-safe.
 */
public final class GroupState {

    // Package-private so that GroupStateCodec can write and restore every field.
    final CipherSuite suite;
    final int ownLeaf;
    final Map<String, byte[]> externalPsks;
    // Absent for a state built by the passive-client path, which never sends.
    byte[] signaturePrivateKey;
    GroupContext context;
    RatchetTree tree;
    EpochSecrets epoch;
    byte[] interimTranscriptHash;
    SecretTree secretTree;
    Map<Integer, byte[]> privateKeys;
    final Map<String, Pending> pendingProposals = new HashMap<>();
    // resumption_psk of the epochs this member has seen, oldest evicted first beyond the bound.
    final Map<Long, byte[]> resumptionPsks = new java.util.LinkedHashMap<>();

    /** How many past epochs' resumption PSKs are kept for PSK proposals that name them. */
    public static final int KEPT_RESUMPTION_PSKS = 64;

    record Pending(Proposal proposal, int sender) {
    }

    GroupState(CipherSuite suite, int ownLeaf, Map<String, byte[]> externalPsks) {
        this.suite = suite;
        this.ownLeaf = ownLeaf;
        this.externalPsks = Map.copyOf(externalPsks);
    }

    /** This member's leaf index. */
    public int ownLeaf() {
        return ownLeaf;
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

    /**
     * A new one-member group (RFC 9420 section 11) of {@code client}, whose leaf is that of its KeyPackage
     * {@code own}: epoch 0 from a random init secret, with the GroupContext {@code extensions}.
     */
    public static GroupState create(MlsClient client, KeyPackageBundle own, byte[] groupId,
            List<Extension> extensions, SecureRandom random) {
        CipherSuite suite = client.suite();
        KeyPackage keyPackage = own.keyPackage();
        if (!Arrays.equals(keyPackage.leafNode().signatureKey(), client.signaturePublicKey())) {
            throw new IllegalArgumentException("the KeyPackage is not this client's");
        }
        GroupState state = new GroupState(suite, 0, Map.of());
        state.signaturePrivateKey = client.signaturePrivateKey();
        state.tree = RatchetTree.single(keyPackage.leafNode());
        state.context = new GroupContext(suite.id(), groupId, 0, state.tree.rootHash(suite), new byte[0],
                extensions);
        byte[] initSecret = new byte[CipherSuite.NH];
        random.nextBytes(initSecret);
        state.epoch = KeySchedule.fromInitSecret(suite, initSecret, KeySchedule.zeroSecret(),
                PskSecret.compute(suite, List.of()), state.context);
        byte[] tag = TranscriptHashes.confirmationTag(suite, state.epoch.confirmationKey(), new byte[0]);
        state.interimTranscriptHash = TranscriptHashes.interim(suite, new byte[0], tag);
        state.secretTree = new SecretTree(suite, state.epoch.encryptionSecret(), 1);
        state.privateKeys = new HashMap<>(Map.of(0, own.encryptionPrivateKey()));
        state.keepResumptionPsk();
        return state;
    }

    /**
     * Joins from a Welcome MLSMessage addressed to {@code bundle}'s KeyPackage; the ratchet tree comes from the
     * GroupInfo's ratchet_tree extension. Anything that does not check out is a {@link MessageRejected}.
     */
    public static GroupState join(MlsClient client, KeyPackageBundle bundle, byte[] welcomeMessage,
            Map<String, byte[]> externalPsks) {
        Welcome welcome;
        try {
            TlsReader reader = new TlsReader(welcomeMessage);
            MlsMessage.expect(reader, MlsMessage.WELCOME);
            welcome = Welcome.decode(reader);
            reader.finish();
        } catch (TlsDecodeException | IllegalArgumentException e) {
            throw new MessageRejected("malformed Welcome: " + e.getMessage(), e);
        }
        if (!Arrays.equals(bundle.keyPackage().leafNode().signatureKey(), client.signaturePublicKey())) {
            throw new IllegalArgumentException("the KeyPackage is not this client's");
        }
        WelcomeJoin.Joined joined = WelcomeJoin.join(client.suite(), bundle.keyPackage(), bundle.initPrivateKey(),
                welcome, Optional.empty(), externalPsks);
        GroupState state = fromWelcome(client.suite(), joined, bundle.encryptionPrivateKey(), externalPsks);
        state.signaturePrivateKey = client.signaturePrivateKey();
        return state;
    }

    /** Commits by value, as a PrivateMessage: see {@link #commit(List, List, int, SecureRandom)}. */
    public Committed commit(List<KeyPackage> adds, List<Integer> removes, SecureRandom random) {
        return commit(adds, removes, MlsMessage.PRIVATE_MESSAGE, random);
    }

    /**
     * Commits by value the removal of the members at {@code removes} and the addition of {@code adds} (each
     * KeyPackage checked: suite, signatures, lifetime, distinct keys), with a fresh UpdatePath, framed as
     * {@code wireFormat} ({@link MlsMessage#PUBLIC_MESSAGE} or {@link MlsMessage#PRIVATE_MESSAGE}). Pending
     * proposals received in this epoch are not included. This state stays in the current epoch (only its
     * handshake ratchet moves when the commit is a PrivateMessage); {@link Committed#next()} is the new epoch.
     */
    public Committed commit(List<KeyPackage> adds, List<Integer> removes, int wireFormat, SecureRandom random) {
        return commit(adds, removes, List.of(), wireFormat, random);
    }

    /**
     * As {@link #commit(List, List, int, SecureRandom)}, also carrying {@code custom} proposals by value after the
     * adds; each type must be in the capabilities of every member of the resulting group.
     */
    public Committed commit(List<KeyPackage> adds, List<Integer> removes, List<Proposal.Custom> custom,
            int wireFormat, SecureRandom random) {
        return CommitMaker.make(this, List.copyOf(adds), List.copyOf(removes), List.copyOf(custom), wireFormat,
                random);
    }

    /**
     * Encrypts an application message as a PrivateMessage with the next generation of this member's application
     * ratchet. Contract for durability: the generation is consumed by this call, so the state as it is after it
     * must be persisted in the same transaction as the returned ciphertext; a retry resends that stored
     * ciphertext and never calls this again for the same message, so no key and nonce are used twice, even across
     * a restart.
     */
    public Encrypted encrypt(byte[] plaintext, byte[] authenticatedData, SecureRandom random) {
        if (signaturePrivateKey == null) {
            throw new IllegalStateException("this state has no signature key and cannot send");
        }
        long generation = secretTree.nextGeneration(ownLeaf, RatchetType.APPLICATION);
        FramedContent content = new FramedContent(context.groupId(), context.epoch(), Sender.member(ownLeaf),
                authenticatedData, new FramedContent.Application(plaintext));
        byte[] reuseGuard = new byte[4];
        random.nextBytes(reuseGuard);
        PrivateMessage message = MessageProtection.protectPrivate(suite, content, context, signaturePrivateKey,
                Optional.empty(), secretTree, epoch.senderDataSecret(), reuseGuard, 0);
        TlsWriter writer = new TlsWriter();
        MlsMessage.header(writer, MlsMessage.PRIVATE_MESSAGE);
        message.encode(writer);
        return new Encrypted(writer.toByteArray(), context.epoch(), generation);
    }

    /**
     * Decrypts another member's application message of this epoch. A refused message is a
     * {@link MessageRejected} and consumes no key; an accepted one consumes its key, so persist the state after.
     */
    public Received decrypt(byte[] mlsMessage) {
        MessageProtection.Authenticated auth = authenticate(mlsMessage);
        if (!(auth.content().body() instanceof FramedContent.Application application)) {
            throw new MessageRejected("not an application message", null);
        }
        return new Received((int) auth.content().sender().index(), application.data(),
                auth.content().authenticatedData());
    }

    /**
     * The ratchet generation of a PrivateMessage of the current epoch (one of ours, say, encrypted ahead of its send),
     * without consuming anything; a message of another epoch or wire format is a {@link MessageRejected}.
     */
    public long generationOf(byte[] mlsMessage) {
        try {
            TlsReader reader = new TlsReader(mlsMessage);
            int version = reader.uint16();
            int wireFormat = reader.uint16();
            if (version != GroupContext.MLS10 || wireFormat != MlsMessage.PRIVATE_MESSAGE) {
                throw new MessageRejected("not an MLS 1.0 PrivateMessage", null);
            }
            TlsReader body = new TlsReader(Arrays.copyOfRange(mlsMessage, 4, mlsMessage.length));
            PrivateMessage message = PrivateMessage.decode(body);
            body.finish();
            return MessageProtection.senderGeneration(suite, message, context, epoch.senderDataSecret());
        } catch (TlsDecodeException e) {
            throw new MessageRejected("malformed message: " + e.getMessage(), e);
        }
    }

    /** The current epoch number. */
    public long epochNumber() {
        return context.epoch();
    }

    /** The epoch authenticator of the current epoch (RFC 9420 section 8.7). */
    public byte[] epochAuthenticator() {
        return epoch.epochAuthenticator();
    }

    /** MLS-Exporter(label, context, length) of the current epoch (RFC 9420 section 8.5). */
    public byte[] export(String label, byte[] exportContext, int length) {
        return epoch.export(label, exportContext, length);
    }

    /** The versioned serialised form of this state, private keys included: see {@link GroupStateCodec}. */
    public byte[] toBytes() {
        return GroupStateCodec.encode(this);
    }

    /** Restores a state written by {@link #toBytes}; an unknown format version is refused with a reason. */
    public static GroupState fromBytes(byte[] bytes) {
        return GroupStateCodec.decode(bytes);
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

    /**
     * Processes a commit message of this epoch and moves to the next epoch; refused commits change nothing. Returns
     * the custom proposals the commit applied, in order, for the application to act on (their effect on
     * application state is not MLS's).
     */
    public List<Proposal.Custom> receiveCommit(byte[] mlsMessage) {
        MessageProtection.Authenticated auth = authenticate(mlsMessage);
        if (!(auth.content().body() instanceof FramedContent.CommitBody body)) {
            throw new MessageRejected("not a commit", null);
        }
        try {
            return apply(auth, body.commit());
        } catch (CryptoFailure | TlsDecodeException | RatchetFailure | IllegalArgumentException e) {
            throw new MessageRejected("commit refused: " + e.getMessage(), e);
        }
    }

    private List<Proposal.Custom> apply(MessageProtection.Authenticated auth, Commit commit) {
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
            } else if (proposal instanceof Proposal.Custom) {
                // Without knowing what a custom proposal changes, the safe reading is that it needs a new path.
                pathRequired = true;
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

        for (Pending p : proposals) {
            if (p.proposal() instanceof Proposal.Custom custom && !allSupport(next, custom.type())) {
                throw new MessageRejected("custom proposal type " + custom.type() + " is not supported by every member",
                        null);
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
        List<Proposal.Custom> custom = new ArrayList<>();
        proposals.forEach(p -> {
            if (p.proposal() instanceof Proposal.Custom c) {
                custom.add(c);
            }
        });
        return custom;
    }

    // RFC 9420 section 12.1: a proposal type outside the RFC's own must be in every member's capabilities.
    static boolean allSupport(RatchetTree tree, int proposalType) {
        for (int i = 0; i < tree.leafCount(); i++) {
            Optional<dev.passerelle.connector.dma.mls.tree.LeafNode> leaf = tree.leaf(i);
            if (leaf.isPresent() && !leaf.get().capabilities().proposals().contains(proposalType)) {
                return false;
            }
        }
        return true;
    }

    void keepResumptionPsk() {
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
    static Map<Integer, byte[]> keepMatching(CipherSuite suite, RatchetTree tree, Map<Integer, byte[]> keys) {
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
