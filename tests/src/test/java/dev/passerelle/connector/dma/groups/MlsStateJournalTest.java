package dev.passerelle.connector.dma.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StateWrite;
import dev.passerelle.core.store.StoredDelivery;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLS group state kept in a real (H2 file) store across restarts, with the generation a sent message
 * used committed by the delivery journal together with its ciphertext.
 */
class MlsStateJournalTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final byte[] GROUP_ID = "room-1".getBytes(StandardCharsets.UTF_8);
    private static final String CONNECTOR = "dma";
    private static final MimiRoomUri TARGET = new MimiRoomUri("hub.example", "lobby");

    private final SecureRandom random = new SecureRandom();
    private final LinkId link = LinkId.random();

    @TempDir
    Path dataDir;

    private JdbcStore store;
    private MlsGroups groups;
    private MlsClient alice;
    private GroupState bob;

    @BeforeEach
    void createGroup() {
        open();
        alice = MlsClient.generate(SUITE, utf8("alice"), random);
        MlsClient bobClient = MlsClient.generate(SUITE, utf8("bob"), random);
        KeyPackageBundle bobPackage = keyPackage(bobClient);
        GroupState created = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        Committed added = created.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        bob = GroupState.join(bobClient, bobPackage, added.welcomeMessage().orElseThrow(), Map.of());
        groups.saveClient(alice);
        groups.saveGroup(added.next());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRestartKeepsTheClientAndTheGroup() {
        byte[] saved = groups.loadGroup(GROUP_ID).orElseThrow().toBytes();

        restart();

        assertThat(groups.loadClient()).get().extracting(MlsClient::toBytes).isEqualTo(alice.toBytes());
        GroupState reloaded = groups.loadGroup(GROUP_ID).orElseThrow();
        assertThat(reloaded.toBytes()).isEqualTo(saved);
        assertThat(reloaded.epochAuthenticator()).isEqualTo(bob.epochAuthenticator());
        assertThat(groups.loadGroup(utf8("another room"))).isEmpty();
    }

    @Test
    void theGenerationASentMessageUsedIsCommittedWithItsCiphertext() {
        long before = nextGeneration();
        long seq = appendDelivery("m1");
        Rendered first = groups.encryptForDelivery(GROUP_ID, utf8("first"), utf8("aad"), random);

        assertThat(first.stateWrites()).singleElement().satisfies(w -> {
            assertThat(w.connector()).isEqualTo(CONNECTOR);
            assertThat(w.key()).isEqualTo(MlsGroups.groupKey(GROUP_ID));
        });
        // Rendering alone saves nothing: the journal does, atomically with the bytes.
        assertThat(nextGeneration()).isEqualTo(before);
        store.journal().write(rendered(seq, first));
        restart();

        StoredDelivery delivery = store.journal().find(seq).orElseThrow();
        assertThat(delivery.rendered()).get().extracting(Rendered::payload).isEqualTo(first.payload());
        StateWrite written = first.stateWrites().get(0);
        assertThat(store.state().get(CONNECTOR, written.key())).get().isEqualTo(written.value());
        assertThat(nextGeneration()).isEqualTo(before + 1);

        long seq2 = appendDelivery("m2");
        Rendered second = groups.encryptForDelivery(GROUP_ID, utf8("second"), utf8("aad"), random);
        store.journal().write(rendered(seq2, second));
        restart();
        assertThat(nextGeneration()).isEqualTo(before + 2);

        // The other member reads the stored ciphertexts in order; a reused generation would be refused.
        byte[] storedFirst = store.journal().find(seq).orElseThrow().rendered().orElseThrow().payload();
        byte[] storedSecond = store.journal().find(seq2).orElseThrow().rendered().orElseThrow().payload();
        assertThat(bob.decrypt(storedFirst).plaintext()).isEqualTo(utf8("first"));
        assertThat(bob.decrypt(storedSecond).plaintext()).isEqualTo(utf8("second"));
    }

    @Test
    void aRenderTheJournalNeverCommittedLeavesTheStateAsItWas() {
        long before = nextGeneration();
        long seq = appendDelivery("m1");
        // Rendered, then the process dies before the group commit: neither the bytes nor the state exist.
        groups.encryptForDelivery(GROUP_ID, utf8("lost"), utf8("aad"), random);
        restart();

        assertThat(store.journal().find(seq).orElseThrow().rendered()).isEmpty();
        assertThat(nextGeneration()).isEqualTo(before);
        // The render after the restart takes that generation; since the lost one was never sent, no one
        // holds two ciphertexts under one key and nonce, and the member reads the one that was.
        Rendered again = groups.encryptForDelivery(GROUP_ID, utf8("sent"), utf8("aad"), random);
        store.journal().write(rendered(seq, again));
        assertThat(bob.decrypt(again.payload()).plaintext()).isEqualTo(utf8("sent"));
        assertThat(nextGeneration()).isEqualTo(before + 1);
    }

    /** The generation the saved state would use next, found on a throwaway copy that is never saved. */
    private long nextGeneration() {
        return groups.loadGroup(GROUP_ID).orElseThrow().encrypt(utf8("probe"), new byte[0], random).generation();
    }

    private long appendDelivery(String originId) {
        EventId event = EventId.random();
        NativeRef origin = new NativeRef(Network.XMPP, Jid.of("lobby", "conference.example.org"), new NativeId(originId));
        JournalBatch.Append append = new JournalBatch.Append(event, origin, link,
                ("{\"id\":\"" + event + "\"}").getBytes(StandardCharsets.UTF_8),
                List.of(new JournalBatch.Target(TARGET, IdempotencyKey.derive(event, TARGET))));
        return store.journal().write(new JournalBatch(List.of(append), List.of(), List.of(), List.of(), List.of()))
                .appended().get(0)[0];
    }

    private static JournalBatch rendered(long seq, Rendered rendered) {
        return new JournalBatch(List.of(), List.of(new JournalBatch.RenderedUpdate(seq, rendered)), List.of(),
                List.of(), List.of());
    }

    private void open() {
        store = JdbcStore.open(JdbcStoreConfig.h2File(dataDir), new SimpleMeterRegistry());
        groups = new MlsGroups(store.state(), CONNECTOR);
    }

    private void restart() {
        store.close();
        open();
    }

    private KeyPackageBundle keyPackage(MlsClient client) {
        long now = Instant.now().getEpochSecond();
        return client.newKeyPackage(now - 60, now + 3600, false, random);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
