package dev.passerelle.connector.dma.provider;

import static dev.passerelle.connector.dma.provider.ProviderLoopbackTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageResponse;
import dev.passerelle.connector.dma.protocol.UpdateResponse;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerRefusedException;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.transport.TrustSettings;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hub's checks without a network: room policy (roles, fixed membership), epochs, who may speak for whom, and
 * who each accepted event is logged for. Every test runs on both stores.
 */
@Tag("feature:mimi-provider")
@Tag("direction:follower-to-hub")
@ExtendWith(VertxExtension.class)
class HubTest {

    static final String ROOM = "mimi://a.test/r/dm";
    static final String ALICE = "mimi://a.test/u/alice";
    static final String BOB = "mimi://b.test/u/bob";
    static final String CAROL = "mimi://c.test/u/carol";

    @TempDir
    static Path dir;

    static Stream<ProviderStore> stores() {
        return MemoryStores.both();
    }

    static PeerTrust trust;

    @BeforeAll
    static void makeTrust() {
        TestCa ca = TestCa.create(dir, "CA");
        TestCa.Issued cert = ca.issue("a.test");
        trust = PeerTrust.load(new TrustSettings(cert.certChain(), cert.key(), ca.caBundle(),
                Set.of("b.test"), Map.of(), false, false));
    }

    private static FanoutWorker idleWorker(Vertx vertx, ProviderStore store) {
        // Not started: the hub logs, nothing is sent, and pending() shows what was logged for whom.
        return new FanoutWorker(vertx, "a.test", store, new MimiHttpClient(vertx, MimiClientSettings.defaults(), trust),
                (room, message) -> Future.succeededFuture(), Duration.ofMillis(10), Duration.ofMillis(10));
    }

    private record Setup(Hub hub, FanoutWorker worker, MlsClient alice, GroupState group) {
    }

    private static Setup setup(Vertx vertx, ProviderStore store, RoomPolicy policy, List<Participant> participants,
            long epoch) throws Exception {
        FanoutWorker worker = idleWorker(vertx, store);
        Hub hub = new Hub(vertx, "a.test", store, Clock.systemUTC(), worker);
        get(hub.create(ROOM, policy, participants, epoch));
        MlsClient alice = Mls.client(ALICE);
        return new Setup(hub, worker, alice, Mls.group(alice, ROOM));
    }

    private static Committed addCarol(GroupState group, boolean withListUpdate) {
        return Mls.commit(group, List.of(Mls.keyPackage(Mls.client(CAROL)).keyPackage()),
                withListUpdate ? Optional.of(ParticipantListUpdate.adding(List.of(new Participant(CAROL,
                        RoomPolicy.MEMBER)))) : Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aFixedMembershipRoomRefusesAThirdParticipant(ProviderStore store, Vertx vertx) throws Exception {
        Setup s = setup(vertx, store, RoomPolicy.fixedMembershipRoom(),
                List.of(new Participant(ALICE, RoomPolicy.MEMBER), new Participant(BOB, RoomPolicy.MEMBER)), 0);
        UpdateResponse listed = get(s.hub().update(ROOM, Mls.updateRequest(addCarol(s.group(), true)), "a.test"));
        assertThat(listed.responseCode()).isEqualTo(UpdateResponse.Code.NOT_ALLOWED);
        assertThat(listed.errorDescription()).contains("fixed membership");
        UpdateResponse unlisted = get(s.hub().update(ROOM, Mls.updateRequest(addCarol(s.group(), false)), "a.test"));
        assertThat(unlisted.responseCode()).isEqualTo(UpdateResponse.Code.NOT_ALLOWED);
        assertThat(unlisted.errorDescription()).contains(CAROL).contains("not a participant");
        ProviderRoom room = get(s.hub().room(ROOM)).orElseThrow();
        assertThat(room.epoch()).isZero();
        assertThat(room.participants()).hasSize(2);
        assertThat(s.worker().pending(ROOM, "c.test")).isZero();
        // Adding a second client of a participant is still allowed (room policy section 5).
        Committed ownClient = Mls.commit(s.group(), List.of(Mls.keyPackage(Mls.client(BOB)).keyPackage()),
                Optional.empty());
        assertThat(get(s.hub().update(ROOM, Mls.updateRequest(ownClient), "a.test")).responseCode())
                .isEqualTo(UpdateResponse.Code.SUCCESS);
        assertThat(s.worker().pending(ROOM, "b.test")).as("the commit, and the Welcome for the new client")
                .isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void onlyARoleWithTheCapabilityAddsAndAddedUsersGetTheWelcome(ProviderStore store, Vertx vertx) throws Exception {
        Setup member = setup(vertx, store, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.MEMBER)),
                0);
        UpdateResponse refused = get(member.hub().update(ROOM, Mls.updateRequest(addCarol(member.group(), true)),
                "a.test"));
        assertThat(refused.responseCode()).isEqualTo(UpdateResponse.Code.NOT_ALLOWED);
        assertThat(refused.errorDescription()).contains("may not add");

        ProviderStore other = MemoryStores.memory();
        Setup admin = setup(vertx, other, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN),
                new Participant(BOB, RoomPolicy.MEMBER)), 0);
        UpdateResponse accepted = get(admin.hub().update(ROOM, Mls.updateRequest(addCarol(admin.group(), true)),
                "a.test"));
        assertThat(accepted.responseCode()).isEqualTo(UpdateResponse.Code.SUCCESS);
        ProviderRoom room = get(admin.hub().room(ROOM)).orElseThrow();
        assertThat(room.epoch()).isEqualTo(1);
        assertThat(room.participants()).extracting(Participant::user).containsExactly(ALICE, BOB, CAROL);
        assertThat(admin.worker().pending(ROOM, "b.test")).as("the commit").isEqualTo(1);
        assertThat(admin.worker().pending(ROOM, "c.test")).as("the Welcome only").isEqualTo(1);
        assertThat(admin.worker().pending(ROOM, "a.test")).as("not echoed to the committer's provider").isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void epochsAreChecked(ProviderStore store, Vertx vertx) throws Exception {
        Setup s = setup(vertx, store, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN)), 1);
        UpdateResponse wrong = get(s.hub().update(ROOM, Mls.updateRequest(addCarol(s.group(), true)), "a.test"));
        assertThat(wrong.responseCode()).isEqualTo(UpdateResponse.Code.WRONG_EPOCH);
        assertThat(wrong.currentEpoch()).hasValue(1);
        SubmitMessageResponse old = get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(s.group(), "old"),
                new IdentifierUri(ALICE)), "a.test"));
        assertThat(old.statusCode()).isEqualTo(SubmitMessageResponse.Code.EPOCH_TOO_OLD);
        assertThat(old.currentEpoch()).hasValue(1);
        GroupState ahead = Mls.commit(Mls.commit(s.group(), List.of(), Optional.empty()).next(), List.of(),
                Optional.empty()).next();
        SubmitMessageResponse future = get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(ahead, "new"),
                new IdentifierUri(ALICE)), "a.test"));
        assertThat(future.statusCode()).isEqualTo(SubmitMessageResponse.Code.NOT_ALLOWED);
        GroupState current = Mls.commit(s.group(), List.of(), Optional.empty()).next();
        SubmitMessageResponse ok = get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(current, "now"),
                new IdentifierUri(ALICE)), "a.test"));
        assertThat(ok.statusCode()).isEqualTo(SubmitMessageResponse.Code.ACCEPTED);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void sendersMustBeTheirProvidersParticipantsAllowedToSpeak(ProviderStore store, Vertx vertx) throws Exception {
        Setup s = setup(vertx, store, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN),
                new Participant(BOB, RoomPolicy.BANNED)), 0);
        assertThatThrownBy(() -> get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(s.group(), "x"),
                new IdentifierUri(ALICE)), "b.test"))).isInstanceOf(PeerRefusedException.class);
        assertThat(get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(s.group(), "x"),
                new IdentifierUri(BOB)), "b.test")).statusCode()).isEqualTo(SubmitMessageResponse.Code.NOT_ALLOWED);
        assertThat(get(s.hub().accept(ROOM, new SubmitMessageRequest(Mls.encrypt(s.group(), "x"),
                new IdentifierUri("mimi://b.test/u/stranger")), "b.test")).statusCode())
                .isEqualTo(SubmitMessageResponse.Code.NOT_ALLOWED);
        assertThatThrownBy(() -> get(s.hub().accept("mimi://a.test/r/none", new SubmitMessageRequest(
                Mls.encrypt(s.group(), "x"), new IdentifierUri(ALICE)), "a.test")))
                .isInstanceOf(GatewayException.class)
                .satisfies(t -> assertThat(((GatewayException) t).reason())
                        .isEqualTo(GatewayException.Reason.NOT_FOUND));
        // A commit by a user of another provider than the caller's.
        assertThatThrownBy(() -> get(s.hub().update(ROOM, Mls.updateRequest(addCarol(s.group(), true)), "b.test")))
                .isInstanceOf(PeerRefusedException.class);
        assertThat(s.worker().pending(ROOM, "a.test")).isZero();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void acceptedMessagesAreLoggedForEveryOtherProviderWithIncreasingTimestamps(ProviderStore store, Vertx vertx)
            throws Exception {
        Setup s = setup(vertx, store, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN),
                new Participant(BOB, RoomPolicy.MEMBER)), 0);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            SubmitMessageResponse r = get(s.hub().accept(ROOM, new SubmitMessageRequest(
                    Mls.encrypt(s.group(), "m" + i), new IdentifierUri(ALICE)), "a.test"));
            assertThat(r.acceptedTimestamp().getAsLong()).isGreaterThanOrEqualTo(last);
            last = r.acceptedTimestamp().getAsLong();
        }
        assertThat(s.worker().pending(ROOM, "b.test")).isEqualTo(3);
        assertThat(s.worker().pending(ROOM, "a.test")).isZero();
        ProviderRoom reloaded = new ProviderState(store).room(ROOM).orElseThrow();
        assertThat(reloaded.nextSequence()).isEqualTo(3);
        assertThat(reloaded.lastTimestamp()).isEqualTo(last);
    }
}
