package dev.passerelle.connector.dma.mls.message;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TreeOperationsTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> treeOperationVectors() {
        return TestVectors.suite1("tree-operations.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            RatchetTree before = decodeTree(hex(v, "tree_before"));
            assertThat(before.rootHash(SUITE)).isEqualTo(hex(v, "tree_hash_before"));

            byte[] proposalBytes = hex(v, "proposal");
            TlsReader reader = new TlsReader(proposalBytes);
            Proposal proposal = Proposal.decode(reader);
            reader.finish();
            TlsWriter reencoded = new TlsWriter();
            proposal.encode(reencoded);
            assertThat(reencoded.toByteArray()).as("proposal re-encoding").isEqualTo(proposalBytes);

            int sender = v.get("proposal_sender").asInt();
            RatchetTree after = apply(before, proposal, sender);
            TlsWriter writer = new TlsWriter();
            after.encode(writer);
            assertThat(writer.toByteArray()).as("tree after").isEqualTo(hex(v, "tree_after"));
            assertThat(after.rootHash(SUITE)).isEqualTo(hex(v, "tree_hash_after"));
            // The tree before is untouched: operations return a new tree.
            assertThat(before.rootHash(SUITE)).isEqualTo(hex(v, "tree_hash_before"));
        }));
    }

    private static RatchetTree apply(RatchetTree tree, Proposal proposal, int sender) {
        if (proposal instanceof Proposal.Add add) {
            return tree.withAdded(add.keyPackage().leafNode());
        }
        if (proposal instanceof Proposal.Update update) {
            return tree.withUpdated(sender, update.leafNode());
        }
        if (proposal instanceof Proposal.Remove remove) {
            return tree.withRemoved((int) remove.removed());
        }
        throw new AssertionError("unexpected proposal " + proposal);
    }

    private static RatchetTree decodeTree(byte[] bytes) {
        TlsReader reader = new TlsReader(bytes);
        RatchetTree tree = RatchetTree.decode(reader);
        reader.finish();
        return tree;
    }

    @Test
    void unknownProposalTypesAreCarriedWithTheirType() {
        assertThat(Proposal.decode(new TlsReader(new byte[] {0x0a, 0x0a, 0})))
                .isEqualTo(new Proposal.Custom(2570, new byte[0]));
    }

    @Test
    void onlyMembersCanBeUpdatedOrRemoved() {
        RatchetTree tree = decodeTree(hex(TestVectors.suite1("tree-operations.json").get(0).json(), "tree_before"));
        int blank = tree.nextAddIndex();
        if (blank < tree.leafCount()) {
            assertThatThrownBy(() -> tree.withRemoved(blank)).hasMessage("no member at leaf " + blank);
        }
        assertThatThrownBy(() -> tree.withRemoved(tree.leafCount())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree.withRemoved(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
