package dev.passerelle.connector.dma.mls.message;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.crypto.CryptoFailure;
import dev.passerelle.connector.dma.mls.schedule.EpochSecrets;
import dev.passerelle.connector.dma.mls.schedule.KeySchedule;
import dev.passerelle.connector.dma.mls.schedule.TranscriptHashes;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class WelcomeTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> welcomeVectors() {
        return TestVectors.suite1("welcome.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            byte[] keyPackageBytes = hex(v, "key_package");
            TlsReader kpReader = new TlsReader(keyPackageBytes);
            MlsMessage.expect(kpReader, MlsMessage.KEY_PACKAGE);
            KeyPackage keyPackage = KeyPackage.decode(kpReader);
            kpReader.finish();
            assertThat(keyPackage.verifySignature(SUITE)).as("KeyPackage signature").isTrue();
            TlsWriter kpWriter = new TlsWriter();
            MlsMessage.header(kpWriter, MlsMessage.KEY_PACKAGE);
            keyPackage.encode(kpWriter);
            assertThat(kpWriter.toByteArray()).as("KeyPackage re-encoding").isEqualTo(keyPackageBytes);

            byte[] welcomeBytes = hex(v, "welcome");
            TlsReader reader = new TlsReader(welcomeBytes);
            MlsMessage.expect(reader, MlsMessage.WELCOME);
            Welcome welcome = Welcome.decode(reader);
            reader.finish();
            TlsWriter writer = new TlsWriter();
            MlsMessage.header(writer, MlsMessage.WELCOME);
            welcome.encode(writer);
            assertThat(writer.toByteArray()).as("Welcome re-encoding").isEqualTo(welcomeBytes);

            GroupSecrets secrets = welcome.decryptGroupSecrets(SUITE, keyPackage.ref(SUITE), hex(v, "init_priv"));
            assertThat(secrets.psks()).isEmpty();
            byte[] welcomeSecret = KeySchedule.welcomeSecret(SUITE, secrets.joinerSecret(), KeySchedule.zeroSecret());
            GroupInfo info = welcome.decryptGroupInfo(SUITE, welcomeSecret);
            assertThat(info.verifySignature(SUITE, hex(v, "signer_pub"))).as("GroupInfo signature").isTrue();

            EpochSecrets epoch = KeySchedule.fromJoinerSecret(SUITE, secrets.joinerSecret(), KeySchedule.zeroSecret(),
                    info.groupContext());
            assertThat(TranscriptHashes.verifyConfirmationTag(SUITE, epoch.confirmationKey(),
                    info.groupContext().confirmedTranscriptHash(), info.confirmationTag()))
                    .as("confirmation tag").isTrue();

            assertThatThrownBy(() -> welcome.decryptGroupSecrets(SUITE, new byte[32], hex(v, "init_priv")))
                    .isInstanceOf(CryptoFailure.class).hasMessageContaining("no group secrets");
            assertThatThrownBy(() -> welcome.decryptGroupInfo(SUITE, KeySchedule.zeroSecret()))
                    .isInstanceOf(CryptoFailure.class);
        }));
    }

    @Test
    void aWelcomeEnvelopeMustSayWelcome() {
        assertThatThrownBy(() -> MlsMessage.expect(new TlsReader(new byte[] {0, 1, 0, 5}), MlsMessage.WELCOME))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("expected wire format 3, got 5"));
    }
}
