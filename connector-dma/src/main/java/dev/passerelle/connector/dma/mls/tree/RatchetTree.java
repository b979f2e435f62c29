package dev.passerelle.connector.dma.mls.tree;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The public part of a ratchet tree (RFC 9420 section 7): leaves and parents in array order, blanks absent. Read
 * from the {@code ratchet_tree} extension's encoding; computes resolutions, tree hashes and parent hashes. Immutable:
 * the membership changes return a new tree.
 */
public final class RatchetTree {

    private static final int NODE_LEAF = 1;
    private static final int NODE_PARENT = 2;

    private final int leafCount;
    // Leaf i at leaves[i]; parent node x (odd) at parents[x / 2]; null is a blank node.
    private final LeafNode[] leaves;
    private final ParentNode[] parents;

    private RatchetTree(int leafCount) {
        this.leafCount = leafCount;
        this.leaves = new LeafNode[leafCount];
        this.parents = new ParentNode[Math.max(leafCount - 1, 0)];
    }

    /** The tree of a one-member group: {@code leaf} alone at leaf 0. */
    public static RatchetTree single(LeafNode leaf) {
        RatchetTree out = new RatchetTree(1);
        out.leaves[0] = Objects.requireNonNull(leaf, "leaf");
        return out;
    }

    private RatchetTree copy(int newLeafCount) {
        RatchetTree out = new RatchetTree(newLeafCount);
        int leafSpan = Math.min(leafCount, newLeafCount);
        System.arraycopy(leaves, 0, out.leaves, 0, leafSpan);
        System.arraycopy(parents, 0, out.parents, 0, Math.max(leafSpan - 1, 0));
        return out;
    }

    /**
     * The tree after adding {@code leaf} (RFC 9420 section 12.1.1): at the leftmost blank leaf, the tree doubling
     * if none is left; the new leaf becomes unmerged in every non-blank parent above it.
     */
    public RatchetTree withAdded(LeafNode leaf) {
        Objects.requireNonNull(leaf, "leaf");
        int index = nextAddIndex();
        if (index == leafCount && leafCount == TreeMath.MAX_LEAVES) {
            throw new IllegalStateException("the tree is full at " + leafCount + " leaves");
        }
        RatchetTree out = copy(index < leafCount ? leafCount : leafCount * 2);
        out.leaves[index] = leaf;
        for (int p : TreeMath.directPath(TreeMath.leafToNode(index), out.leafCount)) {
            ParentNode parent = out.parents[p / 2];
            if (parent != null) {
                List<Long> unmerged = new ArrayList<>(parent.unmergedLeaves());
                unmerged.add((long) index);
                out.parents[p / 2] = new ParentNode(parent.encryptionKey(), parent.parentHash(), unmerged);
            }
        }
        return out;
    }

    /** Index of the leaf {@link #withAdded} would fill. */
    public int nextAddIndex() {
        int index = 0;
        while (index < leafCount && leaves[index] != null) {
            index++;
        }
        return index;
    }

    /** The tree after member {@code leafIndex} replaced its leaf (RFC 9420 section 12.1.2): its path blanked. */
    public RatchetTree withUpdated(int leafIndex, LeafNode leaf) {
        Objects.requireNonNull(leaf, "leaf");
        requireMember(leafIndex);
        RatchetTree out = copy(leafCount);
        out.leaves[leafIndex] = leaf;
        out.blankDirectPath(leafIndex);
        return out;
    }

    /**
     * The tree after removing member {@code leafIndex} (RFC 9420 section 12.1.3): leaf and path blanked, then the
     * right half dropped for as long as it holds no member.
     */
    public RatchetTree withRemoved(int leafIndex) {
        requireMember(leafIndex);
        RatchetTree out = copy(leafCount);
        out.leaves[leafIndex] = null;
        out.blankDirectPath(leafIndex);
        int size = leafCount;
        while (size > 1 && allBlank(out.leaves, size / 2, size)) {
            size /= 2;
        }
        return size == leafCount ? out : out.copy(size);
    }

    private void blankDirectPath(int leafIndex) {
        for (int p : TreeMath.directPath(TreeMath.leafToNode(leafIndex), leafCount)) {
            parents[p / 2] = null;
        }
    }

    private static boolean allBlank(LeafNode[] leaves, int from, int to) {
        for (int i = from; i < to; i++) {
            if (leaves[i] != null) {
                return false;
            }
        }
        return true;
    }

    private void requireMember(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= leafCount || leaves[leafIndex] == null) {
            throw new IllegalArgumentException("no member at leaf " + leafIndex);
        }
    }

    /**
     * The filtered direct path of {@code leafIndex} (RFC 9420 section 4.1.2): its direct path without the nodes
     * whose copath child has an empty resolution.
     */
    public List<Integer> filteredDirectPath(int leafIndex) {
        int node = TreeMath.leafToNode(leafIndex);
        List<Integer> path = TreeMath.directPath(node, leafCount);
        List<Integer> copath = TreeMath.copath(node, leafCount);
        List<Integer> filtered = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            if (!resolution(copath.get(i)).isEmpty()) {
                filtered.add(path.get(i));
            }
        }
        return filtered;
    }

    /**
     * The tree after merging {@code path} from member {@code sender} (RFC 9420 section 7.5): the direct path is
     * blanked, then each filtered-path node takes its new key and the parent hash of the node above it. The new
     * leaf's own parent hash must match the chain, or the path is refused.
     */
    public RatchetTree withUpdatePath(CipherSuite suite, int sender, UpdatePath path) {
        Objects.requireNonNull(path, "path");
        List<byte[]> keys = path.nodes().stream().map(UpdatePath.Node::encryptionKey).toList();
        RatchetTree out = withPathKeys(suite, sender, keys);
        LeafNodeSource source = path.leafNode().source();
        if (!(source instanceof LeafNodeSource.Commit commit)
                || !MessageDigest.isEqual(commit.parentHash(), out.leafParentHash(suite, sender))) {
            throw new IllegalArgumentException("the UpdatePath's leaf does not carry the path's parent hash");
        }
        out.leaves[sender] = path.leafNode();
        return out;
    }

    // A copy with the sender's direct path blanked and its filtered path holding {@code keys}, each with the
    // parent hash of the node above it; the sender's leaf is left as it was.
    RatchetTree withPathKeys(CipherSuite suite, int sender, List<byte[]> keys) {
        requireMember(sender);
        List<Integer> filtered = filteredDirectPath(sender);
        if (filtered.size() != keys.size()) {
            throw new IllegalArgumentException("the UpdatePath has " + keys.size()
                    + " nodes but the sender's filtered direct path has " + filtered.size());
        }
        RatchetTree out = copy(leafCount);
        out.blankDirectPath(sender);
        byte[] parentHash = new byte[0];
        for (int i = filtered.size() - 1; i >= 0; i--) {
            int p = filtered.get(i);
            out.parents[p / 2] = new ParentNode(keys.get(i), parentHash, List.of());
            parentHash = out.parentHashTowards(suite, p, sender);
        }
        return out;
    }

    // The parent hash the sender's leaf must carry: that of its lowest filtered-path node, or empty without one.
    byte[] leafParentHash(CipherSuite suite, int sender) {
        List<Integer> filtered = filteredDirectPath(sender);
        return filtered.isEmpty() ? new byte[0] : parentHashTowards(suite, filtered.get(0), sender);
    }

    private byte[] parentHashTowards(CipherSuite suite, int p, int leaf) {
        int senderSide = TreeMath.directPathChildToward(p, TreeMath.leafToNode(leaf));
        return parentHash(suite, p, TreeMath.siblingOf(senderSide, p));
    }

    /** Number of leaves, blank or not (a power of two). */
    public int leafCount() {
        return leafCount;
    }

    /** The leaf at {@code leafIndex}, empty when blank. */
    public Optional<LeafNode> leaf(int leafIndex) {
        Objects.checkIndex(leafIndex, leafCount);
        return Optional.ofNullable(leaves[leafIndex]);
    }

    /** The parent at odd node index {@code node}, empty when blank. */
    public Optional<ParentNode> parent(int node) {
        if (TreeMath.isLeaf(node) || node >= TreeMath.nodeWidth(leafCount)) {
            throw new IllegalArgumentException("not a parent node of this tree: " + node);
        }
        return Optional.ofNullable(parents[node / 2]);
    }

    /** Reads {@code optional<Node> ratchet_tree<V>}: trailing blanks omitted, the last node a non-blank leaf. */
    public static RatchetTree decode(TlsReader reader) {
        int start = reader.offset();
        List<Optional<Object>> nodes = reader.vector(RatchetTree::decodeNode);
        if (nodes.isEmpty() || nodes.size() % 2 == 0 || nodes.get(nodes.size() - 1).isEmpty()) {
            throw new TlsDecodeException("a ratchet tree must end with a non-blank leaf", start);
        }
        int leafCount = Integer.highestOneBit(nodes.size() / 2 + 1);
        if (leafCount < nodes.size() / 2 + 1) {
            leafCount <<= 1;
        }
        RatchetTree tree = new RatchetTree(leafCount);
        for (int x = 0; x < nodes.size(); x++) {
            Optional<Object> node = nodes.get(x);
            if (node.isEmpty()) {
                continue;
            }
            Object value = node.get();
            boolean leafPosition = TreeMath.isLeaf(x);
            if (value instanceof LeafNode leaf && leafPosition) {
                tree.leaves[x / 2] = leaf;
            } else if (value instanceof ParentNode parent && !leafPosition) {
                for (long leaf : parent.unmergedLeaves()) {
                    if (leaf >= leafCount || !inSubtree((int) (2 * leaf), x)) {
                        throw new TlsDecodeException("unmerged leaf " + leaf + " is not under parent node " + x,
                                start);
                    }
                }
                tree.parents[x / 2] = parent;
            } else {
                throw new TlsDecodeException("node " + x + " has the wrong type for its position", start);
            }
        }
        return tree;
    }

    private static Optional<Object> decodeNode(TlsReader reader) {
        return reader.optional(r -> {
            int at = r.offset();
            int type = r.uint8();
            if (type == NODE_LEAF) {
                return LeafNode.decode(r);
            }
            if (type == NODE_PARENT) {
                return ParentNode.decode(r);
            }
            throw new TlsDecodeException("unknown node type " + type, at);
        });
    }

    /** Writes the tree as the {@code ratchet_tree} extension carries it, trailing blanks omitted. */
    public void encode(TlsWriter writer) {
        int last = TreeMath.nodeWidth(leafCount) - 1;
        while (last > 0 && isBlank(last)) {
            last--;
        }
        List<Integer> indices = new ArrayList<>();
        for (int x = 0; x <= last; x++) {
            indices.add(x);
        }
        writer.vector(indices, (w, x) -> {
            if (isBlank(x)) {
                w.uint8(0);
            } else if (TreeMath.isLeaf(x)) {
                w.uint8(1).uint8(NODE_LEAF);
                leaves[x / 2].encode(w);
            } else {
                w.uint8(1).uint8(NODE_PARENT);
                parents[x / 2].encode(w);
            }
        });
    }

    /** Whether node {@code x} is blank. */
    public boolean isBlank(int x) {
        return TreeMath.isLeaf(x) ? leaves[x / 2] == null : parents[x / 2] == null;
    }

    /**
     * The resolution of node {@code x} (RFC 9420 section 4.1.1): the node itself and its unmerged leaves if it is
     * not blank; otherwise the resolutions of its children; nothing for a blank leaf.
     */
    public List<Integer> resolution(int x) {
        List<Integer> out = new ArrayList<>();
        resolve(x, out);
        return out;
    }

    private void resolve(int x, List<Integer> out) {
        if (!isBlank(x)) {
            out.add(x);
            if (!TreeMath.isLeaf(x)) {
                for (long leaf : parents[x / 2].unmergedLeaves()) {
                    out.add((int) (2 * leaf));
                }
            }
        } else if (!TreeMath.isLeaf(x)) {
            resolve(TreeMath.left(x), out);
            resolve(TreeMath.right(x), out);
        }
    }

    /** The tree hash of the subtree rooted at node {@code x} (RFC 9420 section 7.8). */
    public byte[] treeHash(CipherSuite suite, int x) {
        if (x < 0 || x >= TreeMath.nodeWidth(leafCount)) {
            throw new IllegalArgumentException("node " + x + " outside a tree of " + leafCount + " leaves");
        }
        return treeHash(suite, x, Set.of());
    }

    // The tree hash with the leaves in {@code removed} blanked and dropped from every unmerged_leaves list.
    private byte[] treeHash(CipherSuite suite, int x, Set<Long> removed) {
        TlsWriter input = new TlsWriter();
        if (TreeMath.isLeaf(x)) {
            long leafIndex = x / 2L;
            LeafNode leaf = removed.contains(leafIndex) ? null : leaves[x / 2];
            input.uint8(NODE_LEAF).uint32(leafIndex).optional(Optional.ofNullable(leaf), (w, l) -> l.encode(w));
        } else {
            ParentNode parent = parents[x / 2];
            if (parent != null && !removed.isEmpty()) {
                parent = new ParentNode(parent.encryptionKey(), parent.parentHash(),
                        parent.unmergedLeaves().stream().filter(l -> !removed.contains(l)).toList());
            }
            input.uint8(NODE_PARENT).optional(Optional.ofNullable(parent), (w, p) -> p.encode(w))
                    .opaque(treeHash(suite, TreeMath.left(x), removed))
                    .opaque(treeHash(suite, TreeMath.right(x), removed));
        }
        return suite.hash(input.toByteArray());
    }

    /**
     * Whether every non-blank parent node is parent-hash valid (RFC 9420 section 7.9.2) with respect to one of
     * its children, so each parent is vouched for by a chain of parent hashes from a leaf's signed commit.
     */
    public boolean parentHashesValid(CipherSuite suite) {
        for (int x = 1; x < TreeMath.nodeWidth(leafCount); x += 2) {
            if (parents[x / 2] != null
                    && !parentHashValid(suite, x, TreeMath.left(x), TreeMath.right(x))
                    && !parentHashValid(suite, x, TreeMath.right(x), TreeMath.left(x))) {
                return false;
            }
        }
        return true;
    }

    /** ParentHash(P) as seen from P's child whose sibling is {@code sibling}. */
    byte[] parentHash(CipherSuite suite, int p, int sibling) {
        ParentNode parent = parents[p / 2];
        Set<Long> unmerged = new HashSet<>(parent.unmergedLeaves());
        byte[] originalSiblingTreeHash = treeHash(suite, sibling, unmerged);
        return suite.hash(new TlsWriter().opaque(parent.encryptionKey()).opaque(parent.parentHash())
                .opaque(originalSiblingTreeHash).toByteArray());
    }

    // P is valid with respect to child C when some D in C's resolution carries ParentHash(P) and P's unmerged
    // leaves under C are exactly the rest of that resolution.
    private boolean parentHashValid(CipherSuite suite, int p, int child, int sibling) {
        byte[] expected = parentHash(suite, p, sibling);
        List<Integer> resolution = resolution(child);
        Set<Integer> unmergedUnderChild = new HashSet<>();
        for (long leaf : parents[p / 2].unmergedLeaves()) {
            int node = (int) (2 * leaf);
            if (inSubtree(node, child)) {
                unmergedUnderChild.add(node);
            }
        }
        for (int d : resolution) {
            Optional<byte[]> carried = carriedParentHash(d);
            if (carried.isPresent() && MessageDigest.isEqual(carried.get(), expected)) {
                Set<Integer> rest = new HashSet<>(resolution);
                rest.remove(d);
                if (rest.equals(unmergedUnderChild)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<byte[]> carriedParentHash(int node) {
        if (!TreeMath.isLeaf(node)) {
            return Optional.of(parents[node / 2].parentHash());
        }
        LeafNodeSource source = leaves[node / 2].source();
        if (source instanceof LeafNodeSource.Commit commit) {
            return Optional.of(commit.parentHash());
        }
        return Optional.empty();
    }

    private static boolean inSubtree(int node, int top) {
        int k = TreeMath.level(top);
        return (node >>> (k + 1)) == (top >>> (k + 1));
    }

    /** The tree hash of the whole tree. */
    public byte[] rootHash(CipherSuite suite) {
        return treeHash(suite, TreeMath.root(leafCount));
    }
}
