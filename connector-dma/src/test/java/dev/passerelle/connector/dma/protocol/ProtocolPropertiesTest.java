package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** Generated request and response bodies round-trip: decode(encode(x)) equals x and encodes to the same bytes. */
@Tag("feature:mimi-protocol")
class ProtocolPropertiesTest {

    private static long pick(RandomnessSource in, long min, long max) {
        return in.next(Constraint.between(min, max));
    }

    private static byte[] bytes(RandomnessSource in, int maxLength) {
        byte[] out = new byte[(int) pick(in, 0, maxLength)];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) pick(in, 0, 255);
        }
        return out;
    }

    private static Opaque opaque(RandomnessSource in, int maxLength) {
        return Opaque.of(bytes(in, maxLength));
    }

    // ASCII, Latin, CJK and astral code points: UTF-8 of 1 to 4 bytes.
    private static String text(RandomnessSource in, int maxLength) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x4e00, 0x4fff}, {0x1f300, 0x1f64f}};
        StringBuilder sb = new StringBuilder();
        long n = pick(in, 0, maxLength);
        for (int k = 0; k < n; k++) {
            int[] r = ranges[(int) pick(in, 0, ranges.length - 1)];
            sb.appendCodePoint((int) pick(in, r[0], r[1]));
        }
        return sb.toString();
    }

    private static IdentifierUri uri(RandomnessSource in) {
        return new IdentifierUri("mimi://" + text(in, 12) + "/u/" + text(in, 20));
    }

    private static <T> List<T> list(RandomnessSource in, int max, Function<RandomnessSource, T> element) {
        List<T> out = new ArrayList<>();
        long n = pick(in, 0, max);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(in));
        }
        return out;
    }

    private static <T> Optional<T> maybe(RandomnessSource in, Function<RandomnessSource, T> element) {
        return pick(in, 0, 1) == 0 ? Optional.empty() : Optional.of(element.apply(in));
    }

    private static int uint16(RandomnessSource in) {
        return (int) pick(in, 0, 0xffff);
    }

    private static <E extends Enum<E>> E pickOf(RandomnessSource in, E[] values) {
        return values[(int) pick(in, 0, values.length - 1)];
    }

    private static Credential credential(RandomnessSource in) {
        return new Credential.Basic(bytes(in, 24));
    }

    private static Frank frank(RandomnessSource in) {
        byte[] serverFrank = new byte[32];
        for (int i = 0; i < 32; i++) {
            serverFrank[i] = (byte) pick(in, 0, 255);
        }
        return new Frank(Opaque.of(serverFrank), uint16(in), opaque(in, 80));
    }

    private static WireMessage application(RandomnessSource in) {
        return WireMessage.of(new PrivateMessage(bytes(in, 16), in.next(Constraint.none()), WireMessage.APPLICATION,
                bytes(in, 8), bytes(in, 16), bytes(in, 100)));
    }

    private static WireMessage semiPrivate(RandomnessSource in, int contentType) {
        return WireMessage.of(new SemiPrivateMessage(opaque(in, 16), in.next(Constraint.none()), contentType,
                opaque(in, 8), opaque(in, 32),
                list(in, 3, r -> new SemiPrivateMessage.KeyForExternalReceiver(opaque(r, 32),
                        new dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext(bytes(r, 32), bytes(r, 48)))),
                opaque(in, 32), opaque(in, 16), opaque(in, 60)));
    }

    private static AppDataDictionary dictionary(RandomnessSource in) {
        List<AppDataDictionary.ComponentData> entries = new ArrayList<>();
        int id = -1;
        long n = pick(in, 0, 3);
        for (int i = 0; i < n; i++) {
            id += (int) pick(in, 1, 1000);
            entries.add(new AppDataDictionary.ComponentData(id, opaque(in, 10)));
        }
        return new AppDataDictionary(entries);
    }

    // Never empty: the draft asks for a non-empty list.
    private static List<Integer> acceptableSuites(RandomnessSource in) {
        List<Integer> suites = new ArrayList<>(list(in, 3, ProtocolPropertiesTest::uint16));
        suites.add(1);
        return suites;
    }

    private static final Gen<KeyMaterialRequest> KEY_MATERIAL_REQUESTS = in -> new KeyMaterialRequest(uri(in), uri(in),
            uri(in), acceptableSuites(in),
            new RequiredCapabilities(list(in, 3, ProtocolPropertiesTest::uint16),
                    list(in, 3, ProtocolPropertiesTest::uint16), list(in, 3, ProtocolPropertiesTest::uint16)),
            opaque(in, 40), credential(in), opaque(in, 70));

    private static final Gen<KeyMaterialResponse> KEY_MATERIAL_RESPONSES = in -> {
        KeyMaterialResponse.UserCode code = pickOf(in, KeyMaterialResponse.UserCode.values());
        List<KeyMaterialResponse.ClientKeyMaterial> clients = !code.mayListClients() ? List.of()
                : list(in, 4, r -> pick(r, 0, 2) == 0 ? KeyMaterialResponse.ClientKeyMaterial.success(uri(r),
                        Samples.keyPackage())
                        : pick(r, 0, 1) == 0 ? KeyMaterialResponse.ClientKeyMaterial.exhausted(uri(r))
                        : KeyMaterialResponse.ClientKeyMaterial.nothingCompatible(uri(r), Optional.empty()));
        return new KeyMaterialResponse(code, uri(in), clients);
    };

    private static final Gen<UpdateRequest> UPDATE_REQUESTS = in -> {
        if (pick(in, 0, 1) == 0) {
            return UpdateRequest.proposals(pick(in, 0, 1) == 0 ? Samples.publicProposal()
                    : semiPrivate(in, WireMessage.PROPOSAL), list(in, 3, r -> semiPrivate(r, WireMessage.PROPOSAL)));
        }
        RatchetTreeOption tree = pick(in, 0, 2) == 0 ? Samples.fullTree()
                : pick(in, 0, 1) == 0 ? RatchetTreeOption.httpsUri("https://" + text(in, 20))
                : RatchetTreeOption.without(RatchetTreeOption.Representation.OUT_OF_BAND);
        GroupInfoOption groupInfo = pick(in, 0, 1) == 0 ? GroupInfoOption.full(Samples.groupInfo())
                : GroupInfoOption.partial(new PartialGroupInfo(
                        pickOf(in, PartialGroupInfo.RatchetTreePresence.values()),
                        List.of(), opaque(in, 64)));
        return UpdateRequest.commit(pick(in, 0, 1) == 0 ? Samples.publicCommit() : semiPrivate(in, WireMessage.COMMIT),
                maybe(in, r -> Samples.welcome().welcome()), groupInfo, tree);
    };

    private static final Gen<SubmitMessageRequest> SUBMIT_REQUESTS =
            in -> new SubmitMessageRequest(application(in), uri(in));

    private static final Gen<SubmitMessageResponse> SUBMIT_RESPONSES = in -> {
        long kind = pick(in, 0, 2);
        return kind == 0 ? SubmitMessageResponse.accepted(in.next(Constraint.none()), maybe(in,
                ProtocolPropertiesTest::frank))
                : kind == 1 ? SubmitMessageResponse.notAllowed()
                : SubmitMessageResponse.epochTooOld(in.next(Constraint.none()));
    };

    private static final Gen<FanoutMessage> FANOUTS = in -> {
        long kind = pick(in, 0, 3);
        long timestamp = in.next(Constraint.none());
        if (kind == 0) {
            return FanoutMessage.application(timestamp, application(in), maybe(in, ProtocolPropertiesTest::frank));
        }
        if (kind == 1) {
            return FanoutMessage.welcome(timestamp, Samples.welcome(),
                    RatchetTreeOption.without(RatchetTreeOption.Representation.DISTRIBUTION_SERVICE));
        }
        if (kind == 2) {
            return FanoutMessage.proposal(timestamp, semiPrivate(in, WireMessage.PROPOSAL),
                    list(in, 2, r -> semiPrivate(r, WireMessage.PROPOSAL)));
        }
        return FanoutMessage.commit(timestamp, semiPrivate(in, WireMessage.COMMIT),
                list(in, 2, r -> semiPrivate(r, WireMessage.PROPOSAL)));
    };

    private static final Gen<IdentifierRequest> IDENTIFIER_REQUESTS = in -> new IdentifierRequest(list(in, 4, r -> {
        IdentifierRequest.SearchType type = pickOf(r, IdentifierRequest.SearchType.values());
        return new IdentifierRequest.QueryElement(type,
                type.namesField() ? Optional.of(text(r, 10)) : Optional.empty(), text(r, 30));
    }), dictionary(in));

    private static final Gen<ConsentEntry> CONSENTS = in -> {
        ConsentEntry.Operation operation = pickOf(in, ConsentEntry.Operation.values());
        return new ConsentEntry(operation, uri(in), uri(in), maybe(in, ProtocolPropertiesTest::uri),
                operation == ConsentEntry.Operation.GRANT ? list(in, 2, r -> Samples.keyPackage()) : List.of(),
                dictionary(in));
    };

    private static final Gen<AbuseReport> ABUSE_REPORTS = in -> new AbuseReport(uri(in), uri(in),
            (int) pick(in, 0, 255), text(in, 40), list(in, 3, r -> new AbuseReport.AbusiveMessage(opaque(r, 60),
                    frank(r), r.next(Constraint.none()))), dictionary(in));

    private static final Gen<GroupInfoRequest> GROUP_INFO_REQUESTS = in -> new GroupInfoRequest(uint16(in),
            opaque(in, 40), credential(in), opaque(in, 40), opaque(in, 20), opaque(in, 70));

    private static <T> void roundTrips(Gen<T> values, Function<T, byte[]> encode, Function<byte[], T> decode) {
        qt().withExamples(150).forAll(values).checkAssert(value -> {
            byte[] bytes = encode.apply(value);
            T decoded = decode.apply(bytes);
            assertThat(decoded).isEqualTo(value);
            assertThat(encode.apply(decoded)).isEqualTo(bytes);
        });
    }

    @Test
    void keyMaterialRequests() {
        roundTrips(KEY_MATERIAL_REQUESTS, KeyMaterialRequest::toBytes, KeyMaterialRequest::decode);
    }

    @Test
    void keyMaterialResponses() {
        roundTrips(KEY_MATERIAL_RESPONSES, KeyMaterialResponse::toBytes, KeyMaterialResponse::decode);
    }

    @Test
    void updateRequests() {
        roundTrips(UPDATE_REQUESTS, UpdateRequest::toBytes, UpdateRequest::decode);
    }

    @Test
    void submitMessages() {
        roundTrips(SUBMIT_REQUESTS, SubmitMessageRequest::toBytes, SubmitMessageRequest::decode);
        roundTrips(SUBMIT_RESPONSES, SubmitMessageResponse::toBytes, SubmitMessageResponse::decode);
    }

    @Test
    void fanoutMessages() {
        roundTrips(FANOUTS, FanoutMessage::toBytes, FanoutMessage::decode);
    }

    @Test
    void notifyBodiesHoldSeveralFanoutMessages() {
        qt().withExamples(60).forAll(in -> list(in, 4, FANOUTS::generate)).checkAssert(messages -> {
            if (messages.isEmpty()) {
                return;
            }
            assertThat(FanoutMessage.decodeAll(FanoutMessage.toBytes(messages))).isEqualTo(messages);
        });
    }

    @Test
    void identifierRequests() {
        roundTrips(IDENTIFIER_REQUESTS, IdentifierRequest::toBytes, IdentifierRequest::decode);
    }

    @Test
    void consentEntries() {
        roundTrips(CONSENTS, ConsentEntry::toBytes, ConsentEntry::decode);
    }

    @Test
    void abuseReports() {
        roundTrips(ABUSE_REPORTS, AbuseReport::toBytes, AbuseReport::decode);
    }

    @Test
    void groupInfoRequests() {
        roundTrips(GROUP_INFO_REQUESTS, GroupInfoRequest::toBytes, GroupInfoRequest::decode);
    }
}
