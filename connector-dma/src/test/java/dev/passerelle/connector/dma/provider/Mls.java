package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.MlsMessage;
import dev.passerelle.connector.dma.mls.message.Proposal;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.KeyPackageBundle;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.protocol.GroupInfoOption;
import dev.passerelle.connector.dma.protocol.Opaque;
import dev.passerelle.connector.dma.protocol.PartialGroupInfo;
import dev.passerelle.connector.dma.protocol.RatchetTreeOption;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.protocol.WireMessage;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** MLS steps of the provider tests: clients named by their user URI, groups, commits with participant updates. */
final class Mls {

    static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;
    static final SecureRandom RANDOM = new SecureRandom();

    private Mls() {
    }

    /** A client whose basic credential is {@code userUri} and which supports AppDataUpdate. */
    static MlsClient client(String userUri) {
        return MlsClient.generate(SUITE, userUri.getBytes(StandardCharsets.UTF_8), List.of(Proposal.APP_DATA_UPDATE),
                RANDOM);
    }

    static KeyPackageBundle keyPackage(MlsClient client) {
        long now = Instant.now().getEpochSecond();
        return client.newKeyPackage(now - 60, now + 3600, false, RANDOM);
    }

    /** A new group of {@code client} alone, at epoch 0. */
    static GroupState group(MlsClient client, String roomUri) {
        return GroupState.create(client, keyPackage(client), roomUri.getBytes(StandardCharsets.UTF_8), List.of(),
                RANDOM);
    }

    /** A commit (PublicMessage) adding {@code adds} with {@code update} as a participant-list AppDataUpdate. */
    static Committed commit(GroupState state, List<KeyPackage> adds, Optional<ParticipantListUpdate> update) {
        return commit(state, adds, List.of(), update);
    }

    /** As {@link #commit(GroupState, List, Optional)}, also removing the members at {@code removes}. */
    static Committed commit(GroupState state, List<KeyPackage> adds, List<Integer> removes,
            Optional<ParticipantListUpdate> update) {
        List<Proposal.Custom> custom = new ArrayList<>();
        update.ifPresent(u -> custom.add(
                Proposal.AppDataUpdate.update(ParticipantListUpdate.COMPONENT_ID, u.toBytes()).toProposal()));
        return state.commit(adds, removes, custom, MlsMessage.PUBLIC_MESSAGE, RANDOM);
    }

    /** The update request of a commit, with its Welcome and the new tree in full. */
    static UpdateRequest updateRequest(Committed committed) {
        return UpdateRequest.commit(WireMessage.parse(committed.commitMessage()),
                committed.welcomeMessage().map(w -> WireMessage.parse(w).welcome()),
                GroupInfoOption.partial(new PartialGroupInfo(PartialGroupInfo.RatchetTreePresence.PRESENT, List.of(),
                        Opaque.of(new byte[64]))),
                RatchetTreeOption.full(committed.next().tree()));
    }

    /** An application message of {@code state}'s member. */
    static WireMessage encrypt(GroupState state, String text) {
        return WireMessage.parse(state.encrypt(text.getBytes(StandardCharsets.UTF_8), new byte[0], RANDOM).message());
    }
}
