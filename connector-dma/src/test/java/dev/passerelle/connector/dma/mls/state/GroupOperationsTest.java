package dev.passerelle.connector.dma.mls.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.group.GroupContext;
import dev.passerelle.connector.dma.mls.message.MessageRejected;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.PublicMessage;
import dev.passerelle.connector.dma.mls.tree.UpdatePath;
import dev.passerelle.connector.dma.mls.message.Proposal;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GroupOperationsTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    private static final byte[] GROUP_ID = "room-1".getBytes(StandardCharsets.UTF_8);
    private final SecureRandom random = new SecureRandom();

    private MlsClient client(String name) {
        return MlsClient.generate(SUITE, name.getBytes(StandardCharsets.UTF_8), random);
    }

    private KeyPackageBundle keyPackage(MlsClient client) {
        long now = Instant.now().getEpochSecond();
        return client.newKeyPackage(now - 60, now + 3600, false, random);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // The durable path: what a restarted process reads back from the store.
    private static GroupState restart(GroupState state) {
        return GroupState.fromBytes(state.toBytes());
    }

    private void exchange(GroupState from, String text, GroupState... to) {
        Encrypted encrypted = from.encrypt(utf8(text), utf8("aad"), random);
        for (GroupState receiver : to) {
            Received received = receiver.decrypt(encrypted.message());
            assertThat(received.plaintext()).isEqualTo(utf8(text));
            assertThat(received.authenticatedData()).isEqualTo(utf8("aad"));
            assertThat(received.sender()).isEqualTo(from.ownLeaf());
        }
    }

    private static void assertAgree(GroupState... members) {
        for (GroupState member : members) {
            assertThat(member.epochNumber()).isEqualTo(members[0].epochNumber());
            assertThat(member.groupContext()).isEqualTo(members[0].groupContext());
            assertThat(member.epochAuthenticator()).isEqualTo(members[0].epochAuthenticator());
            assertThat(member.export("test", utf8("ctx"), 32))
                    .isEqualTo(members[0].export("test", utf8("ctx"), 32));
        }
    }

    @ParameterizedTest(name = "restart between steps: {0}")
    @ValueSource(booleans = {false, true})
    void createAddMessageRemoveAddAgain(boolean restarts) {
        UnaryOperator<GroupState> step = restarts ? GroupOperationsTest::restart : s -> s;
        UnaryOperator<MlsClient> clientStep = restarts ? c -> MlsClient.fromBytes(c.toBytes()) : c -> c;
        UnaryOperator<KeyPackageBundle> bundleStep = restarts ? k -> KeyPackageBundle.fromBytes(k.toBytes())
                : k -> k;
        MlsClient alice = clientStep.apply(client("alice"));
        MlsClient bob = clientStep.apply(client("bob"));
        MlsClient carol = clientStep.apply(client("carol"));
        KeyPackageBundle bobPackage = bundleStep.apply(keyPackage(bob));
        KeyPackageBundle carolPackage = bundleStep.apply(keyPackage(carol));

        GroupState a = step.apply(GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random));
        assertThat(a.epochNumber()).isZero();
        exchange(a, "alone");

        Committed added = a.commit(List.of(bobPackage.keyPackage(), carolPackage.keyPackage()), List.of(), random);
        assertThat(added.welcomeMessage()).isPresent();
        a = step.apply(added.next());
        GroupState b = step.apply(GroupState.join(bob, bobPackage, added.welcomeMessage().get(), Map.of()));
        GroupState c = step.apply(GroupState.join(carol, carolPackage, added.welcomeMessage().get(), Map.of()));
        assertThat(b.ownLeaf()).isEqualTo(1);
        assertThat(c.ownLeaf()).isEqualTo(2);
        assertAgree(a, b, c);
        assertThat(a.epochNumber()).isEqualTo(1);

        exchange(a, "hello from alice", b, c);
        a = step.apply(a);
        b = step.apply(b);
        c = step.apply(c);
        exchange(b, "hello from bob", a, c);
        a = step.apply(a);
        b = step.apply(b);
        c = step.apply(c);
        exchange(c, "hello from carol", a, b);
        a = step.apply(a);
        b = step.apply(b);
        c = step.apply(c);

        Committed removal = b.commit(List.of(), List.of(2), random);
        assertThat(removal.welcomeMessage()).isEmpty();
        b = step.apply(removal.next());
        a.receiveCommit(removal.commitMessage());
        a = step.apply(a);
        GroupState removedCarol = c;
        assertThatThrownBy(() -> removedCarol.receiveCommit(removal.commitMessage()))
                .isInstanceOf(MessageRejected.class).hasMessageContaining("removed");
        assertAgree(a, b);
        assertThat(a.epochNumber()).isEqualTo(2);
        // Removing the last member halves the tree.
        assertThat(a.tree().leafCount()).isEqualTo(2);
        exchange(a, "without carol", b);
        exchange(b, "indeed", a);
        a = step.apply(a);
        b = step.apply(b);

        // A PublicMessage commit filling the blank leaf; the joiner sits under parents with unmerged leaves.
        MlsClient dave = clientStep.apply(client("dave"));
        KeyPackageBundle davePackage = bundleStep.apply(keyPackage(dave));
        Committed daveAdded = a.commit(List.of(davePackage.keyPackage()), List.of(), MlsMessage.PUBLIC_MESSAGE,
                random);
        a = step.apply(daveAdded.next());
        b.receiveCommit(daveAdded.commitMessage());
        b = step.apply(b);
        GroupState d = step.apply(GroupState.join(dave, davePackage, daveAdded.welcomeMessage().get(), Map.of()));
        assertThat(d.ownLeaf()).isEqualTo(2);
        assertAgree(a, b, d);
        exchange(d, "hi from dave", a, b);
        exchange(b, "welcome dave", a, d);

        // And a commit by the newcomer, with a path encrypted to everyone.
        Committed byDave = d.commit(List.of(), List.of(1), random);
        d = step.apply(byDave.next());
        a.receiveCommit(byDave.commitMessage());
        assertAgree(a, d);
        exchange(a, "two of us", d);
    }

    @Test
    void tamperedCommitIsRefusedAndChangesNothing() {
        MlsClient alice = client("alice");
        MlsClient bob = client("bob");
        KeyPackageBundle bobPackage = keyPackage(bob);
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        Committed added = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        a = added.next();
        GroupState b = GroupState.join(bob, bobPackage, added.welcomeMessage().get(), Map.of());

        for (int wireFormat : new int[] {MlsMessage.PUBLIC_MESSAGE, MlsMessage.PRIVATE_MESSAGE}) {
            Committed next = a.commit(List.of(), List.of(), wireFormat, random);
            GroupContext before = b.groupContext();
            byte[] authenticator = b.epochAuthenticator();
            byte[] commit = next.commitMessage();
            for (int position : new int[] {commit.length - 1, commit.length / 2, 30}) {
                byte[] tampered = commit.clone();
                tampered[position] ^= 0x01;
                GroupState receiver = b;
                assertThatThrownBy(() -> receiver.receiveCommit(tampered)).isInstanceOf(MessageRejected.class);
                // Lazily derived secret-tree nodes aside, nothing moved: same epoch, and the genuine commit applies.
                assertThat(b.groupContext()).isEqualTo(before);
                assertThat(b.epochAuthenticator()).isEqualTo(authenticator);
            }
            b.receiveCommit(commit);
            a = next.next();
            assertAgree(a, b);
        }
    }

    @Test
    void tamperedWelcomeIsRefused() {
        MlsClient alice = client("alice");
        MlsClient bob = client("bob");
        KeyPackageBundle bobPackage = keyPackage(bob);
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        byte[] welcome = a.commit(List.of(bobPackage.keyPackage()), List.of(), random).welcomeMessage().get();
        for (int position : new int[] {welcome.length - 1, welcome.length - 40, 10, 2}) {
            byte[] tampered = welcome.clone();
            tampered[position] ^= 0x01;
            assertThatThrownBy(() -> GroupState.join(bob, bobPackage, tampered, Map.of()))
                    .isInstanceOf(MessageRejected.class);
        }
        // Another client's KeyPackage cannot use it.
        KeyPackageBundle other = keyPackage(bob);
        assertThatThrownBy(() -> GroupState.join(bob, other, welcome, Map.of())).isInstanceOf(MessageRejected.class);
        assertThat(GroupState.join(bob, bobPackage, welcome, Map.of()).epochNumber()).isEqualTo(1);
    }

    @Test
    void invalidKeyPackagesAndRemovalsAreRefused() {
        MlsClient alice = client("alice");
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        MlsClient bob = client("bob");
        long now = Instant.now().getEpochSecond();
        KeyPackageBundle expired = bob.newKeyPackage(now - 7200, now - 3600, false, random);
        assertThatThrownBy(() -> a.commit(List.of(expired.keyPackage()), List.of(), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lifetime");
        KeyPackageBundle sameKeyAsAlice = alice.newKeyPackage(now - 60, now + 60, true, random);
        assertThat(sameKeyAsAlice.keyPackage().extensions())
                .containsExactly(new Extension(MlsClient.LAST_RESORT_EXTENSION, new byte[0]));
        assertThat(sameKeyAsAlice.keyPackage().verifySignature(SUITE)).isTrue();
        assertThatThrownBy(() -> a.commit(List.of(sameKeyAsAlice.keyPackage()), List.of(), random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> a.commit(List.of(), List.of(0), random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.commit(List.of(), List.of(5), random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(a.epochNumber()).isZero();
    }

    @Test
    void encryptionReportsItsGenerationAndNeverReusesOneAcrossRestarts() {
        MlsClient alice = client("alice");
        MlsClient bob = client("bob");
        KeyPackageBundle bobPackage = keyPackage(bob);
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        Committed added = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        a = added.next();
        GroupState b = GroupState.join(bob, bobPackage, added.welcomeMessage().get(), Map.of());

        Encrypted first = a.encrypt(utf8("one"), new byte[0], random);
        a = restart(a);
        Encrypted second = a.encrypt(utf8("two"), new byte[0], random);
        assertThat(first.generation()).isZero();
        assertThat(second.generation()).isEqualTo(1);
        assertThat(second.epoch()).isEqualTo(1);
        // Out of order, then a replay of an already consumed generation is refused.
        assertThat(b.decrypt(second.message()).plaintext()).isEqualTo(utf8("two"));
        b = restart(b);
        assertThat(b.decrypt(first.message()).plaintext()).isEqualTo(utf8("one"));
        GroupState receiver = b;
        assertThatThrownBy(() -> receiver.decrypt(first.message())).isInstanceOf(MessageRejected.class);
    }

    @Test
    void unknownStateVersionsAreRefusedWithAReason() {
        MlsClient alice = client("alice");
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        byte[] bytes = a.toBytes();
        bytes[1] = 9;
        assertThatThrownBy(() -> GroupState.fromBytes(bytes)).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("format version 9");
        byte[] client = alice.toBytes();
        client[1] = 7;
        assertThatThrownBy(() -> MlsClient.fromBytes(client)).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("version 7");
        byte[] truncated = java.util.Arrays.copyOf(a.toBytes(), 50);
        assertThatThrownBy(() -> GroupState.fromBytes(truncated)).isInstanceOf(TlsDecodeException.class);
    }

    @Test
    void customProposalsTravelInCommitsWhenEveryMemberSupportsThem() {
        int appDataUpdate = 0xf001;
        MlsClient alice = MlsClient.generate(SUITE, utf8("alice"), List.of(appDataUpdate), random);
        MlsClient bob = MlsClient.generate(SUITE, utf8("bob"), List.of(appDataUpdate), random);
        MlsClient carol = client("carol");
        KeyPackageBundle bobPackage = keyPackage(bob);
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        Committed added = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        a = added.next();
        GroupState b = restart(GroupState.join(MlsClient.fromBytes(bob.toBytes()), bobPackage,
                added.welcomeMessage().get(), Map.of()));

        Proposal.Custom update = new Proposal.Custom(appDataUpdate, utf8("topic=hello"));
        Committed withCustom = a.commit(List.of(), List.of(), List.of(update), MlsMessage.PRIVATE_MESSAGE, random);
        assertThat(b.receiveCommit(withCustom.commitMessage())).containsExactly(update);
        a = withCustom.next();
        assertAgree(a, b);

        // Carol does not announce the type: a commit adding her with it is refused before anything is sent.
        GroupState current = a;
        KeyPackageBundle carolPackage = keyPackage(carol);
        assertThatThrownBy(() -> current.commit(List.of(carolPackage.keyPackage()), List.of(), List.of(update),
                MlsMessage.PRIVATE_MESSAGE, random)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not supported");
        assertThat(current.commit(List.of(carolPackage.keyPackage()), List.of(), random).welcomeMessage())
                .isPresent();
    }

    @Test
    void theUpdatePathEncryptsNothingToTheLeavesTheCommitAdds() {
        MlsClient alice = client("alice");
        MlsClient bob = client("bob");
        KeyPackageBundle bobPackage = keyPackage(bob);
        GroupState a = GroupState.create(alice, keyPackage(alice), GROUP_ID, List.of(), random);
        Committed first = a.commit(List.of(bobPackage.keyPackage()), List.of(), random);
        a = first.next();
        GroupState b = GroupState.join(bob, bobPackage, first.welcomeMessage().get(), Map.of());

        MlsClient carolClient = client("carol");
        KeyPackageBundle carol = keyPackage(carolClient);
        KeyPackageBundle dave = keyPackage(client("dave"));
        Committed second = a.commit(List.of(carol.keyPackage(), dave.keyPackage()), List.of(),
                MlsMessage.PUBLIC_MESSAGE, random);
        TlsReader reader = new TlsReader(second.commitMessage());
        MlsMessage.expect(reader, MlsMessage.PUBLIC_MESSAGE);
        PublicMessage message = PublicMessage.decode(reader);
        UpdatePath path = ((FramedContent.CommitBody) message.content().body()).commit().path().orElseThrow();
        // Leaf 0's filtered direct path: node 1 (over Bob) and node 3 (over the blank node 5 with Carol and Dave).
        assertThat(path.nodes()).hasSize(2);
        assertThat(path.nodes().get(0).encryptedPathSecret()).hasSize(1);
        assertThat(path.nodes().get(1).encryptedPathSecret()).isEmpty();
        b.receiveCommit(second.commitMessage());
        GroupState c = GroupState.join(carolClient, carol, second.welcomeMessage().get(), Map.of());
        assertAgree(second.next(), b, c);
    }
}
