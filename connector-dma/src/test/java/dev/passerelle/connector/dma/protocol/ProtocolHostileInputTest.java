package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Malformed bodies are refused with a ProtocolException naming the field, and with nothing else. */
@Tag("feature:mimi-protocol")
class ProtocolHostileInputTest {

    private static final List<Samples.Sample> SAMPLES = Samples.all();

    private static ProtocolException refusal(Samples.Sample sample, byte[] body) {
        Throwable thrown = catchThrowable(() -> sample.decode().apply(body));
        assertThat(thrown).as("%s on %s", sample, HexFormat.of().formatHex(body))
                .isInstanceOf(ProtocolException.class);
        ProtocolException e = (ProtocolException) thrown;
        assertThat(e.fieldPath()).isNotBlank();
        assertThat(e.reason()).isNotBlank();
        assertThat(e.error().describe()).startsWith(e.fieldPath() + ": ");
        return e;
    }

    private static String root(Samples.Sample sample) {
        return sample.value() instanceof WireMessage ? "MLSMessage" : sample.name().split(" ")[0];
    }

    @TestFactory
    Stream<DynamicTest> everyTruncationIsRefusedNamingAField() {
        return SAMPLES.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            byte[] bytes = s.bytes();
            for (int length = 0; length < bytes.length; length++) {
                ProtocolException e = refusal(s, Arrays.copyOf(bytes, length));
                // The path goes below the structure's name: the field being read when the bytes ran out.
                assertThat(e.fieldPath()).startsWith(rootName(s)).contains(".");
            }
        }));
    }

    private static String rootName(Samples.Sample s) {
        String root = root(s);
        // The draft names the update response UpdateRoomResponse; the record is UpdateResponse.
        return root.equals("UpdateResponse") ? "UpdateRoomResponse" : root;
    }

    @TestFactory
    Stream<DynamicTest> trailingBytesAreRefused() {
        return SAMPLES.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            byte[] bytes = s.bytes();
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            ProtocolException e = refusal(s, longer);
            assertThat(e.fieldPath()).isEqualTo(rootName(s));
            assertThat(e.reason()).contains("trailing");
            assertThat(e.offset()).isEqualTo(bytes.length);
        }));
    }

    @Test
    void garbageIsRefusedOrReencodesToTheSameBytes() {
        qt().withExamples(300).forAll(integers().between(0, SAMPLES.size() - 1),
                lists().of(integers().between(0, 255)).ofSizeBetween(0, 64)).checkAssert((index, ints) -> {
                    byte[] body = new byte[ints.size()];
                    for (int i = 0; i < body.length; i++) {
                        body[i] = (byte) (int) ints.get(i);
                    }
                    assertRefusedOrCanonical(SAMPLES.get(index), body);
                });
    }

    @Test
    void mutatedBodiesAreRefusedOrReencodeToTheSameBytes() {
        qt().withExamples(2000).forAll(integers().between(0, SAMPLES.size() - 1), integers().between(0, 1 << 20),
                integers().between(1, 255)).checkAssert((index, position, xor) -> {
                    Samples.Sample sample = SAMPLES.get(index);
                    byte[] body = sample.bytes();
                    body[position % body.length] ^= (byte) (int) xor;
                    assertRefusedOrCanonical(sample, body);
                });
    }

    private static void assertRefusedOrCanonical(Samples.Sample sample, byte[] body) {
        Object decoded;
        try {
            decoded = sample.decode().apply(body);
        } catch (ProtocolException e) {
            assertThat(e.fieldPath()).startsWith(rootName(sample));
            return;
        } catch (RuntimeException e) {
            throw new AssertionError(sample + " threw " + e + " on " + HexFormat.of().formatHex(body), e);
        }
        // Whatever is accepted is canonical: decoding is a bijection on the accepted bodies.
        Object reencoded = decoded instanceof WireMessage m ? m.encoded().bytes() : invokeToBytes(decoded);
        assertThat((byte[]) reencoded).as(sample.name()).isEqualTo(body);
    }

    private static Object invokeToBytes(Object value) {
        try {
            return value.getClass().getMethod("toBytes").invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unknownEnumValuesAreRefusedWithTheFieldName() {
        byte[] response = KeyMaterialResponse.refused(KeyMaterialResponse.UserCode.USER_UNKNOWN,
                Samples.uri("mimi://b.example/u/bob")).toBytes();
        response[1] = 8;
        assertThatThrownBy(() -> KeyMaterialResponse.decode(response)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.error()).isEqualTo(new ProtocolError("KeyMaterialResponse.userStatus",
                        "unknown UserCode 8")));

        byte[] protocol = Samples.keyMaterialRequest().toBytes();
        for (int bad : new int[] {0, 2, 255}) {
            protocol[0] = (byte) bad;
            assertThatThrownBy(() -> KeyMaterialRequest.decode(protocol)).isInstanceOfSatisfying(
                    ProtocolException.class, e -> assertThat(e.fieldPath()).isEqualTo("KeyMaterialRequest.protocol"));
        }

        byte[] update = UpdateResponse.notAllowed("").toBytes();
        update[0] = 4;
        assertThat(refusalOf(() -> UpdateResponse.decode(update)).fieldPath())
                .isEqualTo("UpdateRoomResponse.responseCode");

        byte[] submit = SubmitMessageResponse.notAllowed().toBytes();
        submit[1] = 3;
        assertThat(refusalOf(() -> SubmitMessageResponse.decode(submit)).fieldPath())
                .isEqualTo("SubmitMessageResponse.statusCode");

        byte[] query = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(
                IdentifierRequest.SearchType.HANDLE, "im:alice@a.example")), AppDataDictionary.empty()).toBytes();
        query[1] = 0; // reserved(0), after the one-byte vector length
        assertThat(refusalOf(() -> IdentifierRequest.decode(query)).fieldPath())
                .isEqualTo("IdentifierRequest.queryElements[0].searchType");

        byte[] refused = GroupInfoResponse.refused(Samples.uri("r"), GroupInfoResponse.Code.NO_SUCH_ROOM).toBytes();
        refused[3] = 0;
        assertThat(refusalOf(() -> GroupInfoResponse.decode(refused)).fieldPath())
                .isEqualTo("GroupInfoResponse.status");

        byte[] consent = new ConsentEntry(ConsentEntry.Operation.CANCEL, Samples.uri("a"), Samples.uri("b"),
                Optional.empty(), List.of(), AppDataDictionary.empty()).toBytes();
        consent[0] = 4;
        assertThat(refusalOf(() -> ConsentEntry.decode(consent)).fieldPath())
                .isEqualTo("ConsentEntry.consentOperation");
    }

    @Test
    void unknownWireFormatsAndWrongMessagesAreRefused() {
        byte[] body = new SubmitMessageRequest(Samples.application(new byte[3]), Samples.uri("u")).toBytes();
        body[4] = 9; // wire format 9 after protocol(1) and version(2)
        assertThat(refusalOf(() -> SubmitMessageRequest.decode(body))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("SubmitMessageRequest.appMessage");
            assertThat(e.reason()).isEqualTo("unknown wire format 9");
        });

        // A commit where an application message belongs.
        byte[] wrong = new TlsBytes().uint8(1).raw(Samples.publicCommit().encoded().bytes()).opaque("u").bytes();
        assertThat(refusalOf(() -> SubmitMessageRequest.decode(wrong)).reason()).contains("application");

        // An application message where the update endpoint wants a handshake.
        byte[] update = Samples.application(new byte[3]).encoded().bytes();
        assertThat(refusalOf(() -> UpdateRequest.decode(update))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("UpdateRequest.bundle");
            assertThat(e.reason()).contains("PublicMessage or SemiPrivateMessage");
        });
    }

    @Test
    void aLengthLargerThanTheBodyIsRefused() {
        // ConsentEntry: operation, then requesterUri claiming 16383 bytes where 3 remain.
        byte[] consent = {1, 0x7f, (byte) 0xff, 'a', 'b', 'c'};
        assertThat(refusalOf(() -> ConsentEntry.decode(consent))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("ConsentEntry.requesterUri");
            assertThat(e.reason()).contains("exceeds");
        });
        // A nested vector: the first query element's value claims more than its enclosing vector holds.
        byte[] query = {4, 1, 0x3f, 'x', 'y', 0};
        assertThat(refusalOf(() -> IdentifierRequest.decode(query)).fieldPath())
                .isEqualTo("IdentifierRequest.queryElements[0].searchValue");
        // The largest length a varint can say, 2^30 - 1: refused before anything is allocated.
        byte[] huge = {(byte) 0xbf, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(refusalOf(() -> AbuseReport.decode(huge)).fieldPath()).isEqualTo("AbuseReport.reportingUser");
    }

    @Test
    void malformedUtf8IsRefused() {
        byte[] body = {2, (byte) 0xc3, 0x28};
        assertThat(refusalOf(() -> ServerFrankingContext.decode(body))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("ServerFrankingContext.senderUri");
            assertThat(e.reason()).isEqualTo("malformed UTF-8");
        });
    }

    @Test
    void decodedValuesBreakingTheDraftsRulesAreRefused() {
        // userUnknown with a populated clients list (section 5.2: MUST NOT).
        KeyMaterialResponse success = new KeyMaterialResponse(KeyMaterialResponse.UserCode.SUCCESS,
                Samples.uri("u"), List.of(KeyMaterialResponse.ClientKeyMaterial.exhausted(Samples.uri("c"))));
        byte[] body = success.toBytes();
        body[1] = (byte) KeyMaterialResponse.UserCode.USER_UNKNOWN.code();
        assertThat(refusalOf(() -> KeyMaterialResponse.decode(body))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("KeyMaterialResponse");
            assertThat(e.reason()).contains("must not list clients");
        });
        // An AppDataDictionary out of order.
        byte[] unsorted = {0, 0, 0, 6, 0, 5, 0, 0, 4, 0};
        assertThat(refusalOf(() -> IdentifierResponse.decode(unsorted))).satisfies(e -> {
            assertThat(e.fieldPath()).isEqualTo("IdentifierResponse.idResponseExtensions");
            assertThat(e.reason()).contains("sorted");
        });
        // A null body.
        assertThat(refusalOf(() -> AbuseReport.decode(null)).fieldPath()).isEqualTo("AbuseReport");
    }

    private static ProtocolException refusalOf(Runnable decode) {
        Throwable thrown = catchThrowable(decode::run);
        assertThat(thrown).isInstanceOf(ProtocolException.class);
        return (ProtocolException) thrown;
    }

    /** Hand-assembled bodies for the tests above. */
    private static final class TlsBytes {
        private final dev.passerelle.connector.dma.mls.codec.TlsWriter out =
                new dev.passerelle.connector.dma.mls.codec.TlsWriter();

        TlsBytes uint8(int value) {
            out.uint8(value);
            return this;
        }

        TlsBytes raw(byte[] bytes) {
            out.fixed(bytes);
            return this;
        }

        TlsBytes opaque(String text) {
            out.opaque(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

}
