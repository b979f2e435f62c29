package dev.passerelle.connector.dma.mls.tree;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TreeValidationTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> treeValidationVectors() {
        return TestVectors.suite1("tree-validation.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            byte[] encoded = hex(v, "tree");
            TlsReader reader = new TlsReader(encoded);
            RatchetTree tree = RatchetTree.decode(reader);
            reader.finish();

            TlsWriter writer = new TlsWriter();
            tree.encode(writer);
            assertThat(writer.toByteArray()).as("re-encoding").isEqualTo(encoded);

            JsonNode resolutions = v.get("resolutions");
            JsonNode hashes = v.get("tree_hashes");
            assertThat(resolutions.size()).isEqualTo(TreeMath.nodeWidth(tree.leafCount()));
            assertThat(hashes.size()).isEqualTo(resolutions.size());
            for (int x = 0; x < resolutions.size(); x++) {
                List<Integer> expected = new ArrayList<>();
                resolutions.get(x).forEach(n -> expected.add(n.asInt()));
                assertThat(tree.resolution(x)).as("resolution of node %d", x).isEqualTo(expected);
                assertThat(tree.treeHash(SUITE, x)).as("tree hash of node %d", x)
                        .isEqualTo(java.util.HexFormat.of().parseHex(hashes.get(x).asText()));
            }

            assertThat(tree.parentHashesValid(SUITE)).as("parent hashes").isTrue();
            tamperedParentKeyBreaksTheParentHashChain(tree, encoded);

            byte[] groupId = hex(v, "group_id");
            for (int leaf = 0; leaf < tree.leafCount(); leaf++) {
                int index = leaf;
                tree.leaf(leaf).ifPresent(node -> assertThat(node.verifySignature(SUITE, groupId, index))
                        .as("signature of leaf %d", index).isTrue());
            }
        }));
    }

    // Flipping a bit of a parent's encryption key must leave that parent unvouched for.
    private static void tamperedParentKeyBreaksTheParentHashChain(RatchetTree tree, byte[] encoded) {
        for (int x = 1; x < TreeMath.nodeWidth(tree.leafCount()); x += 2) {
            if (tree.parent(x).isPresent()) {
                byte[] key = tree.parent(x).get().encryptionKey();
                int at = indexOf(encoded, key);
                byte[] tampered = encoded.clone();
                tampered[at] ^= 1;
                RatchetTree bad = RatchetTree.decode(new TlsReader(tampered));
                assertThat(bad.parentHashesValid(SUITE)).as("tampered parent %d", x).isFalse();
                return;
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("key not found in the encoded tree");
    }

    @Test
    void aTreeEndingInABlankIsRefused() {
        // Three nodes: a blank leaf, a blank parent, a blank leaf.
        assertThatThrownBy(() -> RatchetTree.decode(new TlsReader(new byte[] {3, 0, 0, 0})))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).contains("non-blank leaf"));
    }

    @Test
    void anUnmergedLeafOutsideItsParentsSubtreeIsRefused() {
        // Leaf 0 blank, parent 1 with unmerged leaf 5 (outside a two-leaf tree), leaf 2 a minimal basic leaf.
        TlsWriter nodes = new TlsWriter().uint8(0);
        nodes.uint8(1).uint8(2);
        new ParentNode(new byte[] {1}, new byte[0], List.of(5L)).encode(nodes);
        nodes.uint8(1).uint8(1);
        new LeafNode(new byte[] {2}, new byte[] {3}, new Credential.Basic(new byte[] {4}),
                new Capabilities(List.of(), List.of(), List.of(), List.of(), List.of()), new LeafNodeSource.Update(),
                List.of(), new byte[0]).encode(nodes);
        byte[] encoded = new TlsWriter().opaque(nodes.toByteArray()).toByteArray();
        assertThatThrownBy(() -> RatchetTree.decode(new TlsReader(encoded)))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("unmerged leaf 5 is not under parent node 1"));
    }

    @Test
    void anUnknownNodeTypeIsRefused() {
        assertThatThrownBy(() -> RatchetTree.decode(new TlsReader(new byte[] {2, 1, 9})))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown node type 9"));
    }
}
