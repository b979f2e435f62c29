package dev.passerelle.connector.dma.mls.message;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.PassiveClientInputs;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class PassiveClientWelcomeTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> passiveClientWelcomeVectors() {
        return TestVectors.suite1("passive-client-welcome.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c.json())));
    }

    private static void check(JsonNode v) {
        assertThat(v.get("epochs").size()).as("this file has no epochs to follow").isZero();
        TlsReader kpReader = new TlsReader(hex(v, "key_package"));
        MlsMessage.expect(kpReader, MlsMessage.KEY_PACKAGE);
        KeyPackage keyPackage = KeyPackage.decode(kpReader);
        kpReader.finish();
        assertThat(SUITE.signaturePublicKey(hex(v, "signature_priv")))
                .isEqualTo(keyPackage.leafNode().signatureKey());
        assertThat(SUITE.hpkePublicKey(hex(v, "encryption_priv"))).isEqualTo(keyPackage.leafNode().encryptionKey());
        assertThat(SUITE.hpkePublicKey(hex(v, "init_priv"))).isEqualTo(keyPackage.initKey());

        PassiveClientInputs inputs = PassiveClientInputs.of(v);
        Welcome welcome = inputs.welcome();
        Optional<RatchetTree> tree = inputs.tree();
        Map<String, byte[]> psks = inputs.psks();

        WelcomeJoin.Joined joined = WelcomeJoin.join(SUITE, keyPackage, hex(v, "init_priv"), welcome, tree, psks);
        assertThat(joined.epochSecrets().epochAuthenticator()).isEqualTo(hex(v, "initial_epoch_authenticator"));

        if (!psks.isEmpty()) {
            Optional<RatchetTree> sameTree = tree;
            assertThatThrownBy(() -> WelcomeJoin.join(SUITE, keyPackage, hex(v, "init_priv"), welcome, sameTree,
                    Map.of())).isInstanceOf(MessageRejected.class).hasMessageContaining("unknown external PSK");
        }
        assertThatThrownBy(() -> WelcomeJoin.join(SUITE, keyPackage, hex(v, "encryption_priv"), welcome,
                Optional.empty(), psks)).isInstanceOf(MessageRejected.class);
    }
}
