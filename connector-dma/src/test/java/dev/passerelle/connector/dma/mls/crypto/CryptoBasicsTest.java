package dev.passerelle.connector.dma.mls.crypto;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

class CryptoBasicsTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> cryptoBasicsVectors() {
        List<TestVectors.Case> cases = TestVectors.suite1("crypto-basics.json");
        return cases.stream().flatMap(c -> Stream.of(
                test(c, "ref_hash", () -> refHash(c.json().get("ref_hash"))),
                test(c, "expand_with_label", () -> expandWithLabel(c.json().get("expand_with_label"))),
                test(c, "derive_secret", () -> deriveSecret(c.json().get("derive_secret"))),
                test(c, "derive_tree_secret", () -> deriveTreeSecret(c.json().get("derive_tree_secret"))),
                test(c, "sign_with_label", () -> signWithLabel(c.json().get("sign_with_label"))),
                test(c, "encrypt_with_label", () -> encryptWithLabel(c.json().get("encrypt_with_label")))));
    }

    private static DynamicTest test(TestVectors.Case c, String part, Executable body) {
        return DynamicTest.dynamicTest(c.name() + " " + part, body);
    }

    private static void refHash(JsonNode v) {
        assertThat(SUITE.refHash(v.get("label").asText(), hex(v, "value"))).isEqualTo(hex(v, "out"));
    }

    private static void expandWithLabel(JsonNode v) {
        assertThat(SUITE.expandWithLabel(hex(v, "secret"), v.get("label").asText(), hex(v, "context"),
                v.get("length").asInt())).isEqualTo(hex(v, "out"));
    }

    private static void deriveSecret(JsonNode v) {
        assertThat(SUITE.deriveSecret(hex(v, "secret"), v.get("label").asText())).isEqualTo(hex(v, "out"));
    }

    private static void deriveTreeSecret(JsonNode v) {
        assertThat(SUITE.deriveTreeSecret(hex(v, "secret"), v.get("label").asText(), v.get("generation").asLong(),
                v.get("length").asInt())).isEqualTo(hex(v, "out"));
    }

    private static void signWithLabel(JsonNode v) {
        String label = v.get("label").asText();
        byte[] content = hex(v, "content");
        byte[] pub = hex(v, "pub");
        assertThat(SUITE.signaturePublicKey(hex(v, "priv"))).isEqualTo(pub);
        assertThat(SUITE.verifyWithLabel(pub, label, content, hex(v, "signature"))).isTrue();
        byte[] ours = SUITE.signWithLabel(hex(v, "priv"), label, content);
        assertThat(SUITE.verifyWithLabel(pub, label, content, ours)).isTrue();
        // Ed25519 is deterministic: our signature must be the vector's byte for byte.
        assertThat(ours).isEqualTo(hex(v, "signature"));
        assertThat(SUITE.verifyWithLabel(pub, label + "x", content, ours)).isFalse();
    }

    private static void encryptWithLabel(JsonNode v) {
        String label = v.get("label").asText();
        byte[] context = hex(v, "context");
        byte[] priv = hex(v, "priv");
        byte[] plaintext = hex(v, "plaintext");
        assertThat(SUITE.hpkePublicKey(priv)).isEqualTo(hex(v, "pub"));
        assertThat(SUITE.decryptWithLabel(priv, label, context, hex(v, "kem_output"), hex(v, "ciphertext")))
                .isEqualTo(plaintext);
        HpkeCiphertext ours = SUITE.encryptWithLabel(hex(v, "pub"), label, context, plaintext);
        assertThat(SUITE.decryptWithLabel(priv, label, context, ours.kemOutput(), ours.ciphertext()))
                .isEqualTo(plaintext);
        assertThatThrownBy(() -> SUITE.decryptWithLabel(priv, label, new byte[1], ours.kemOutput(),
                ours.ciphertext())).isInstanceOf(CryptoFailure.class);
    }

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        HexFormat h = HexFormat.of();
        byte[] prk = SUITE.extract(h.parseHex("000102030405060708090a0b0c"),
                h.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"));
        assertThat(h.formatHex(prk))
                .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(h.formatHex(SUITE.expand(prk, h.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void aeadRoundTripsAndRefusesTampering() {
        byte[] key = new byte[CipherSuite.NK];
        byte[] nonce = new byte[CipherSuite.NN];
        byte[] sealed = SUITE.aeadSeal(key, nonce, new byte[] {1}, new byte[] {4, 5, 6});
        assertThat(SUITE.aeadOpen(key, nonce, new byte[] {1}, sealed)).containsExactly(4, 5, 6);
        assertThatThrownBy(() -> SUITE.aeadOpen(key, nonce, new byte[] {2}, sealed))
                .isInstanceOf(CryptoFailure.class);
    }

    @Test
    void generatedSignatureKeysSignAndVerify() {
        KeyPair pair = SUITE.generateSignatureKeyPair(new SecureRandom());
        byte[] signature = SUITE.signWithLabel(pair.privateKey(), "L", new byte[] {9});
        assertThat(SUITE.verifyWithLabel(pair.publicKey(), "L", new byte[] {9}, signature)).isTrue();
        assertThat(SUITE.verifyWithLabel(pair.publicKey(), "L", new byte[] {8}, signature)).isFalse();
        assertThat(pair.toString()).doesNotContain(HexFormat.of().formatHex(pair.privateKey()));
    }

    @Test
    void deriveKeyPairIsDeterministicAndConsistent() {
        KeyPair a = SUITE.deriveKeyPair(new byte[32]);
        assertThat(SUITE.deriveKeyPair(new byte[32])).isEqualTo(a);
        assertThat(SUITE.hpkePublicKey(a.privateKey())).isEqualTo(a.publicKey());
    }

    @Test
    void malformedHpkeAndSignatureInputsAreRefusedNotThrownThrough() {
        byte[] priv = SUITE.deriveKeyPair(new byte[] {1}).privateKey();
        for (byte[] kemOutput : List.of(new byte[0], new byte[31], new byte[33])) {
            assertThatThrownBy(() -> SUITE.decryptWithLabel(priv, "L", new byte[0], kemOutput, new byte[20]))
                    .as("kem output of %d bytes", kemOutput.length).isInstanceOf(CryptoFailure.class);
        }
        assertThatThrownBy(() -> SUITE.encryptWithLabel(new byte[5], "L", new byte[0], new byte[1]))
                .isInstanceOf(CryptoFailure.class);
        // The all-zero X25519 point has small order: the shared secret would be zero, which HPKE must refuse.
        assertThatThrownBy(() -> SUITE.encryptWithLabel(new byte[32], "L", new byte[0], new byte[1]))
                .isInstanceOf(CryptoFailure.class);
        assertThatThrownBy(() -> SUITE.decryptWithLabel(priv, "L", new byte[0], new byte[32], new byte[20]))
                .isInstanceOf(CryptoFailure.class);
        KeyPair signer = SUITE.generateSignatureKeyPair(new SecureRandom());
        assertThat(SUITE.verifyWithLabel(signer.publicKey(), "L", new byte[0], new byte[63])).isFalse();
        assertThat(SUITE.verifyWithLabel(new byte[31], "L", new byte[0], new byte[64])).isFalse();
        assertThatThrownBy(() -> SUITE.signWithLabel(new byte[31], "L", new byte[0]))
                .isInstanceOf(CryptoFailure.class);
    }
}
