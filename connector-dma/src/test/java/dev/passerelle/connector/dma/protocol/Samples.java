package dev.passerelle.connector.dma.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.crypto.HpkeCiphertext;
import dev.passerelle.connector.dma.mls.message.GroupInfo;
import dev.passerelle.connector.dma.mls.message.KeyPackage;
import dev.passerelle.connector.dma.mls.message.PrivateMessage;
import dev.passerelle.connector.dma.mls.group.Extension;
import dev.passerelle.connector.dma.mls.tree.Capabilities;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.mls.tree.RatchetTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** Sample values of every protocol body, built on real MLS structures from the mlswg messages.json vectors. */
final class Samples {

    /** One body: its value, how to encode it and the decoder that must read it back. */
    record Sample(String name, Object value, Supplier<byte[]> encode, Function<byte[], Object> decode) {

        byte[] bytes() {
            return encode.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final JsonNode VECTOR = TestVectors.all("messages.json").get(0).json();

    private Samples() {
    }

    static byte[] vector(String field) {
        return TestVectors.hex(VECTOR, field);
    }

    static WireMessage welcome() {
        return WireMessage.parse(vector("mls_welcome"));
    }

    static WireMessage publicProposal() {
        return WireMessage.parse(vector("public_message_proposal"));
    }

    static WireMessage publicCommit() {
        return WireMessage.parse(vector("public_message_commit"));
    }

    static KeyPackage keyPackage() {
        return WireMessage.parse(vector("mls_key_package")).keyPackage();
    }

    static GroupInfo groupInfo() {
        return WireMessage.parse(vector("mls_group_info")).groupInfo();
    }

    static RatchetTreeOption fullTree() {
        return RatchetTreeOption.full(RatchetTree.decode(new TlsReader(vector("ratchet_tree"))));
    }

    static WireMessage application(byte[] ciphertext) {
        return WireMessage.of(new PrivateMessage(bytes(4, 7), 5, WireMessage.APPLICATION, new byte[0], bytes(8, 3),
                ciphertext));
    }

    static WireMessage semiPrivate(int contentType) {
        return WireMessage.of(new SemiPrivateMessage(Opaque.of(bytes(4, 7)), 5, contentType, Opaque.empty(),
                Opaque.of(bytes(32, 1)),
                List.of(new SemiPrivateMessage.KeyForExternalReceiver(Opaque.of(bytes(32, 2)),
                        new HpkeCiphertext(bytes(32, 3), bytes(48, 4)))),
                Opaque.of(bytes(32, 5)), Opaque.of(bytes(16, 6)), Opaque.of(bytes(40, 7))));
    }

    static IdentifierUri uri(String text) {
        return new IdentifierUri(text);
    }

    static Credential credential(String name) {
        return new Credential.Basic(name.getBytes(StandardCharsets.UTF_8));
    }

    static Frank frank() {
        return new Frank(Opaque.of(bytes(32, 9)), 1, Opaque.of(bytes(64, 10)));
    }

    static byte[] bytes(int length, int seed) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) (seed * 31 + i * 7);
        }
        return out;
    }

    static KeyMaterialRequest keyMaterialRequest() {
        return new KeyMaterialRequest(uri("mimi://a.example/u/alice"), uri("mimi://b.example/u/bob"),
                uri("mimi://a.example/r/clubhouse"), List.of(1, 3),
                new RequiredCapabilities(List.of(0xf000), List.of(8), List.of(1)), Opaque.of(bytes(32, 1)),
                credential("alice"), Opaque.of(bytes(64, 2)));
    }

    static UpdateRequest commitUpdate() {
        return UpdateRequest.commit(publicCommit(), Optional.of(welcome().welcome()),
                GroupInfoOption.full(groupInfo()), fullTree());
    }

    static List<Sample> all() {
        List<Sample> out = new ArrayList<>();
        IdentifierUri bob = uri("mimi://b.example/u/bob");
        IdentifierUri room = uri("mimi://a.example/r/clubhouse");
        KeyMaterialRequest kmr = keyMaterialRequest();
        out.add(new Sample("KeyMaterialRequest", kmr, kmr::toBytes, KeyMaterialRequest::decode));
        for (KeyMaterialResponse r : List.of(
                new KeyMaterialResponse(KeyMaterialResponse.UserCode.SUCCESS, bob, List.of(
                        KeyMaterialResponse.ClientKeyMaterial.success(uri("mimi://b.example/d/b1"), keyPackage()))),
                new KeyMaterialResponse(KeyMaterialResponse.UserCode.PARTIAL_SUCCESS, bob, List.of(
                        KeyMaterialResponse.ClientKeyMaterial.success(uri("mimi://b.example/d/b1"), keyPackage()),
                        KeyMaterialResponse.ClientKeyMaterial.exhausted(uri("mimi://b.example/d/b2")),
                        KeyMaterialResponse.ClientKeyMaterial.nothingCompatible(uri("mimi://b.example/d/b3"),
                                Optional.of(new Capabilities(List.of(1), List.of(1, 2), List.of(), List.of(),
                                        List.of(1)))),
                        KeyMaterialResponse.ClientKeyMaterial.nothingCompatible(uri("mimi://b.example/d/b4"),
                                Optional.empty()))),
                KeyMaterialResponse.refused(KeyMaterialResponse.UserCode.NO_CONSENT_FOR_THIS_ROOM, bob))) {
            out.add(new Sample("KeyMaterialResponse " + r.userStatus(), r, r::toBytes, KeyMaterialResponse::decode));
        }
        for (UpdateRequest u : List.of(commitUpdate(),
                UpdateRequest.commit(semiPrivate(WireMessage.COMMIT), Optional.empty(),
                        GroupInfoOption.partial(new PartialGroupInfo(PartialGroupInfo.RatchetTreePresence.ADDED,
                                List.of(new Extension(0xf001, bytes(3, 1))), Opaque.of(bytes(64, 3)))),
                        RatchetTreeOption.httpsUri("https://a.example/tree/1")),
                UpdateRequest.proposals(publicProposal(), List.of(semiPrivate(WireMessage.PROPOSAL))))) {
            out.add(new Sample("UpdateRequest " + (u.isCommit() ? "commit " : "proposal ")
                    + u.proposalOrCommit().wireFormat(), u, u::toBytes, UpdateRequest::decode));
        }
        for (UpdateResponse r : List.of(UpdateResponse.success(1_700_000_000_123L),
                UpdateResponse.wrongEpoch(42, "epoch moved"), UpdateResponse.notAllowed("banned"),
                UpdateResponse.invalidProposal(List.of(Opaque.of(bytes(32, 1)), Opaque.of(bytes(32, 2))), "bad"))) {
            out.add(new Sample("UpdateResponse " + r.responseCode(), r, r::toBytes, UpdateResponse::decode));
        }
        SubmitMessageRequest submit = new SubmitMessageRequest(application(bytes(60, 1)),
                uri("mimi://c.example/u/cathy"));
        out.add(new Sample("SubmitMessageRequest", submit, submit::toBytes, SubmitMessageRequest::decode));
        for (SubmitMessageResponse r : List.of(SubmitMessageResponse.accepted(17, Optional.of(frank())),
                SubmitMessageResponse.accepted(18, Optional.empty()), SubmitMessageResponse.notAllowed(),
                SubmitMessageResponse.epochTooOld(9))) {
            out.add(new Sample("SubmitMessageResponse " + r.statusCode() + r.frank().isPresent(), r, r::toBytes,
                    SubmitMessageResponse::decode));
        }
        for (FanoutMessage f : List.of(FanoutMessage.application(1, application(bytes(20, 2)), Optional.of(frank())),
                FanoutMessage.application(2, application(bytes(20, 3)), Optional.empty()),
                FanoutMessage.welcome(3, welcome(), fullTree()),
                FanoutMessage.proposal(4, publicProposal(), List.of(semiPrivate(WireMessage.PROPOSAL))),
                FanoutMessage.commit(5, publicCommit(), List.of(publicProposal())))) {
            out.add(new Sample("FanoutMessage " + f.kind() + f.timestamp(), f, f::toBytes, FanoutMessage::decode));
        }
        for (GroupInfoRequest g : List.of(
                new GroupInfoRequest(1, Opaque.of(bytes(32, 1)), credential("c1"), Opaque.of(bytes(32, 2)),
                        Opaque.empty(), Opaque.of(bytes(64, 3))),
                new GroupInfoRequest(1, Opaque.of(bytes(32, 1)), credential("c1"), Opaque.of(bytes(32, 2)),
                        Opaque.of("join-me".getBytes(StandardCharsets.UTF_8)), Opaque.of(bytes(64, 3))))) {
            out.add(new Sample("GroupInfoRequest " + g.hasJoiningCode(), g, g::toBytes, GroupInfoRequest::decode));
        }
        for (GroupInfoResponse g : List.of(
                GroupInfoResponse.success(room, new GroupInfoResponse.Success(1,
                        new ExternalSender(Opaque.of(bytes(32, 4)), credential("hub")),
                        new HpkeCiphertext(bytes(32, 5), bytes(90, 6)), Opaque.of(bytes(64, 7)))),
                GroupInfoResponse.refused(room, GroupInfoResponse.Code.NOT_AUTHORIZED))) {
            out.add(new Sample("GroupInfoResponse " + g.status(), g, g::toBytes, GroupInfoResponse::decode));
        }
        GroupInfoRatchetTreeTbe tbe = new GroupInfoRatchetTreeTbe(groupInfo(), fullTree(),
                List.of(new GroupInfoRatchetTreeTbe.PendingProposal(publicProposal(), 77)));
        out.add(new Sample("GroupInfoRatchetTreeTBE", tbe, tbe::toBytes, GroupInfoRatchetTreeTbe::decode));
        for (ConsentEntry c : List.of(
                new ConsentEntry(ConsentEntry.Operation.REQUEST, uri("mimi://a.example/u/alice"), bob,
                        Optional.of(room), List.of(), AppDataDictionary.empty()),
                new ConsentEntry(ConsentEntry.Operation.GRANT, uri("mimi://a.example/u/alice"), bob, Optional.empty(),
                        List.of(keyPackage()), new AppDataDictionary(List.of(
                                new AppDataDictionary.ComponentData(3, Opaque.of(bytes(2, 1))),
                                new AppDataDictionary.ComponentData(9, Opaque.empty())))))) {
            out.add(new Sample("ConsentEntry " + c.consentOperation(), c, c::toBytes, ConsentEntry::decode));
        }
        ConsentScope scope = new ConsentScope(uri("mimi://a.example/u/alice"), bob, Optional.of(room));
        out.add(new Sample("ConsentScope", scope, scope::toBytes, ConsentScope::decode));
        IdentifierRequest query = new IdentifierRequest(List.of(
                IdentifierRequest.QueryElement.of(IdentifierRequest.SearchType.PHONE, "+12125551212"),
                new IdentifierRequest.QueryElement(IdentifierRequest.SearchType.OIDC_STD_CLAIM,
                        Optional.of("given_name"), "Xavier"),
                new IdentifierRequest.QueryElement(IdentifierRequest.SearchType.VCARD_FIELD, Optional.of("ORG"),
                        "XYZ Société")), AppDataDictionary.empty());
        out.add(new Sample("IdentifierRequest", query, query::toBytes, IdentifierRequest::decode));
        for (IdentifierResponse r : List.of(
                new IdentifierResponse(IdentifierResponse.Code.SUCCESS, List.of(uri("mimi://xyz.example/u/x")),
                        List.of(new IdentifierResponse.UserProfile(uri("mimi://xyz.example/u/x"), List.of(
                                new IdentifierResponse.ProfileField(IdentifierResponse.FieldSource.OIDC_STD_CLAIM,
                                        "family_name", Opaque.of("Sales".getBytes(StandardCharsets.UTF_8)))))),
                        AppDataDictionary.empty()),
                IdentifierResponse.failed(IdentifierResponse.Code.AMBIGUOUS))) {
            out.add(new Sample("IdentifierResponse " + r.responseCode(), r, r::toBytes, IdentifierResponse::decode));
        }
        AbuseReport report = new AbuseReport(uri("mimi://b.example/u/bob"), uri("mimi://c.example/u/cathy"), 0,
                "spam ✉", List.of(new AbuseReport.AbusiveMessage(Opaque.of(bytes(30, 1)), frank(), 99)),
                AppDataDictionary.empty());
        out.add(new Sample("AbuseReport", report, report::toBytes, AbuseReport::decode));
        ServerFrankingContext context = new ServerFrankingContext(uri("mimi://c.example/u/cathy"), room, 5);
        out.add(new Sample("ServerFrankingContext", context, context::toBytes, ServerFrankingContext::decode));
        for (WireMessage m : List.of(welcome(), publicProposal(), publicCommit(), application(bytes(5, 5)),
                semiPrivate(WireMessage.COMMIT), WireMessage.of(groupInfo()), WireMessage.of(keyPackage()))) {
            out.add(new Sample("MLSMessage " + m.wireFormat() + "/" + m.contentType(), m, () -> m.encoded().bytes(),
                    WireMessage::parse));
        }
        return out;
    }
}
