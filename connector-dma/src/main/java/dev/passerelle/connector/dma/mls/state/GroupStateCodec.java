package dev.passerelle.connector.dma.mls.state;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.schedule.EpochSecrets;
import dev.passerelle.connector.dma.mls.schedule.SecretTree;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import dev.passerelle.connector.dma.mls.tree.TreeMath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The durable form of a {@link GroupState}, in the TLS presentation language:
 * <pre>
 * uint16 format_version = 1; uint16 cipher_suite; uint32 own_leaf;
 * optional&lt;opaque signature_private_key&lt;V&gt;&gt;; GroupContext context; ratchet_tree tree;
 * opaque joiner_secret&lt;V&gt;, welcome_secret&lt;V&gt;, epoch_secret&lt;V&gt;; opaque interim_transcript_hash&lt;V&gt;;
 * secret tree state (held node secrets, started ratchets with their kept keys);
 * {uint32 node; opaque key&lt;V&gt;} private_keys&lt;V&gt;;
 * {opaque ref&lt;V&gt;; Proposal proposal; uint32 sender} pending_proposals&lt;V&gt;;
 * {uint64 epoch; opaque psk&lt;V&gt;} resumption_psks&lt;V&gt;; {opaque id&lt;V&gt;; opaque psk&lt;V&gt;} external_psks&lt;V&gt;
 * </pre>
 * It holds every private key of the member: store it as a secret. A later format gets a new version number; a
 * version this code does not know is refused rather than guessed at.
 */
final class GroupStateCodec {

    /** The version written. */
    static final int FORMAT_VERSION = 1;

    private GroupStateCodec() {
    }

    static byte[] encode(GroupState state) {
        TlsWriter writer = new TlsWriter().uint16(FORMAT_VERSION).uint16(state.suite.id()).uint32(state.ownLeaf);
        writer.optional(java.util.Optional.ofNullable(state.signaturePrivateKey), TlsWriter::opaque);
        state.context.encode(writer);
        state.tree.encode(writer);
        state.epoch.encode(writer);
        writer.opaque(state.interimTranscriptHash);
        state.secretTree.encode(writer);
        writer.vector(new ArrayList<>(new TreeMap<>(state.privateKeys).entrySet()),
                (w, e) -> w.uint32(e.getKey()).opaque(e.getValue()));
        // Sorted maps throughout: the same state always has the same bytes.
        writer.vector(new ArrayList<>(new TreeMap<>(state.pendingProposals).entrySet()), (w, e) -> {
            w.opaque(HexFormat.of().parseHex(e.getKey()));
            e.getValue().proposal().encode(w);
            w.uint32(e.getValue().sender());
        });
        writer.vector(new ArrayList<>(state.resumptionPsks.entrySet()),
                (w, e) -> w.uint64(e.getKey()).opaque(e.getValue()));
        writer.vector(new ArrayList<>(new TreeMap<>(state.externalPsks).entrySet()),
                (w, e) -> w.opaque(e.getKey().getBytes(StandardCharsets.UTF_8)).opaque(e.getValue()));
        return writer.toByteArray();
    }

    static GroupState decode(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        int version = reader.uint16();
        if (version != FORMAT_VERSION) {
            throw new TlsDecodeException("unsupported group state format version " + version
                    + " (this code reads version " + FORMAT_VERSION + ")", 0);
        }
        int suiteId = reader.uint16();
        if (suiteId != CipherSuite.ID) {
            throw new TlsDecodeException("unsupported cipher suite " + suiteId, 2);
        }
        CipherSuite suite = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
        int at = reader.offset();
        long ownLeaf = reader.uint32();
        byte[] signatureKey = reader.optional(TlsReader::opaque).orElse(null);
        GroupContext context = GroupContext.decode(reader);
        RatchetTree tree = RatchetTree.decode(reader);
        EpochSecrets epoch = EpochSecrets.decode(suite, reader);
        byte[] interim = reader.opaque();
        SecretTree secretTree = SecretTree.decode(suite, reader);
        int width = TreeMath.nodeWidth(tree.leafCount());
        List<Map.Entry<Integer, byte[]>> keys = reader.vector(r -> Map.entry(r.uint32Below(width), r.opaque()));
        List<Object[]> pending = reader.vector(r -> new Object[] {r.opaque(), Proposal.decode(r), r.uint32()});
        List<Map.Entry<Long, byte[]>> resumption = reader.vector(r -> Map.entry(r.uint64(), r.opaque()));
        List<Map.Entry<String, byte[]>> external = reader.vector(
                r -> Map.entry(new String(r.opaque(), StandardCharsets.UTF_8), r.opaque()));
        reader.finish();

        if (ownLeaf >= tree.leafCount() || tree.leaf((int) ownLeaf).isEmpty()) {
            throw new TlsDecodeException("own leaf " + ownLeaf + " is not a member of the stored tree", at);
        }
        if (!Arrays.equals(tree.rootHash(suite), context.treeHash())) {
            throw new TlsDecodeException("the stored tree does not match the stored GroupContext", at);
        }
        if (signatureKey != null && !Arrays.equals(signaturePublicKey(suite, signatureKey, at),
                tree.leaf((int) ownLeaf).get().signatureKey())) {
            throw new TlsDecodeException("the stored signature key is not the own leaf's", at);
        }
        Map<String, byte[]> externalPsks = new HashMap<>();
        external.forEach(e -> externalPsks.put(e.getKey(), e.getValue()));
        GroupState state = new GroupState(suite, (int) ownLeaf, externalPsks);
        state.signaturePrivateKey = signatureKey;
        state.context = context;
        state.tree = tree;
        state.epoch = epoch;
        state.interimTranscriptHash = interim;
        state.secretTree = secretTree;
        Map<Integer, byte[]> privateKeys = new HashMap<>();
        keys.forEach(e -> privateKeys.put(e.getKey(), e.getValue()));
        try {
            state.privateKeys = GroupState.keepMatching(suite, tree, privateKeys);
        } catch (CryptoFailure e) {
            throw new TlsDecodeException("a stored private key is not a key of the suite: " + e.getMessage(), at);
        }
        if (state.privateKeys.size() != privateKeys.size()) {
            throw new TlsDecodeException("stored private keys do not match the stored tree", at);
        }
        for (Object[] p : pending) {
            long sender = (Long) p[2];
            if (sender >= tree.leafCount()) {
                throw new TlsDecodeException("pending proposal from leaf " + sender + " outside the tree", at);
            }
            state.pendingProposals.put(HexFormat.of().formatHex((byte[]) p[0]),
                    new GroupState.Pending((Proposal) p[1], (int) sender));
        }
        resumption.forEach(e -> state.resumptionPsks.put(e.getKey(), e.getValue()));
        return state;
    }

    /** The public half of a stored signature key; one of the wrong length is a decode error, like any bad field. */
    private static byte[] signaturePublicKey(CipherSuite suite, byte[] privateKey, int at) {
        try {
            return suite.signaturePublicKey(privateKey);
        } catch (CryptoFailure e) {
            throw new TlsDecodeException("the stored signature key is not a key of the suite: " + e.getMessage(), at);
        }
    }
}
