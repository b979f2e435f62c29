package dev.passerelle.connector.dma.mls.interop;

import static dev.passerelle.connector.dma.mls.interop.TsMlsPeer.bytes;
import static dev.passerelle.connector.dma.mls.interop.TsMlsPeer.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MessageRejected;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.Encrypted;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.mls.state.Received;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passerelle's MLS against ts-mls 1.6.4 run as a separate process: Welcomes, commits and application messages
 * made by one implementation are accepted by the other, and both derive the same epoch secrets. With
 * {@code restart} the Passerelle side is written and read back through its durable form between every two steps.
 */
class TsMlsInteropIT {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final String EXPORT_LABEL = "passerelle interop";
    private static final byte[] EXPORT_CONTEXT = utf8("context");

    private final SecureRandom random = new SecureRandom();
    private TsMlsPeer peer;

    @BeforeEach
    void startPeer() throws Exception {
        peer = TsMlsPeer.start();
    }

    @AfterEach
    void stopPeer() throws Exception {
        if (peer != null) {
            peer.close();
        }
    }

    /** The Passerelle member: its client, its KeyPackage and, once in a group, its state. */
    private final class Side {
        private final boolean restarts;
        MlsClient client;
        KeyPackageBundle bundle;
        GroupState state;

        Side(String name, boolean restarts) {
            this.restarts = restarts;
            client = MlsClient.generate(SUITE, utf8(name), random);
            long now = Instant.now().getEpochSecond();
            bundle = client.newKeyPackage(now - 3600, now + 86_400, false, random);
            step();
        }

        // What a restarted process has: only what toBytes wrote.
        void step() {
            if (!restarts) {
                return;
            }
            client = MlsClient.fromBytes(client.toBytes());
            bundle = KeyPackageBundle.fromBytes(bundle.toBytes());
            if (state != null) {
                state = GroupState.fromBytes(state.toBytes());
            }
        }

        Committed commit(List<KeyPackage> adds, List<Integer> removes, int wireFormat) {
            Committed committed = state.commit(adds, removes, wireFormat, random);
            step();
            return committed;
        }

        void accept(Committed committed) {
            state = committed.next();
            step();
        }

        void receiveCommit(byte[] commit) {
            long before = state.epochNumber();
            assertThat(state.receiveCommit(commit)).isEmpty();
            assertThat(state.epochNumber()).isEqualTo(before + 1);
            step();
        }

        byte[] encrypt(String text) {
            Encrypted encrypted = state.encrypt(utf8(text), utf8("aad:" + text), random);
            step();
            return encrypted.message();
        }

        Received decrypt(byte[] message) {
            Received received = state.decrypt(message);
            step();
            return received;
        }
    }

    // Scenario 1: Passerelle creates the group and adds a ts-mls client, which joins from the Welcome alone.
    @ParameterizedTest(name = "restart between steps: {0}")
    @ValueSource(booleans = {false, true})
    void tsMlsJoinsAGroupPasserelleCreated(boolean restart) {
        Side alice = new Side("alice", restart);
        byte[] groupId = utf8("passerelle-group-" + restart);
        alice.state = GroupState.create(alice.client, alice.bundle, groupId, List.of(), random);
        alice.step();

        KeyPackage bob = keyPackageOf("bob");
        Committed add = alice.commit(List.of(bob), List.of(), MlsMessage.PRIVATE_MESSAGE);
        assertThat(add.welcomeMessage()).isPresent();
        alice.accept(add);
        JsonNode joined = peer.call(peer.request("join", "bob")
                .put("welcome", hex(add.welcomeMessage().orElseThrow())).putNull("ratchetTree"));
        assertThat(joined.get("epoch").asLong()).isEqualTo(alice.state.epochNumber());
        assertThat(joined.get("leafIndex").asInt()).isEqualTo(1);
        assertThat(bytes(joined, "groupId")).isEqualTo(groupId);
        assertAgree(alice, "bob");
        assertMembers("bob", "alice", "bob");

        exchange(alice, "bob", 0, 1);

        // An empty commit from each side: UpdatePaths made by one implementation are decrypted by the other.
        Committed update = alice.commit(List.of(), List.of(), MlsMessage.PUBLIC_MESSAGE);
        assertProcessedCommit("bob", update.commitMessage(), false);
        alice.accept(update);
        assertAgree(alice, "bob");
        exchange(alice, "bob", 0, 1);

        JsonNode bobUpdate = peer.call(peer.request("commit", "bob"));
        alice.receiveCommit(bytes(bobUpdate, "commit"));
        assertAgree(alice, "bob");
        exchange(alice, "bob", 0, 1);

        // A KeyPackage whose capabilities carry GREASE values (RFC 9420 section 13.5) is accepted too; bob follows
        // the add and carol joins from Passerelle's Welcome.
        KeyPackage carol = keyPackageOf(peer.request("keyPackage", "carol").put("grease", true));
        Committed addCarol = alice.commit(List.of(carol), List.of(), MlsMessage.PRIVATE_MESSAGE);
        assertProcessedCommit("bob", addCarol.commitMessage(), false);
        alice.accept(addCarol);
        JsonNode carolJoined = peer.call(peer.request("join", "carol")
                .put("welcome", hex(addCarol.welcomeMessage().orElseThrow())).putNull("ratchetTree"));
        assertThat(carolJoined.get("leafIndex").asInt()).isEqualTo(2);
        assertAgree(alice, "bob", "carol");
        assertMembers("carol", "alice", "bob", "carol");
        exchange(alice, "bob", 0, 1);
        exchange(alice, "carol", 0, 2);
    }

    // Scenario 2: ts-mls creates the group and adds Passerelle; members come and go on both sides' commits.
    @ParameterizedTest(name = "restart between steps: {0}")
    @ValueSource(booleans = {false, true})
    void passerelleJoinsAGroupTsMlsCreatedAndFollowsItsCommits(boolean restart) {
        byte[] groupId = utf8("ts-mls-group-" + restart);
        peer.call(peer.request("createGroup", "alice").put("groupId", hex(groupId)));
        Side gateway = new Side("passerelle", restart);

        ObjectNode addGateway = peer.request("addMembers", "alice").put("ratchetTreeExtension", true);
        addGateway.putArray("keyPackages").add(hex(keyPackageMessage(gateway.bundle.keyPackage())));
        JsonNode added = peer.call(addGateway);
        assertThat(added.get("ratchetTree").isNull()).isTrue();
        gateway.state = GroupState.join(gateway.client, gateway.bundle, bytes(added, "welcome"), Map.of());
        gateway.step();
        assertThat(gateway.state.ownLeaf()).isEqualTo(1);
        assertThat(gateway.state.groupContext().groupId()).isEqualTo(groupId);
        assertAgree(gateway, "alice");
        exchange(gateway, "alice", 1, 0);

        // ts-mls adds carol (a PrivateMessage commit); Passerelle follows.
        ObjectNode addCarol = peer.request("addMembers", "alice").put("ratchetTreeExtension", true);
        addCarol.putArray("keyPackages").add(hex(keyPackageMessage(keyPackageOf("carol"))));
        JsonNode carolAdded = peer.call(addCarol);
        gateway.receiveCommit(bytes(carolAdded, "commit"));
        JsonNode carolJoined = peer.call(peer.request("join", "carol")
                .put("welcome", carolAdded.get("welcome").asText()).putNull("ratchetTree"));
        int carolLeaf = carolJoined.get("leafIndex").asInt();
        assertThat(carolLeaf).isEqualTo(2);
        assertAgree(gateway, "alice", "carol");
        assertMembers("alice", "alice", "passerelle", "carol");
        exchange(gateway, "alice", 1, 0);
        exchange(gateway, "carol", 1, carolLeaf);

        // ts-mls removes carol, this time as a PublicMessage; Passerelle follows.
        ObjectNode removeCarol = peer.request("removeMembers", "alice").put("publicMessage", true);
        removeCarol.putArray("leafIndexes").add(carolLeaf);
        JsonNode carolRemoved = peer.call(removeCarol);
        gateway.receiveCommit(bytes(carolRemoved, "commit"));
        assertAgree(gateway, "alice");
        assertMembers("alice", "alice", "passerelle");
        exchange(gateway, "alice", 1, 0);

        // Passerelle adds dave (PrivateMessage commit): alice processes it and dave joins from Passerelle's Welcome.
        Committed addDave = gateway.commit(List.of(keyPackageOf("dave")), List.of(), MlsMessage.PRIVATE_MESSAGE);
        assertProcessedCommit("alice", addDave.commitMessage(), false);
        gateway.accept(addDave);
        JsonNode daveJoined = peer.call(peer.request("join", "dave")
                .put("welcome", hex(addDave.welcomeMessage().orElseThrow())).putNull("ratchetTree"));
        int daveLeaf = daveJoined.get("leafIndex").asInt();
        assertAgree(gateway, "alice", "dave");
        assertMembers("dave", "alice", "passerelle", "dave");
        exchange(gateway, "alice", 1, 0);
        exchange(gateway, "dave", 1, daveLeaf);

        // Passerelle removes dave (PublicMessage commit with an UpdatePath): alice follows, dave learns he is out.
        Committed removeDave = gateway.commit(List.of(), List.of(daveLeaf), MlsMessage.PUBLIC_MESSAGE);
        assertProcessedCommit("alice", removeDave.commitMessage(), false);
        assertProcessedCommit("dave", removeDave.commitMessage(), true);
        gateway.accept(removeDave);
        assertAgree(gateway, "alice");
        assertMembers("alice", "alice", "passerelle");
        exchange(gateway, "alice", 1, 0);
    }

    // Scenario 3: anything altered on the way is refused with MessageRejected and the group goes on.
    @ParameterizedTest(name = "restart between steps: {0}")
    @ValueSource(booleans = {false, true})
    void corruptedMessagesAndCommitsAreRefusedAndTheGroupGoesOn(boolean restart) {
        byte[] groupId = utf8("corruption-" + restart);
        peer.call(peer.request("createGroup", "alice").put("groupId", hex(groupId)));
        Side gateway = new Side("passerelle", restart);
        ObjectNode addGateway = peer.request("addMembers", "alice").put("ratchetTreeExtension", true);
        addGateway.putArray("keyPackages").add(hex(keyPackageMessage(gateway.bundle.keyPackage())));
        JsonNode added = peer.call(addGateway);

        byte[] welcome = bytes(added, "welcome");
        byte[] badWelcome = flip(welcome, welcome.length - 1);
        assertThatThrownBy(() -> GroupState.join(gateway.client, gateway.bundle, badWelcome, Map.of()))
                .isInstanceOf(MessageRejected.class);
        gateway.state = GroupState.join(gateway.client, gateway.bundle, welcome, Map.of());
        gateway.step();

        // An application message altered in its ciphertext, then in its header.
        byte[] message = bytes(peer.call(peer.request("encrypt", "alice").put("plaintext", hex(utf8("hello")))),
                "message");
        for (int at : new int[] {message.length - 1, message.length / 2, 6}) {
            byte[] altered = flip(message, at);
            assertThatThrownBy(() -> gateway.state.decrypt(altered))
                    .as("byte %d flipped", at).isInstanceOf(MessageRejected.class);
            gateway.step();
        }
        Received received = gateway.decrypt(message);
        assertThat(received.plaintext()).isEqualTo(utf8("hello"));
        assertThat(received.sender()).isZero();

        // A PrivateMessage commit and a PublicMessage commit, each altered; the originals still apply.
        for (boolean publicMessage : new boolean[] {false, true}) {
            JsonNode commit = peer.call(peer.request("commit", "alice").put("publicMessage", publicMessage));
            byte[] commitMessage = bytes(commit, "commit");
            long epoch = gateway.state.epochNumber();
            for (int at : new int[] {commitMessage.length - 1, commitMessage.length / 2}) {
                byte[] altered = flip(commitMessage, at);
                assertThatThrownBy(() -> gateway.state.receiveCommit(altered))
                        .as("byte %d flipped (public: %s)", at, publicMessage)
                        .isInstanceOf(MessageRejected.class);
                assertThat(gateway.state.epochNumber()).isEqualTo(epoch);
                gateway.step();
            }
            gateway.receiveCommit(commitMessage);
            assertAgree(gateway, "alice");
            exchange(gateway, "alice", 1, 0);
        }

        // ts-mls refuses Passerelle's altered output in turn, and takes the original afterwards.
        byte[] outgoing = gateway.encrypt("from passerelle");
        JsonNode refused = peer.callExpectingError(peer.request("process", "alice")
                .put("message", hex(flip(outgoing, outgoing.length - 1))));
        assertThat(refused.get("ok").asBoolean()).isFalse();
        JsonNode processed = peer.call(peer.request("process", "alice").put("message", hex(outgoing)));
        assertThat(bytes(processed, "plaintext")).isEqualTo(utf8("from passerelle"));
    }

    private KeyPackage keyPackageOf(String client) {
        return keyPackageOf(peer.request("keyPackage", client));
    }

    private KeyPackage keyPackageOf(ObjectNode keyPackageRequest) {
        byte[] message = bytes(peer.call(keyPackageRequest), "keyPackage");
        TlsReader reader = new TlsReader(message);
        MlsMessage.expect(reader, MlsMessage.KEY_PACKAGE);
        KeyPackage keyPackage = KeyPackage.decode(reader);
        reader.finish();
        assertThat(keyPackage.verifySignature(SUITE)).isTrue();
        return keyPackage;
    }

    private static byte[] keyPackageMessage(KeyPackage keyPackage) {
        TlsWriter writer = new TlsWriter();
        MlsMessage.header(writer, MlsMessage.KEY_PACKAGE);
        keyPackage.encode(writer);
        return writer.toByteArray();
    }

    // Messages both ways between the Passerelle side (leaf gatewayLeaf) and a ts-mls client (leaf peerLeaf).
    private void exchange(Side gateway, String client, int gatewayLeaf, int peerLeaf) {
        String out = "to " + client + " in epoch " + gateway.state.epochNumber();
        JsonNode processed = peer.call(peer.request("process", client).put("message", hex(gateway.encrypt(out))));
        assertThat(processed.get("kind").asText()).isEqualTo("application");
        assertThat(bytes(processed, "plaintext")).isEqualTo(utf8(out));

        String in = "from " + client + " in epoch " + gateway.state.epochNumber();
        JsonNode encrypted = peer.call(peer.request("encrypt", client).put("plaintext", hex(utf8(in)))
                .put("authenticatedData", hex(utf8("aad:" + in))));
        Received received = gateway.decrypt(bytes(encrypted, "message"));
        assertThat(received.plaintext()).isEqualTo(utf8(in));
        assertThat(received.authenticatedData()).isEqualTo(utf8("aad:" + in));
        assertThat(received.sender()).isEqualTo(peerLeaf);
        assertThat(gateway.state.ownLeaf()).isEqualTo(gatewayLeaf);
    }

    private void assertProcessedCommit(String client, byte[] commit, boolean removed) {
        JsonNode processed = peer.call(peer.request("process", client).put("message", hex(commit)));
        assertThat(processed.get("kind").asText()).isEqualTo("commit");
        assertThat(processed.get("removed").asBoolean()).isEqualTo(removed);
    }

    // Same epoch, GroupContext, epoch authenticator and exporter output on Passerelle's side and each ts-mls client.
    private void assertAgree(Side gateway, String... clients) {
        GroupState state = gateway.state;
        for (String client : clients) {
            JsonNode context = peer.call(peer.request("groupContext", client));
            assertThat(context.get("epoch").asLong()).as(client + " epoch").isEqualTo(state.epochNumber());
            assertThat(bytes(context, "groupId")).isEqualTo(state.groupContext().groupId());
            assertThat(bytes(context, "treeHash")).as(client + " tree hash")
                    .isEqualTo(state.groupContext().treeHash());
            assertThat(bytes(context, "confirmedTranscriptHash")).as(client + " confirmed transcript hash")
                    .isEqualTo(state.groupContext().confirmedTranscriptHash());
            JsonNode authenticator = peer.call(peer.request("epochAuthenticator", client));
            assertThat(bytes(authenticator, "epochAuthenticator")).as(client + " epoch authenticator")
                    .isEqualTo(state.epochAuthenticator());
            JsonNode secret = peer.call(peer.request("exportSecret", client).put("label", EXPORT_LABEL)
                    .put("context", hex(EXPORT_CONTEXT)).put("length", 42));
            assertThat(bytes(secret, "secret")).as(client + " exported secret")
                    .isEqualTo(state.export(EXPORT_LABEL, EXPORT_CONTEXT, 42));
        }
    }

    private void assertMembers(String client, String... identities) {
        JsonNode members = peer.call(peer.request("members", client)).get("members");
        assertThat(members).extracting(m -> m.get("identity").asText()).containsExactly(identities);
    }

    private static byte[] flip(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
