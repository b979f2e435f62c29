package dev.passerelle.connector.dma.mls.schedule;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.tree.TreeMath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The secret tree of RFC 9420 section 9: from an epoch's encryption_secret, per-leaf handshake and application
 * ratchets. Node secrets are derived on demand and each parent's secret is erased once its children exist. Not
 * thread-safe: one group's state is used by one thread at a time.
 */
public final class SecretTree {

    /** Default bound on how far ahead of the next expected generation a received message may be. */
    public static final int DEFAULT_MAX_FORWARD_DISTANCE = 1000;
    /** Default bound on keys kept for messages that arrive out of order. */
    public static final int DEFAULT_MAX_SKIPPED_KEYS = 32;

    private final CipherSuite suite;
    private final int leafCount;
    private final int maxForwardDistance;
    private final int maxSkippedKeys;
    private final Map<Integer, byte[]> nodeSecrets = new HashMap<>();
    private final Map<Integer, Map<RatchetType, HashRatchet>> ratchets = new HashMap<>();

    /** A tree of {@code leafCount} leaves (a power of two) with the default ratchet bounds. */
    public SecretTree(CipherSuite suite, byte[] encryptionSecret, int leafCount) {
        this(suite, encryptionSecret, leafCount, DEFAULT_MAX_FORWARD_DISTANCE, DEFAULT_MAX_SKIPPED_KEYS);
    }

    /** A tree with explicit bounds on forward jumps and on keys kept for out-of-order messages. */
    public SecretTree(CipherSuite suite, byte[] encryptionSecret, int leafCount, int maxForwardDistance,
            int maxSkippedKeys) {
        this.suite = Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(encryptionSecret, "encryptionSecret");
        if (encryptionSecret.length != CipherSuite.NH) {
            throw new IllegalArgumentException("encryptionSecret must be " + CipherSuite.NH + " bytes");
        }
        if (leafCount < 1 || Integer.bitCount(leafCount) != 1 || leafCount > TreeMath.MAX_LEAVES) {
            throw new IllegalArgumentException("leaf count must be a power of two, got " + leafCount);
        }
        if (maxForwardDistance < 0 || maxSkippedKeys < 0) {
            throw new IllegalArgumentException("ratchet bounds must not be negative");
        }
        this.leafCount = leafCount;
        this.maxForwardDistance = maxForwardDistance;
        this.maxSkippedKeys = maxSkippedKeys;
        nodeSecrets.put(TreeMath.root(leafCount), encryptionSecret.clone());
    }

    /** Keys for sending the next message of {@code type} from {@code leaf}. */
    public KeyAndNonce next(int leaf, RatchetType type) {
        return ratchet(leaf, type).next();
    }

    /** Keys of {@code generation} of {@code leaf}'s {@code type} ratchet, for a received message. */
    public KeyAndNonce get(int leaf, RatchetType type, long generation) {
        return ratchet(leaf, type).get(generation);
    }

    /** Keys of {@code generation} without consuming them: for checking a message before accepting it. */
    public KeyAndNonce peek(int leaf, RatchetType type, long generation) {
        return ratchet(leaf, type).peek(generation);
    }

    /** The generation {@link #next} would hand out for {@code leaf}'s {@code type} ratchet. */
    public long nextGeneration(int leaf, RatchetType type) {
        return ratchet(leaf, type).nextGeneration();
    }

    /**
     * Writes the tree's current state (bounds, held node secrets, started ratchets with their kept keys) for
     * durable storage; {@link #decode} restores it so no generation is ever handed out twice.
     */
    public void encode(TlsWriter writer) {
        writer.uint32(leafCount).uint32(maxForwardDistance).uint32(maxSkippedKeys);
        writer.vector(new java.util.ArrayList<>(new java.util.TreeMap<>(nodeSecrets).entrySet()),
                (w, e) -> w.uint32(e.getKey()).opaque(e.getValue()));
        List<Map.Entry<Integer, Map<RatchetType, HashRatchet>>> started =
                new java.util.ArrayList<>(new java.util.TreeMap<>(ratchets).entrySet());
        writer.vector(started, (w, e) -> {
            w.uint32(e.getKey());
            for (RatchetType t : RatchetType.values()) {
                e.getValue().get(t).encode(w);
            }
        });
    }

    /** Reads a tree written by {@link #encode}; inconsistent state is a {@link TlsDecodeException}. */
    public static SecretTree decode(CipherSuite suite, TlsReader reader) {
        int at = reader.offset();
        long leafCount = reader.uint32();
        long maxForward = reader.uint32();
        long maxSkipped = reader.uint32();
        if (leafCount < 1 || leafCount > TreeMath.MAX_LEAVES || Long.bitCount(leafCount) != 1
                || maxForward > Integer.MAX_VALUE || maxSkipped > Integer.MAX_VALUE) {
            throw new TlsDecodeException("bad secret tree parameters", at);
        }
        SecretTree tree = new SecretTree(suite, new byte[CipherSuite.NH], (int) leafCount, (int) maxForward,
                (int) maxSkipped);
        tree.nodeSecrets.clear();
        int width = TreeMath.nodeWidth((int) leafCount);
        for (Map.Entry<Integer, byte[]> e : reader.vector(r -> Map.entry(r.uint32Below(width), r.opaque()))) {
            tree.nodeSecrets.put(e.getKey(), e.getValue());
        }
        reader.vector(r -> {
            int leaf = r.uint32Below((int) leafCount);
            Map<RatchetType, HashRatchet> pair = new EnumMap<>(RatchetType.class);
            for (RatchetType t : RatchetType.values()) {
                pair.put(t, HashRatchet.decode(suite, r, (int) maxForward, (int) maxSkipped));
            }
            tree.ratchets.put(leaf, pair);
            return leaf;
        });
        return tree;
    }

    private HashRatchet ratchet(int leaf, RatchetType type) {
        Objects.requireNonNull(type, "type");
        if (leaf < 0 || leaf >= leafCount) {
            throw new IllegalArgumentException("leaf " + leaf + " outside a tree of " + leafCount + " leaves");
        }
        Map<RatchetType, HashRatchet> pair = ratchets.get(leaf);
        if (pair == null) {
            byte[] leafSecret = leafSecret(TreeMath.leafToNode(leaf));
            pair = new EnumMap<>(RatchetType.class);
            for (RatchetType t : RatchetType.values()) {
                byte[] start = suite.expandWithLabel(leafSecret, t.label(), new byte[0], CipherSuite.NH);
                pair.put(t, new HashRatchet(suite, start, maxForwardDistance, maxSkippedKeys));
            }
            Arrays.fill(leafSecret, (byte) 0);
            ratchets.put(leaf, pair);
        }
        return pair.get(type);
    }

    // Descends from the lowest ancestor whose secret is still held, erasing each parent once split.
    private byte[] leafSecret(int node) {
        List<Integer> path = TreeMath.directPath(node, leafCount);
        int held = node;
        int index = -1;
        while (!nodeSecrets.containsKey(held)) {
            index++;
            if (index == path.size()) {
                throw new IllegalStateException("no secret held above node " + node);
            }
            held = path.get(index);
        }
        while (held != node) {
            byte[] secret = nodeSecrets.remove(held);
            int left = TreeMath.left(held);
            int right = TreeMath.right(held);
            nodeSecrets.put(left, child(secret, "left"));
            nodeSecrets.put(right, child(secret, "right"));
            Arrays.fill(secret, (byte) 0);
            held = node < held ? left : right;
        }
        return nodeSecrets.remove(node);
    }

    private byte[] child(byte[] parentSecret, String side) {
        return suite.expandWithLabel(parentSecret, "tree", side.getBytes(StandardCharsets.US_ASCII), CipherSuite.NH);
    }
}
