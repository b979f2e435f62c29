package dev.passerelle.connector.dma.groups;

import dev.passerelle.connector.dma.mls.state.Encrypted;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.Rendered;
import dev.passerelle.core.store.StateWrite;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One connector's MLS client identity and group states in the {@link ConnectorStateStore}, so a restart
 * keeps every group usable. Blocking, like the store: call it off the event loop.
 *
 * <p>Not safe for two concurrent renders of the same group: each loads the same state and would use the
 * same generation. The caller renders one delivery of a group at a time.
 */
public final class MlsGroups {

    /** The state key of the client identity. */
    public static final String CLIENT_KEY = "mls-client";

    private static final String GROUP_KEY_PREFIX = "mls-group/";

    private final ConnectorStateStore store;
    private final String connector;

    /** Keeps the entries of {@code connector} in {@code store}. */
    public MlsGroups(ConnectorStateStore store, String connector) {
        if (store == null) {
            throw new IllegalArgumentException("connector state store must not be null");
        }
        if (connector == null || connector.isEmpty() || connector.length() > StateWrite.MAX_CONNECTOR_LENGTH) {
            throw new IllegalArgumentException("connector name must be 1 to " + StateWrite.MAX_CONNECTOR_LENGTH
                    + " characters, got " + connector);
        }
        this.store = store;
        this.connector = connector;
    }

    /** The state key of the group {@code groupId}: its id in lower-case hex, as ids are arbitrary bytes. */
    public static String groupKey(byte[] groupId) {
        if (groupId == null) {
            throw new IllegalArgumentException("group id must not be null");
        }
        return GROUP_KEY_PREFIX + HexFormat.of().formatHex(groupId);
    }

    public void saveClient(MlsClient client) {
        if (client == null) {
            throw new IllegalArgumentException("client must not be null");
        }
        store.put(connector, CLIENT_KEY, client.toBytes());
    }

    public Optional<MlsClient> loadClient() {
        return store.get(connector, CLIENT_KEY).map(MlsClient::fromBytes);
    }

    /**
     * Saves a group's state now, under its group id. For changes that are not tied to a delivery (a
     * create, a join, a commit, a received message); a sent message's state goes through
     * {@link #encryptForDelivery} instead.
     */
    public void saveGroup(GroupState state) {
        if (state == null) {
            throw new IllegalArgumentException("group state must not be null");
        }
        store.put(connector, groupKey(state.groupContext().groupId()), state.toBytes());
    }

    public Optional<GroupState> loadGroup(byte[] groupId) {
        return store.get(connector, groupKey(groupId)).map(GroupState::fromBytes);
    }

    /**
     * Encrypts an application message for a delivery from the group's saved state. The advanced state
     * (its sender ratchet moved past the generation this ciphertext used) is NOT saved here: it is the
     * result's one {@link StateWrite}, which the delivery journal commits in the same transaction as the
     * ciphertext. So either both become durable, and retries resend the stored ciphertext, or neither does,
     * and the next render uses the same generation for a message no one has received: a key and nonce
     * never protect two different ciphertexts that were both sent.
     *
     * @throws IllegalStateException if no state is saved for the group
     */
    public Rendered encryptForDelivery(byte[] groupId, byte[] plaintext, byte[] aad, SecureRandom random) {
        String key = groupKey(groupId);
        GroupState state = store.get(connector, key).map(GroupState::fromBytes)
                .orElseThrow(() -> new IllegalStateException("no saved state for MLS group " + key));
        Encrypted encrypted = state.encrypt(plaintext, aad, random);
        return new Rendered(encrypted.message(), List.of(new StateWrite(connector, key, state.toBytes())));
    }

    @Override
    public String toString() {
        return "MlsGroups[" + connector + "]";
    }
}
