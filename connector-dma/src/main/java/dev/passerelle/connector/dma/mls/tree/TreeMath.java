package dev.passerelle.connector.dma.mls.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * Node index arithmetic of RFC 9420 appendix C. Leaves sit at even node indices, parents at odd ones; a parent's
 * level is the number of trailing one bits of its index. Leaf counts are powers of two, as RFC 9420 trees always are.
 */
public final class TreeMath {

    /** Largest supported leaf count: keeps every node index within an int. */
    public static final int MAX_LEAVES = 1 << 30;

    private TreeMath() {
    }

    /** Number of nodes in a tree of {@code nLeaves} leaves. */
    public static int nodeWidth(int nLeaves) {
        checkLeaves(nLeaves);
        return nLeaves == 0 ? 0 : 2 * (nLeaves - 1) + 1;
    }

    /** Index of the root of a tree of {@code nLeaves} leaves. */
    public static int root(int nLeaves) {
        checkLeaves(nLeaves);
        if (nLeaves == 0) {
            throw new IllegalArgumentException("an empty tree has no root");
        }
        int width = nodeWidth(nLeaves);
        return (Integer.highestOneBit(width)) - 1;
    }

    /** Level of node {@code x}: 0 for leaves, one more than its children for parents. */
    public static int level(int x) {
        checkNode(x);
        return Integer.numberOfTrailingZeros(~x);
    }

    /** Whether node {@code x} is a leaf. */
    public static boolean isLeaf(int x) {
        checkNode(x);
        return (x & 1) == 0;
    }

    /** Node index of leaf {@code leafIndex}. */
    public static int leafToNode(int leafIndex) {
        if (leafIndex < 0 || leafIndex >= MAX_LEAVES) {
            throw new IllegalArgumentException("leaf index out of range: " + leafIndex);
        }
        return 2 * leafIndex;
    }

    /** Left child of parent node {@code x}. */
    public static int left(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node " + x + " has no children");
        }
        return x ^ (1 << (k - 1));
    }

    /** Right child of parent node {@code x}. */
    public static int right(int x) {
        int k = level(x);
        if (k == 0) {
            throw new IllegalArgumentException("leaf node " + x + " has no children");
        }
        return x ^ (3 << (k - 1));
    }

    /** Parent of node {@code x} in a tree of {@code nLeaves} leaves. */
    public static int parent(int x, int nLeaves) {
        checkInTree(x, nLeaves);
        if (x == root(nLeaves)) {
            throw new IllegalArgumentException("the root " + x + " has no parent");
        }
        int k = level(x);
        int b = (x >>> (k + 1)) & 1;
        return (x | (1 << k)) ^ (b << (k + 1));
    }

    /** The other child of node {@code x}'s parent. */
    public static int sibling(int x, int nLeaves) {
        int p = parent(x, nLeaves);
        return x < p ? right(p) : left(p);
    }

    /** Parents of node {@code x} from its own parent up to and including the root; empty for the root. */
    public static List<Integer> directPath(int x, int nLeaves) {
        checkInTree(x, nLeaves);
        int r = root(nLeaves);
        List<Integer> path = new ArrayList<>();
        int current = x;
        while (current != r) {
            current = parent(current, nLeaves);
            path.add(current);
        }
        return path;
    }

    /** Siblings of node {@code x} and of each node of its direct path except the root. */
    public static List<Integer> copath(int x, int nLeaves) {
        checkInTree(x, nLeaves);
        int r = root(nLeaves);
        List<Integer> path = new ArrayList<>();
        int current = x;
        while (current != r) {
            path.add(sibling(current, nLeaves));
            current = parent(current, nLeaves);
        }
        return path;
    }

    /** Lowest node whose subtree holds both {@code x} and {@code y}. */
    public static int commonAncestor(int x, int y) {
        int lx = level(x) + 1;
        int ly = level(y) + 1;
        if (lx <= ly && (x >>> ly) == (y >>> ly)) {
            return y;
        }
        if (ly <= lx && (x >>> lx) == (y >>> lx)) {
            return x;
        }
        int xn = x;
        int yn = y;
        int k = 0;
        while (xn != yn) {
            xn >>>= 1;
            yn >>>= 1;
            k++;
        }
        return (xn << k) + (1 << (k - 1)) - 1;
    }

    /** The child of ancestor {@code ancestor} whose subtree holds {@code node}. */
    public static int directPathChildToward(int ancestor, int node) {
        int l = left(ancestor);
        return node < ancestor ? l : right(ancestor);
    }

    /** The other child of {@code parent} than {@code child}. */
    public static int siblingOf(int child, int parent) {
        int l = left(parent);
        return child == l ? right(parent) : l;
    }

    private static void checkLeaves(int nLeaves) {
        if (nLeaves < 0 || nLeaves > MAX_LEAVES || (nLeaves != 0 && Integer.bitCount(nLeaves) != 1)) {
            throw new IllegalArgumentException("leaf count must be 0 or a power of two up to 2^30: " + nLeaves);
        }
    }

    private static void checkNode(int x) {
        if (x < 0) {
            throw new IllegalArgumentException("node index must not be negative: " + x);
        }
    }

    private static void checkInTree(int x, int nLeaves) {
        checkNode(x);
        if (x >= nodeWidth(nLeaves)) {
            throw new IllegalArgumentException(
                    "node " + x + " is outside a tree of " + nLeaves + " leaves");
        }
    }
}
