package dev.passerelle.connector.dma.mls.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TreeMathTest {

    @TestFactory
    Stream<DynamicTest> treeMathVectors() {
        return TestVectors.all("tree-math.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            int n = v.get("n_leaves").asInt();
            int width = TreeMath.nodeWidth(n);
            assertThat(width).isEqualTo(v.get("n_nodes").asInt());
            assertThat(TreeMath.root(n)).isEqualTo(v.get("root").asInt());
            check(v.get("left"), width, x -> TreeMath.left(x));
            check(v.get("right"), width, x -> TreeMath.right(x));
            check(v.get("parent"), width, x -> TreeMath.parent(x, n));
            check(v.get("sibling"), width, x -> TreeMath.sibling(x, n));
        }));
    }

    // A null in the vector means the operation is undefined for that node, which must be refused, not guessed.
    private static void check(JsonNode expected, int width, IntFunction<Integer> op) {
        assertThat(expected.size()).isEqualTo(width);
        for (int x = 0; x < width; x++) {
            JsonNode e = expected.get(x);
            int node = x;
            if (e.isNull()) {
                assertThatThrownBy(() -> op.apply(node)).as("node %d", x)
                        .isInstanceOf(IllegalArgumentException.class);
            } else {
                assertThat(op.apply(x)).as("node %d", x).isEqualTo(e.asInt());
            }
        }
    }

    @Test
    void directPathAndCopathOfALeafInAnEightLeafTree() {
        // Leaf 2 is node 4: parents 5, 3, 7; siblings 6, 1, 11.
        assertThat(TreeMath.directPath(4, 8)).containsExactly(5, 3, 7);
        assertThat(TreeMath.copath(4, 8)).containsExactly(6, 1, 11);
        assertThat(TreeMath.directPath(7, 8)).isEmpty();
        assertThat(TreeMath.copath(7, 8)).isEmpty();
    }

    @Test
    void leafCountsMustBePowersOfTwo() {
        assertThatThrownBy(() -> TreeMath.root(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeMath.parent(9, 4)).hasMessageContaining("outside a tree of 4 leaves");
    }

    @Test
    void commonAncestorIsTheFirstSharedNodeOfTheDirectPaths() {
        qt().forAll(integers().between(0, 9), integers().between(0, Integer.MAX_VALUE),
                integers().between(0, Integer.MAX_VALUE)).checkAssert((log, a, b) -> {
                    int n = 1 << log;
                    int width = TreeMath.nodeWidth(n);
                    int x = a % width;
                    int y = b % width;
                    assertThat(TreeMath.commonAncestor(x, y)).isEqualTo(semanticAncestor(x, y, n));
                });
    }

    @Test
    void copathSiblingsAndDirectPathParentsShareTheirParents() {
        qt().forAll(integers().between(1, 9), integers().between(0, Integer.MAX_VALUE)).checkAssert((log, a) -> {
            int n = 1 << log;
            int x = a % TreeMath.nodeWidth(n);
            List<Integer> path = TreeMath.directPath(x, n);
            List<Integer> copath = TreeMath.copath(x, n);
            assertThat(copath).hasSameSizeAs(path);
            for (int i = 0; i < copath.size(); i++) {
                assertThat(TreeMath.parent(copath.get(i), n)).isEqualTo(path.get(i));
                assertThat(TreeMath.level(path.get(i))).isGreaterThan(TreeMath.level(copath.get(i)));
            }
        });
    }

    private static int semanticAncestor(int x, int y, int n) {
        List<Integer> dx = new ArrayList<>();
        dx.add(x);
        dx.addAll(TreeMath.directPath(x, n));
        List<Integer> dy = new ArrayList<>();
        dy.add(y);
        dy.addAll(TreeMath.directPath(y, n));
        for (int node : dx) {
            if (dy.contains(node)) {
                return node;
            }
        }
        throw new AssertionError("no common ancestor for " + x + " and " + y);
    }
}
