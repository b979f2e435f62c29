package dev.passerelle.connector.dma.mls.schedule;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class SecretTreeTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> secretTreeVectors() {
        return TestVectors.suite1("secret-tree.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            JsonNode sd = v.get("sender_data");
            byte[] ciphertext = hex(sd, "ciphertext");
            assertThat(SenderDataKeys.key(SUITE, hex(sd, "sender_data_secret"), ciphertext))
                    .isEqualTo(hex(sd, "key"));
            assertThat(SenderDataKeys.nonce(SUITE, hex(sd, "sender_data_secret"), ciphertext))
                    .isEqualTo(hex(sd, "nonce"));

            JsonNode leaves = v.get("leaves");
            SecretTree tree = new SecretTree(SUITE, hex(v, "encryption_secret"), leaves.size());
            for (int leaf = 0; leaf < leaves.size(); leaf++) {
                for (JsonNode g : leaves.get(leaf)) {
                    long generation = g.get("generation").asLong();
                    String at = "leaf " + leaf + " generation " + generation;
                    KeyAndNonce hs = tree.get(leaf, RatchetType.HANDSHAKE, generation);
                    assertThat(hs.key()).as(at).isEqualTo(hex(g, "handshake_key"));
                    assertThat(hs.nonce()).as(at).isEqualTo(hex(g, "handshake_nonce"));
                    KeyAndNonce app = tree.get(leaf, RatchetType.APPLICATION, generation);
                    assertThat(app.key()).as(at).isEqualTo(hex(g, "application_key"));
                    assertThat(app.nonce()).as(at).isEqualTo(hex(g, "application_nonce"));
                }
            }
        }));
    }

    private static SecretTree tree(int leaves, int maxForward, int maxSkipped) {
        return new SecretTree(SUITE, new byte[CipherSuite.NH], leaves, maxForward, maxSkipped);
    }

    @Test
    void aGenerationIsHandedOutOnce() {
        SecretTree tree = tree(2, 10, 10);
        tree.get(1, RatchetType.APPLICATION, 0);
        assertThatThrownBy(() -> tree.get(1, RatchetType.APPLICATION, 0))
                .isInstanceOf(RatchetFailure.class).hasMessageContaining("already used")
                .matches(e -> ((RatchetFailure) e).used(), "a repeat of a used generation");
    }

    @Test
    void skippedKeysServeLateMessagesWithinTheBound() {
        SecretTree reference = tree(4, 100, 100);
        KeyAndNonce three = reference.get(2, RatchetType.HANDSHAKE, 3);
        SecretTree tree = tree(4, 100, 2);
        tree.get(2, RatchetType.HANDSHAKE, 5);
        // Generations 0 to 4 were skipped; only the newest two (3 and 4) are kept.
        assertThat(tree.get(2, RatchetType.HANDSHAKE, 3)).isEqualTo(three);
        assertThatThrownBy(() -> tree.get(2, RatchetType.HANDSHAKE, 1)).isInstanceOf(RatchetFailure.class)
                .matches(e -> !((RatchetFailure) e).used(), "a key evicted unused is not called used");
    }

    @Test
    void aJumpBeyondTheForwardWindowIsRefusedAndChangesNothing() {
        SecretTree tree = tree(2, 10, 10);
        assertThatThrownBy(() -> tree.get(0, RatchetType.APPLICATION, 11))
                .isInstanceOf(RatchetFailure.class).hasMessageContaining("more than 10 ahead");
        assertThat(tree.next(0, RatchetType.APPLICATION).generation()).isZero();
        assertThatThrownBy(() -> tree.get(0, RatchetType.APPLICATION, 0xffff_ffffL + 1))
                .isInstanceOf(RatchetFailure.class);
    }

    @Test
    void sendingKeysMatchReceivingKeysInAnyLeafOrder() {
        qt().forAll(integers().between(0, 7), integers().between(0, 7), integers().between(0, 20))
                .checkAssert((first, second, generation) -> {
                    SecretTree sender = tree(8, 1000, 32);
                    sender.get(first, RatchetType.APPLICATION, 0);
                    KeyAndNonce sent = null;
                    for (int g = 0; g <= generation; g++) {
                        sent = sender.next(second, RatchetType.HANDSHAKE);
                    }
                    SecretTree receiver = tree(8, 1000, 32);
                    assertThat(receiver.get(second, RatchetType.HANDSHAKE, generation)).isEqualTo(sent);
                });
    }

    @Test
    void peekingGivesTheKeysWithoutConsumingThem() {
        SecretTree tree = tree(2, 100, 10);
        KeyAndNonce peeked = tree.peek(1, RatchetType.APPLICATION, 7);
        assertThat(tree.peek(1, RatchetType.APPLICATION, 7)).isEqualTo(peeked);
        assertThat(tree.get(1, RatchetType.APPLICATION, 7)).isEqualTo(peeked);
        assertThatThrownBy(() -> tree.peek(1, RatchetType.APPLICATION, 7)).isInstanceOf(RatchetFailure.class);
        KeyAndNonce skipped = tree.peek(1, RatchetType.APPLICATION, 3);
        assertThat(tree.get(1, RatchetType.APPLICATION, 3)).isEqualTo(skipped);
        assertThatThrownBy(() -> tree.peek(1, RatchetType.APPLICATION, 200)).isInstanceOf(RatchetFailure.class);
    }

    @Test
    void leavesOutsideTheTreeAreRefused() {
        assertThatThrownBy(() -> tree(4, 1, 1).next(4, RatchetType.HANDSHAKE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tree(3, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
