package dev.passerelle.connector.dma.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pins the wire layout: each expected hex string is written by hand from the draft's presentation-language
 * definition (uint8 enums, RFC 9420 varint-prefixed vectors, optional presence bytes), then decoded back.
 */
@Tag("feature:mimi-protocol")
class ProtocolWireLayoutTest {

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    private static IdentifierUri uri(String text) {
        return new IdentifierUri(text);
    }

    @Test
    void submitMessageResponses() {
        // protocol mls10, statusCode epochTooOld(2), uint64 currentEpoch
        SubmitMessageResponse tooOld = SubmitMessageResponse.epochTooOld(9);
        assertThat(tooOld.toBytes()).isEqualTo(hex("01 02 0000000000000009"));
        // accepted(0), uint64 accepted_timestamp, optional<Frank> present: server_frank[32], CipherSuite, opaque<V>
        byte[] serverFrank = new byte[32];
        java.util.Arrays.fill(serverFrank, (byte) 0xaa);
        SubmitMessageResponse franked = SubmitMessageResponse.accepted(0x0102030405060708L,
                Optional.of(new Frank(Opaque.of(serverFrank), 1, Opaque.of(new byte[] {0x5a}))));
        byte[] expected = hex("01 00 0102030405060708 01 " + "aa".repeat(32) + " 0001 01 5a");
        assertThat(franked.toBytes()).isEqualTo(expected);
        assertThat(SubmitMessageResponse.decode(expected)).isEqualTo(franked);
        assertThat(SubmitMessageResponse.accepted(1, Optional.empty()).toBytes())
                .isEqualTo(hex("01 00 0000000000000001 00"));
        assertThat(SubmitMessageResponse.notAllowed().toBytes()).isEqualTo(hex("01 01"));
    }

    @Test
    void updateResponses() {
        // responseCode, string errorDescription as opaque<V>, then the selected part
        assertThat(UpdateResponse.wrongEpoch(42, "old").toBytes()).isEqualTo(hex("01 03 6f6c64 000000000000002a"));
        assertThat(UpdateResponse.success(0x10).toBytes()).isEqualTo(hex("00 00 0000000000000010"));
        assertThat(UpdateResponse.notAllowed("").toBytes()).isEqualTo(hex("02 00"));
        // ProposalRef invalidProposals<V>: one 2-byte ref is 3 bytes of vector
        UpdateResponse invalid = UpdateResponse.invalidProposal(
                List.of(Opaque.of(new byte[] {(byte) 0xab, (byte) 0xcd})), "");
        assertThat(invalid.toBytes()).isEqualTo(hex("03 00 03 02abcd"));
        assertThat(UpdateResponse.decode(hex("03 00 03 02abcd"))).isEqualTo(invalid);
    }

    @Test
    void keyMaterialBodies() {
        // protocol, userStatus userDeleted(7), IdentifierUri, empty clients<V>
        assertThat(KeyMaterialResponse.refused(KeyMaterialResponse.UserCode.USER_DELETED, uri("u:b")).toBytes())
                .isEqualTo(hex("01 07 03753a62 00"));
        // a client with keyMaterialExhausted(1): status, clientUri, nothing else
        KeyMaterialResponse partial = new KeyMaterialResponse(KeyMaterialResponse.UserCode.PARTIAL_SUCCESS, uri("b"),
                List.of(KeyMaterialResponse.ClientKeyMaterial.exhausted(uri("c")),
                        KeyMaterialResponse.ClientKeyMaterial.nothingCompatible(uri("d"), Optional.empty())));
        assertThat(partial.toBytes()).isEqualTo(hex("01 01 0162 07 01 0163 02 0164 00"));

        KeyMaterialRequest request = new KeyMaterialRequest(uri("a"), uri("b"), uri("r"), List.of(1),
                RequiredCapabilities.none(), Opaque.of(new byte[] {0x11}),
                new Credential.Basic("a".getBytes(StandardCharsets.UTF_8)), Opaque.of(new byte[] {0x22}));
        // protocol, three URIs, CipherSuite<V> [1], RequiredCapabilities (three empty lists), signature key,
        // Credential basic(1) with identity "a", then the signature
        String tbs = "01 0161 0162 0172 02 0001 00 00 00 01 11 0001 01 61";
        assertThat(request.toBeSigned()).isEqualTo(hex(tbs));
        assertThat(request.toBytes()).isEqualTo(hex(tbs + " 01 22"));
        assertThat(KeyMaterialRequest.decode(hex(tbs + " 01 22"))).isEqualTo(request);
    }

    @Test
    void identifierQuery() {
        // QueryElement: searchType phone(4), searchValue "+1"; oidcStdClaim(7) adds claimName before the value
        IdentifierRequest request = new IdentifierRequest(List.of(
                IdentifierRequest.QueryElement.of(IdentifierRequest.SearchType.PHONE, "+1"),
                new IdentifierRequest.QueryElement(IdentifierRequest.SearchType.OIDC_STD_CLAIM, Optional.of("a"), "b")),
                AppDataDictionary.empty());
        byte[] expected = hex("09 04 022b31 07 0161 0162 00");
        assertThat(request.toBytes()).isEqualTo(expected);
        assertThat(IdentifierRequest.decode(expected)).isEqualTo(request);
        assertThat(IdentifierResponse.failed(IdentifierResponse.Code.NOT_FOUND).toBytes())
                .isEqualTo(hex("01 00 00 00"));
    }

    @Test
    void consentAndAbuse() {
        // consentOperation request(1), two URIs, optional<RoomId> present, no KeyPackages (not a grant),
        // empty dictionary
        ConsentEntry request = new ConsentEntry(ConsentEntry.Operation.REQUEST, uri("a"), uri("b"),
                Optional.of(uri("r")), List.of(), AppDataDictionary.empty());
        assertThat(request.toBytes()).isEqualTo(hex("01 0161 0162 01 0172 00"));
        // grant(2): optional absent, then KeyPackage clientKeyPackages<V> (empty), then the dictionary with one entry
        ConsentEntry grant = new ConsentEntry(ConsentEntry.Operation.GRANT, uri("a"), uri("b"), Optional.empty(),
                List.of(), new AppDataDictionary(List.of(new AppDataDictionary.ComponentData(0x0102,
                        Opaque.of(new byte[] {0x7f})))));
        byte[] grantBytes = hex("02 0161 0162 00 00 04 0102 01 7f");
        assertThat(grant.toBytes()).isEqualTo(grantBytes);
        assertThat(ConsentEntry.decode(grantBytes)).isEqualTo(grant);
        // anonymous reporter (empty URI), reasonCode 0, empty note, no messages, empty dictionary
        AbuseReport report = new AbuseReport(uri(""), uri("x"), 0, "", List.of(), AppDataDictionary.empty());
        assertThat(report.toBytes()).isEqualTo(hex("00 0178 00 00 00 00"));
    }

    @Test
    void groupInfoAndFanout() {
        // protocol (named version), room_id<V>, status notAuthorized(2), nothing else
        assertThat(GroupInfoResponse.refused(uri("r"), GroupInfoResponse.Code.NOT_AUTHORIZED).toBytes())
                .isEqualTo(hex("01 0172 02"));
        GroupInfoRequest request = new GroupInfoRequest(1, Opaque.of(new byte[] {0x11}),
                new Credential.Basic(new byte[] {0x61}), Opaque.of(new byte[] {0x33}), Opaque.empty(),
                Opaque.of(new byte[] {0x44}));
        // protocol, CipherSuite, signature key, credential, HPKE key, joiningCode<V> empty, signature
        assertThat(request.toBytes()).isEqualTo(hex("01 0001 0111 0001 0161 0133 00 0144"));
        assertThat(request.toBeSigned()).isEqualTo(hex("01 0001 0111 0001 0161 0133 00"));

        // uint64 timestamp, MLSMessage (mls10, private_message(2): group_id, epoch, content_type application,
        // authenticated_data, encrypted_sender_data, ciphertext), optional<Frank> absent
        FanoutMessage fanout = FanoutMessage.application(1, WireMessage.of(new PrivateMessage(new byte[] {0x67}, 2,
                WireMessage.APPLICATION, new byte[0], new byte[] {1}, new byte[] {2})), Optional.empty());
        byte[] expected = hex("0000000000000001 0001 0002 0167 0000000000000002 01 00 0101 0102 00");
        assertThat(fanout.toBytes()).isEqualTo(expected);
        assertThat(FanoutMessage.decode(expected)).isEqualTo(fanout);
        // Two FanoutMessages back to back in one notify body.
        byte[] two = FanoutMessage.toBytes(List.of(fanout, fanout));
        assertThat(two).isEqualTo(hex(HexFormat.of().formatHex(expected).repeat(2)));
        assertThat(FanoutMessage.decodeAll(two)).containsExactly(fanout, fanout);
    }

    @Test
    void ratchetTreeOptions() {
        assertThat(encode(RatchetTreeOption.httpsUri("https://t"))).isEqualTo(hex("02 09 68747470733a2f2f74"));
        assertThat(encode(RatchetTreeOption.without(RatchetTreeOption.Representation.DISTRIBUTION_SERVICE)))
                .isEqualTo(hex("04"));
    }

    private static byte[] encode(RatchetTreeOption option) {
        dev.passerelle.connector.dma.mls.codec.TlsWriter out = new dev.passerelle.connector.dma.mls.codec.TlsWriter();
        option.encode(out);
        return out.toByteArray();
    }
}
