package dev.passerelle.connector.dma.mls.tree;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class TreeKemTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> treeKemVectors() {
        return TestVectors.suite1("treekem.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> process(c.json())));
    }

    private static void process(JsonNode v) {
        TlsReader treeReader = new TlsReader(hex(v, "ratchet_tree"));
        RatchetTree tree = RatchetTree.decode(treeReader);
        treeReader.finish();

        // Private state per member, checked against the public tree.
        Map<Integer, Map<Integer, byte[]>> privateState = new HashMap<>();
        for (JsonNode leaf : v.get("leaves_private")) {
            int index = leaf.get("index").asInt();
            Map<Integer, byte[]> keys = new HashMap<>();
            byte[] leafPriv = hex(leaf, "encryption_priv");
            assertThat(SUITE.hpkePublicKey(leafPriv)).isEqualTo(tree.leaf(index).orElseThrow().encryptionKey());
            keys.put(TreeMath.leafToNode(index), leafPriv);
            for (JsonNode ps : leaf.get("path_secrets")) {
                int node = ps.get("node").asInt();
                KeyPair pair = TreeKem.nodeKeyPair(SUITE, hex(ps, "path_secret"));
                assertThat(pair.publicKey()).as("node %d", node)
                        .isEqualTo(tree.parent(node).orElseThrow().encryptionKey());
                keys.put(node, pair.privateKey());
            }
            privateState.put(index, keys);
        }

        for (JsonNode up : v.get("update_paths")) {
            int sender = up.get("sender").asInt();
            TlsReader pathReader = new TlsReader(hex(up, "update_path"));
            UpdatePath path = UpdatePath.decode(pathReader);
            pathReader.finish();
            TlsWriter reencoded = new TlsWriter();
            path.encode(reencoded);
            assertThat(reencoded.toByteArray()).isEqualTo(hex(up, "update_path"));

            RatchetTree after = tree.withUpdatePath(SUITE, sender, path);
            assertThat(after.rootHash(SUITE)).as("tree hash after sender %d", sender)
                    .isEqualTo(hex(up, "tree_hash_after"));
            assertThat(after.parentHashesValid(SUITE)).isTrue();
            assertThat(path.leafNode().verifySignature(SUITE, hex(v, "group_id"), sender)).isTrue();

            byte[] context = new GroupContext(CipherSuite.ID, hex(v, "group_id"), v.get("epoch").asLong(),
                    after.rootHash(SUITE), hex(v, "confirmed_transcript_hash"), List.of()).toBytes();
            JsonNode expectedSecrets = up.get("path_secrets");
            int checked = 0;
            for (int j = 0; j < tree.leafCount(); j++) {
                if (j == sender || tree.leaf(j).isEmpty()) {
                    continue;
                }
                TreeKem.Decrypted d = TreeKem.decrypt(SUITE, tree, sender, path, j, privateState.get(j), context);
                assertThat(d.pathSecret()).as("path secret for %d from %d", j, sender)
                        .isEqualTo(HexFormat.of().parseHex(expectedSecrets.get(j).asText()));
                assertThat(d.commitSecret()).isEqualTo(hex(up, "commit_secret"));
                checked++;
            }
            assertThat(checked).isPositive();

            // A new UpdatePath from the same sender decrypts to the same commit secret at every other member.
            JsonNode senderPrivate = null;
            for (JsonNode leaf : v.get("leaves_private")) {
                if (leaf.get("index").asInt() == sender) {
                    senderPrivate = leaf;
                }
            }
            byte[] leafSecret = SUITE.hash(hex(up, "commit_secret"));
            TreeKem.Created created = TreeKem.create(SUITE, tree, sender, leafSecret,
                    hex(senderPrivate, "signature_priv"), hex(v, "group_id"),
                    treeHash -> new GroupContext(CipherSuite.ID, hex(v, "group_id"), v.get("epoch").asLong(), treeHash,
                            hex(v, "confirmed_transcript_hash"), List.of()).toBytes());
            RatchetTree recreated = tree.withUpdatePath(SUITE, sender, created.path());
            assertThat(recreated.rootHash(SUITE)).isEqualTo(created.treeAfter().rootHash(SUITE));
            assertThat(recreated.parentHashesValid(SUITE)).isTrue();
            assertThat(created.path().leafNode().verifySignature(SUITE, hex(v, "group_id"), sender)).isTrue();
            byte[] newContext = new GroupContext(CipherSuite.ID, hex(v, "group_id"), v.get("epoch").asLong(),
                    recreated.rootHash(SUITE), hex(v, "confirmed_transcript_hash"), List.of()).toBytes();
            for (int j = 0; j < tree.leafCount(); j++) {
                if (j == sender || tree.leaf(j).isEmpty()) {
                    continue;
                }
                TreeKem.Decrypted d = TreeKem.decrypt(SUITE, tree, sender, created.path(), j, privateState.get(j),
                        newContext);
                assertThat(d.commitSecret()).as("new commit secret at %d", j).isEqualTo(created.commitSecret());
            }
        }
    }
}
