package dev.passerelle.connector.dma.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.protocol.AbuseReport;
import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The provider's records and the small services over them, without a network. */
@Tag("feature:mimi-provider")
class ProviderRecordsTest {

    static final String ALICE = "mimi://a.test/u/alice";
    static final String BOB = "mimi://b.test/u/bob";
    static final String CAROL = "mimi://c.test/u/carol";

    static Stream<ProviderStore> stores() {
        return MemoryStores.both();
    }

    @Test
    void aRoomRecordReadsBackAsWritten() {
        ProviderRoom room = new ProviderRoom("mimi://a.test/r/x", "a.test", ProviderRoom.Role.HUB,
                RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN),
                        new Participant(BOB, RoomPolicy.MEMBER)), 7, 12, 1_700_000_000_000L);
        assertThat(ProviderRoom.fromBytes(room.toBytes())).isEqualTo(room);
        assertThat(ProviderRoom.fromBytes(room.toBytes()).toBytes()).isEqualTo(room.toBytes());
        byte[] future = room.toBytes();
        future[1] = 9;
        assertThatThrownBy(() -> ProviderRoom.fromBytes(future)).isInstanceOf(TlsDecodeException.class)
                .hasMessageContaining("version 9");
        assertThat(room.domains()).containsExactly("a.test", "b.test");
    }

    @Test
    void participantListUpdatesApplyRoleChangesThenRemovalsThenAdditions() {
        List<Participant> list = List.of(new Participant(ALICE, 3), new Participant(BOB, 2),
                new Participant(CAROL, 2));
        ParticipantListUpdate update = new ParticipantListUpdate(
                List.of(new ParticipantListUpdate.RoleChange(2, 3)), List.of(1L),
                List.of(new Participant("mimi://d.test/u/dan", 2)));
        assertThat(ParticipantListUpdate.decode(update.toBytes())).isEqualTo(update);
        assertThat(update.applyTo(list)).containsExactly(new Participant(ALICE, 3), new Participant(CAROL, 3),
                new Participant("mimi://d.test/u/dan", 2));
        assertThatThrownBy(() -> new ParticipantListUpdate(List.of(), List.of(1L, 1L), List.of()).applyTo(list))
                .hasMessageContaining("more than once");
        assertThatThrownBy(() -> new ParticipantListUpdate(List.of(), List.of(5L), List.of()).applyTo(list))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> ParticipantListUpdate.adding(List.of(new Participant(BOB, 2))).applyTo(list))
                .hasMessageContaining("already a participant");
        assertThatThrownBy(() -> ParticipantListUpdate.decode(new byte[] {0, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    }

    @Test
    void aFixedMembershipPolicyGivesNoRoleTheRightToAdd() {
        assertThat(RoomPolicy.fixedMembershipRoom().allows(RoomPolicy.MEMBER, RoomPolicy.CAN_SEND_MESSAGE)).isTrue();
        assertThatThrownBy(() -> RoomPolicy.of(true, List.of(new RoomPolicy.Role(2, "admin",
                Set.of(RoomPolicy.CAN_ADD_PARTICIPANT))))).hasMessageContaining("fixed-membership");
        assertThatThrownBy(() -> new Participant("https://a.test/u/alice", 2)).hasMessageContaining("mimi://");
        assertThatThrownBy(() -> new Participant(ALICE, 0)).hasMessageContaining("non-zero");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void thePhoneDirectoryAnswersOptedInNumbersOnly(ProviderStore store) {
        PhoneDirectory phones = new PhoneDirectory("b.test", store);
        phones.optIn("+4915112345678", BOB);
        assertThat(phones.lookup("+4915112345678")).contains(BOB);
        assertThat(phones.lookup("+4915100000000")).isEmpty();
        assertThat(phones.lookup("004915112345678")).isEmpty();
        assertThatThrownBy(() -> phones.optIn("12345", BOB)).hasMessageContaining("E.164");
        assertThatThrownBy(() -> phones.optIn("+4915112345679", ALICE)).hasMessageContaining("not a user of b.test");
        phones.optOut("+4915112345678");
        assertThat(phones.lookup("+4915112345678")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void abuseReportsAreListedOldestFirst(ProviderStore store) {
        AbuseReports reports = new AbuseReports(store, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"),
                ZoneOffset.UTC));
        for (String note : List.of("first", "second")) {
            reports.record("mimi://a.test/r/x", "b.test", new AbuseReport(new IdentifierUri(""),
                    new IdentifierUri(BOB), 0, note, List.of(), AppDataDictionary.empty()));
        }
        assertThat(reports.list()).extracting(r -> r.report().note()).containsExactly("first", "second");
        assertThat(reports.get(2)).hasValueSatisfying(r -> {
            assertThat(r.received()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
            assertThat(r.peerDomain()).isEqualTo("b.test");
        });
        assertThat(reports.get(3)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void processedNotifyMarksAreForgottenOnceOld(ProviderStore store) {
        ProviderState state = new ProviderState(store);
        byte[] first = ProviderState.sha256(new byte[] {1});
        byte[] second = ProviderState.sha256(new byte[] {2});
        state.markNotifySeen("a.test", first);
        state.markNotifySeen("a.test", second);
        state.putRoom(ProviderRoom.followed("mimi://a.test/r/x", "a.test"));

        assertThat(state.forgetNotifiesBefore(Instant.now().minusSeconds(3600))).isZero();
        assertThat(state.notifySeen("a.test", first)).isTrue();

        assertThat(state.forgetNotifiesBefore(Instant.now().plusSeconds(1))).isEqualTo(2);
        assertThat(state.notifySeen("a.test", first)).isFalse();
        assertThat(state.notifySeen("a.test", second)).isFalse();
        assertThat(state.room("mimi://a.test/r/x")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void writesMadeTogetherAreReadBackInsideAndAppliedAtTheEnd(ProviderStore store) {
        ProviderState state = new ProviderState(store);
        state.putLog("mimi://a.test/r/x", 0, new ProviderState.LogEntry(Set.of("b.test"), new byte[] {1}));

        state.together(() -> {
            state.putCursor("mimi://a.test/r/x", "b.test", 1);
            // Reads inside see the writes made before them.
            assertThat(state.cursor("mimi://a.test/r/x", "b.test")).isEqualTo(1);
            state.deleteLog("mimi://a.test/r/x", 0);
            assertThat(state.log("mimi://a.test/r/x", 0)).isEmpty();
        });

        assertThat(state.cursor("mimi://a.test/r/x", "b.test")).isEqualTo(1);
        assertThat(state.log("mimi://a.test/r/x", 0)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void writesMadeTogetherAreDroppedWhenTheChangeFails(ProviderStore store) {
        ProviderState state = new ProviderState(store);

        assertThatThrownBy(() -> state.together(() -> {
            state.putCursor("mimi://a.test/r/x", "b.test", 5);
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(state.cursor("mimi://a.test/r/x", "b.test")).isZero();
    }
}
