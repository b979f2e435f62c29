package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.Encrypted;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.InMemoryStore;
import dev.passerelle.core.store.StateChange;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The MLS states of our users, saved in the connector state store. */
class MemberStatesTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final String ROOM = "mimi://a.test/r/r1";
    private static final String BOB = "mimi://b.test/u/bob";
    private final SecureRandom random = new SecureRandom();

    @Test
    void aMessageWhoseStateCouldNotBeSavedDecryptsAgainOnceTheStoreIsBack() {
        MlsClient alice = MlsClient.generate(SUITE, "alice".getBytes(StandardCharsets.UTF_8), random);
        MlsClient bob = MlsClient.generate(SUITE, BOB.getBytes(StandardCharsets.UTF_8), random);
        long now = Instant.now().getEpochSecond();
        KeyPackageBundle bobPackage = bob.newKeyPackage(now - 60, now + 3600, false, random);
        GroupState a = GroupState.create(alice, alice.newKeyPackage(now - 60, now + 3600, false, random),
                ROOM.getBytes(StandardCharsets.UTF_8), List.of(), random);
        Committed added = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        a = added.next();
        FlakyStore store = new FlakyStore(new InMemoryStore().state());
        MemberStates states = new MemberStates(store, "dma");
        states.save(ROOM, BOB, GroupState.join(bob, bobPackage, added.welcomeMessage().get(), Map.of()));
        Encrypted hello = a.encrypt("hello".getBytes(StandardCharsets.UTF_8), new byte[0], random);

        store.down.set(true);
        assertThatThrownBy(() -> states.update(ROOM, BOB, s -> s.decrypt(hello.message()).plaintext(),
                p -> List.of(StateChange.put("kept", p)))).hasMessageContaining("database down");
        store.down.set(false);

        // The key of the message is still there: the failed save left the held state as stored.
        byte[] plaintext = states.update(ROOM, BOB, s -> s.decrypt(hello.message()).plaintext(),
                p -> List.of(StateChange.put("kept", p)));
        assertThat(new String(plaintext, StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(store.get("dma", "kept")).hasValueSatisfying(v -> assertThat(v).isEqualTo(plaintext));
        // Saved with it: a new MemberStates (a restart) finds the key used.
        assertThatThrownBy(() -> new MemberStates(store, "dma").update(ROOM, BOB,
                s -> s.decrypt(hello.message()).plaintext())).isInstanceOf(RuntimeException.class);
    }

    /** A store whose writes fail while {@link #down} is set, as the JDBC store's do while its database is down. */
    private static final class FlakyStore implements ConnectorStateStore {
        final AtomicBoolean down = new AtomicBoolean();
        private final ConnectorStateStore inner;

        FlakyStore(ConnectorStateStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<byte[]> get(String connector, String key) {
            return inner.get(connector, key);
        }

        @Override
        public void put(String connector, String key, byte[] value) {
            check();
            inner.put(connector, key, value);
        }

        @Override
        public void delete(String connector, String key) {
            check();
            inner.delete(connector, key);
        }

        @Override
        public void apply(String connector, List<StateChange> changes) {
            check();
            inner.apply(connector, changes);
        }

        @Override
        public int deleteWrittenBefore(String connector, String keyPrefix, Instant before) {
            check();
            return inner.deleteWrittenBefore(connector, keyPrefix, before);
        }

        private void check() {
            if (down.get()) {
                throw new IllegalStateException("database down");
            }
        }
    }
}
