package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Every body decoder of the MIMI protocol (draft-ietf-mimi-protocol-06, TLS presentation language), fed arbitrary
 * bytes, either refuses them with a {@link ProtocolException} naming a field, or accepts a body that its encoder
 * writes back byte for byte: no other exception, and no second encoding of the same value.
 *
 * <p>Input layout: the first byte picks the decoder (modulo their number, in the order of {@link #DECODERS}); the
 * rest is the body.
 */
class ProtocolBodyFuzzTest {

    /** A decoder and the encoder that must give back the bytes of whatever it accepts. */
    record Codec(String name, Function<byte[], Object> decode, Function<Object, byte[]> encode) {
    }

    static final List<Codec> DECODERS = List.of(
            new Codec("KeyMaterialRequest", KeyMaterialRequest::decode, v -> ((KeyMaterialRequest) v).toBytes()),
            new Codec("KeyMaterialResponse", KeyMaterialResponse::decode, v -> ((KeyMaterialResponse) v).toBytes()),
            new Codec("UpdateRequest", UpdateRequest::decode, v -> ((UpdateRequest) v).toBytes()),
            new Codec("UpdateResponse", UpdateResponse::decode, v -> ((UpdateResponse) v).toBytes()),
            new Codec("SubmitMessageRequest", SubmitMessageRequest::decode,
                    v -> ((SubmitMessageRequest) v).toBytes()),
            new Codec("SubmitMessageResponse", SubmitMessageResponse::decode,
                    v -> ((SubmitMessageResponse) v).toBytes()),
            new Codec("FanoutMessage", FanoutMessage::decode, v -> ((FanoutMessage) v).toBytes()),
            new Codec("notify", FanoutMessage::decodeAll, v -> FanoutMessage.toBytes(fanouts(v))),
            new Codec("GroupInfoRequest", GroupInfoRequest::decode, v -> ((GroupInfoRequest) v).toBytes()),
            new Codec("GroupInfoResponse", GroupInfoResponse::decode, v -> ((GroupInfoResponse) v).toBytes()),
            new Codec("GroupInfoRatchetTreeTBE", GroupInfoRatchetTreeTbe::decode,
                    v -> ((GroupInfoRatchetTreeTbe) v).toBytes()),
            new Codec("ConsentEntry", ConsentEntry::decode, v -> ((ConsentEntry) v).toBytes()),
            new Codec("ConsentScope", ConsentScope::decode, v -> ((ConsentScope) v).toBytes()),
            new Codec("IdentifierRequest", IdentifierRequest::decode, v -> ((IdentifierRequest) v).toBytes()),
            new Codec("IdentifierResponse", IdentifierResponse::decode, v -> ((IdentifierResponse) v).toBytes()),
            new Codec("AbuseReport", AbuseReport::decode, v -> ((AbuseReport) v).toBytes()),
            new Codec("ServerFrankingContext", ServerFrankingContext::decode,
                    v -> ((ServerFrankingContext) v).toBytes()),
            new Codec("MLSMessage", WireMessage::parse, v -> ((WireMessage) v).encoded().bytes()));

    @FuzzTest(maxDuration = "15s")
    void bodiesAreRefusedNamingAFieldOrReencodeToTheSameBytes(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Codec codec = DECODERS.get((data[0] & 0xff) % DECODERS.size());
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        Object decoded;
        try {
            decoded = codec.decode().apply(body);
        } catch (ProtocolException refused) {
            assertThat(refused.fieldPath()).isNotBlank();
            assertThat(refused.reason()).isNotBlank();
            return;
        }
        assertThat(codec.encode().apply(decoded)).as("%s %s", codec.name(), HexFormat.of().formatHex(body))
                .isEqualTo(body);
    }

    @SuppressWarnings("unchecked")
    private static List<FanoutMessage> fanouts(Object value) {
        return (List<FanoutMessage>) value;
    }
}
