package dev.passerelle.connector.dma.mls.state;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.PassiveClientInputs;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MessageRejected;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Welcome;
import dev.passerelle.connector.dma.mls.message.WelcomeJoin;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class PassiveClientTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> passiveClientHandlingCommitVectors() {
        return TestVectors.suite1("passive-client-handling-commit.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> follow(c.json())));
    }

    @TestFactory
    Stream<DynamicTest> passiveClientRandomVectors() {
        return TestVectors.suite1("passive-client-random.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> follow(c.json())));
    }

    @TestFactory
    Stream<DynamicTest> passiveClientWelcomeVectors() {
        return TestVectors.suite1("passive-client-welcome.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> follow(c.json())));
    }

    private static void follow(JsonNode v) {
        TlsReader kpReader = new TlsReader(hex(v, "key_package"));
        MlsMessage.expect(kpReader, MlsMessage.KEY_PACKAGE);
        KeyPackage keyPackage = KeyPackage.decode(kpReader);
        kpReader.finish();
        PassiveClientInputs inputs = PassiveClientInputs.of(v);
        Welcome welcome = inputs.welcome();
        Optional<RatchetTree> tree = inputs.tree();
        Map<String, byte[]> psks = inputs.psks();

        WelcomeJoin.Joined joined = WelcomeJoin.join(SUITE, keyPackage, hex(v, "init_priv"), welcome, tree, psks);
        GroupState state = GroupState.fromWelcome(SUITE, joined, hex(v, "encryption_priv"), psks);
        assertThat(state.epochSecrets().epochAuthenticator()).isEqualTo(hex(v, "initial_epoch_authenticator"));

        int index = 0;
        for (JsonNode epoch : v.get("epochs")) {
            for (JsonNode proposal : epoch.get("proposals")) {
                state.receiveProposal(bytes(proposal));
            }
            // A commit with its last byte flipped is refused and leaves the state as it was.
            byte[] authenticatorBefore = state.epochSecrets().epochAuthenticator();
            byte[] forged = hex(epoch, "commit");
            forged[forged.length - 1] ^= 1;
            assertThatThrownBy(() -> state.receiveCommit(forged)).isInstanceOf(MessageRejected.class);
            assertThat(state.epochSecrets().epochAuthenticator()).isEqualTo(authenticatorBefore);

            state.receiveCommit(hex(epoch, "commit"));
            assertThat(state.epochSecrets().epochAuthenticator()).as("epoch %d", index)
                    .isEqualTo(hex(epoch, "epoch_authenticator"));
            index++;
        }
    }

    private static byte[] bytes(JsonNode textNode) {
        return java.util.HexFormat.of().parseHex(textNode.asText());
    }
}
