package dev.passerelle.connector.dma.mls.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupStateCodecTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @Test
    void anyStateReachedByMessagesAndCommitsRoundTripsToTheSameBytesAndKeepsWorking() {
        SecureRandom random = new SecureRandom();
        long now = Instant.now().getEpochSecond();
        // Each step: 0..2 = that member sends an application message to the others, 3 = a member commits.
        qt().withExamples(15).forAll(lists().of(integers().between(0, 3)).ofSizeBetween(0, 12)).checkAssert(steps -> {
            MlsClient[] clients = new MlsClient[3];
            KeyPackageBundle[] packages = new KeyPackageBundle[3];
            for (int i = 0; i < 3; i++) {
                clients[i] = MlsClient.generate(SUITE, ("member" + i).getBytes(StandardCharsets.UTF_8), random);
                packages[i] = clients[i].newKeyPackage(now - 60, now + 600, false, random);
            }
            GroupState[] members = new GroupState[3];
            members[0] = GroupState.create(clients[0], packages[0], new byte[] {7}, List.of(), random);
            Committed added = members[0].commit(List.of(packages[1].keyPackage(), packages[2].keyPackage()),
                    List.of(), random);
            members[0] = added.next();
            members[1] = GroupState.join(clients[1], packages[1], added.welcomeMessage().get(), Map.of());
            members[2] = GroupState.join(clients[2], packages[2], added.welcomeMessage().get(), Map.of());
            int turn = 0;
            for (int step : steps) {
                if (step < 3) {
                    byte[] message = members[step].encrypt(new byte[] {(byte) turn}, new byte[0], random).message();
                    for (int other = 0; other < 3; other++) {
                        if (other != step) {
                            assertThat(members[other].decrypt(message).plaintext()).containsExactly((byte) turn);
                        }
                    }
                } else {
                    int committer = turn % 3;
                    Committed committed = members[committer].commit(List.of(), List.of(), random);
                    for (int other = 0; other < 3; other++) {
                        if (other != committer) {
                            members[other].receiveCommit(committed.commitMessage());
                        }
                    }
                    members[committer] = committed.next();
                }
                for (int i = 0; i < 3; i++) {
                    byte[] stored = members[i].toBytes();
                    members[i] = GroupState.fromBytes(stored);
                    assertThat(members[i].toBytes()).isEqualTo(stored);
                }
                turn++;
            }
            for (int i = 1; i < 3; i++) {
                assertThat(members[i].epochAuthenticator()).isEqualTo(members[0].epochAuthenticator());
            }
        });
    }
}
