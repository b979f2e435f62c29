package dev.passerelle.connector.dma.mls.schedule;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class KeyScheduleTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> keyScheduleVectors() {
        return TestVectors.suite1("key-schedule.json").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> runEpochs(c.json())));
    }

    private static void runEpochs(JsonNode v) {
        byte[] groupId = hex(v, "group_id");
        byte[] initSecret = hex(v, "initial_init_secret");
        JsonNode epochs = v.get("epochs");
        assertThat(epochs.size()).isPositive();
        for (int i = 0; i < epochs.size(); i++) {
            JsonNode e = epochs.get(i);
            GroupContext context = new GroupContext(CipherSuite.ID, groupId, i, hex(e, "tree_hash"),
                    hex(e, "confirmed_transcript_hash"), List.of());
            String at = "epoch " + i;
            assertThat(context.toBytes()).as(at).isEqualTo(hex(e, "group_context"));
            TlsReader reader = new TlsReader(hex(e, "group_context"));
            assertThat(GroupContext.decode(reader)).as(at).isEqualTo(context);
            reader.finish();

            EpochSecrets s = KeySchedule.fromInitSecret(SUITE, initSecret, hex(e, "commit_secret"),
                    hex(e, "psk_secret"), context);
            assertThat(s.joinerSecret()).as(at + " joiner").isEqualTo(hex(e, "joiner_secret"));
            assertThat(s.welcomeSecret()).as(at + " welcome").isEqualTo(hex(e, "welcome_secret"));
            assertThat(s.initSecret()).as(at + " init").isEqualTo(hex(e, "init_secret"));
            assertThat(s.senderDataSecret()).as(at + " sender data").isEqualTo(hex(e, "sender_data_secret"));
            assertThat(s.encryptionSecret()).as(at + " encryption").isEqualTo(hex(e, "encryption_secret"));
            assertThat(s.exporterSecret()).as(at + " exporter").isEqualTo(hex(e, "exporter_secret"));
            assertThat(s.epochAuthenticator()).as(at + " authenticator").isEqualTo(hex(e, "epoch_authenticator"));
            assertThat(s.externalSecret()).as(at + " external").isEqualTo(hex(e, "external_secret"));
            assertThat(s.confirmationKey()).as(at + " confirm").isEqualTo(hex(e, "confirmation_key"));
            assertThat(s.membershipKey()).as(at + " membership").isEqualTo(hex(e, "membership_key"));
            assertThat(s.resumptionPsk()).as(at + " resumption").isEqualTo(hex(e, "resumption_psk"));
            assertThat(s.externalKeyPair().publicKey()).as(at + " external pub").isEqualTo(hex(e, "external_pub"));
            JsonNode x = e.get("exporter");
            assertThat(s.export(x.get("label").asText(), hex(x, "context"), x.get("length").asInt()))
                    .as(at + " exporter").isEqualTo(hex(x, "secret"));

            // A joiner starting from the Welcome's joiner_secret reaches the same epoch.
            EpochSecrets joined = KeySchedule.fromJoinerSecret(SUITE, s.joinerSecret(), hex(e, "psk_secret"),
                    context);
            assertThat(joined.epochSecret()).as(at + " joined").isEqualTo(s.epochSecret());
            initSecret = s.initSecret();
        }
    }

    @Test
    void secretsOfTheWrongLengthAreRefused() {
        GroupContext context = new GroupContext(1, new byte[] {1}, 0, new byte[32], new byte[32], List.of());
        assertThatThrownBy(() -> KeySchedule.fromInitSecret(SUITE, new byte[31], KeySchedule.zeroSecret(),
                KeySchedule.zeroSecret(), context)).hasMessageContaining("initSecret must be 32 bytes");
    }

    @Test
    void toStringRevealsNoSecret() {
        GroupContext context = new GroupContext(1, new byte[] {1}, 0, new byte[32], new byte[32], List.of());
        EpochSecrets s = KeySchedule.fromInitSecret(SUITE, KeySchedule.zeroSecret(), KeySchedule.zeroSecret(),
                KeySchedule.zeroSecret(), context);
        assertThat(s.toString()).isEqualTo("EpochSecrets[redacted]");
    }
}
