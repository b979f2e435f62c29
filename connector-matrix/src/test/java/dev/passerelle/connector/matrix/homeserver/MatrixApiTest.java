package dev.passerelle.connector.matrix.homeserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatrixApiTest {

    private static final MatrixApi API = MatrixApi.fromSharedSpec();
    private static final String ROOM = "/_matrix/client/v3/rooms/%21abc%3Aexample.org";

    private static ApiRequest json(String method, String url, String body) {
        return ApiRequest.of(method, url, Map.of("Content-Type", List.of("application/json"),
                "Authorization", List.of("Bearer as-token")), body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiRequest bytes(String method, String url, String contentType, byte[] body) {
        return ApiRequest.of(method, url, Map.of("Content-Type", List.of(contentType)), body);
    }

    static Stream<Arguments> validRequests() {
        return Stream.of(
                Arguments.of(json("POST", "/_matrix/client/v3/register?kind=user",
                        "{\"type\":\"m.login.application_service\",\"username\":\"xmpp_alice\",\"inhibit_login\":true}")),
                Arguments.of(json("POST", "/_matrix/client/v3/createRoom?user_id=%40xmpp_alice%3Aexample.org",
                        "{\"room_alias_name\":\"xmpp_room\",\"name\":\"Room\",\"topic\":\"t\",\"preset\":\"private_chat\","
                                + "\"invite\":[\"@bob:example.org\"],\"is_direct\":true,\"room_version\":\"11\","
                                + "\"initial_state\":[{\"type\":\"m.room.guest_access\",\"state_key\":\"\","
                                + "\"content\":{\"guest_access\":\"can_join\"}}],"
                                + "\"power_level_content_override\":{\"users_default\":0}}")),
                Arguments.of(json("POST", "/_matrix/client/v3/join/%23room%3Aexample.org?via=example.org&via=b.org", "{}")),
                Arguments.of(json("POST", ROOM + "/join", "{}")),
                Arguments.of(json("POST", ROOM + "/invite", "{\"user_id\":\"@bob:example.org\",\"reason\":\"hi\"}")),
                Arguments.of(json("POST", ROOM + "/leave", "{}")),
                Arguments.of(json("POST", ROOM + "/kick", "{\"user_id\":\"@bob:example.org\"}")),
                Arguments.of(json("POST", ROOM + "/ban", "{\"user_id\":\"@bob:example.org\",\"reason\":\"spam\"}")),
                Arguments.of(json("PUT", ROOM + "/send/m.room.message/txn1?access_token=secret",
                        "{\"msgtype\":\"m.text\",\"body\":\"hello\"}")),
                Arguments.of(json("PUT", ROOM + "/state/m.room.name/", "{\"name\":\"n\"}")),
                Arguments.of(json("PUT", ROOM + "/state/m.room.name", "{\"name\":\"n\"}")),
                Arguments.of(json("PUT", ROOM + "/state/m.room.member/%40bob%3Aexample.org", "{\"membership\":\"join\"}")),
                Arguments.of(json("GET", ROOM + "/state/m.room.name/", null)),
                Arguments.of(json("GET", ROOM + "/state", null)),
                Arguments.of(json("PUT", ROOM + "/redact/%24ev%3Aexample.org/t2", "{\"reason\":\"oops\"}")),
                Arguments.of(json("PUT", "/_matrix/client/v3/profile/%40a%3Aexample.org/displayname",
                        "{\"displayname\":\"Alice\"}")),
                Arguments.of(json("PUT", "/_matrix/client/v3/profile/%40a%3Aexample.org/avatar_url",
                        "{\"avatar_url\":\"mxc://example.org/abc\"}")),
                Arguments.of(json("PUT", ROOM + "/typing/%40a%3Aexample.org", "{\"typing\":true,\"timeout\":30000}")),
                Arguments.of(json("POST", ROOM + "/receipt/m.read/%24ev%3Aexample.org", "{}")),
                Arguments.of(json("POST", ROOM + "/read_markers", "{\"m.fully_read\":\"$ev:example.org\"}")),
                Arguments.of(json("PUT", "/_matrix/client/v3/presence/%40a%3Aexample.org/status",
                        "{\"presence\":\"online\",\"status_msg\":\"here\"}")),
                Arguments.of(bytes("POST", "/_matrix/media/v3/upload?filename=cat.png", "image/png", new byte[] {1, 2})),
                Arguments.of(json("GET", "/_matrix/client/v1/media/download/example.org/abc", null)),
                Arguments.of(json("GET", "/_matrix/client/v1/media/download/example.org/abc/cat.png", null)),
                Arguments.of(json("GET", "/_matrix/media/v3/download/example.org/abc?allow_remote=true", null)),
                Arguments.of(json("GET", "/_matrix/client/v3/directory/room/%23room%3Aexample.org", null)),
                Arguments.of(json("PUT", "/_matrix/client/v3/directory/room/%23room%3Aexample.org",
                        "{\"room_id\":\"!abc:example.org\"}")),
                Arguments.of(json("GET", ROOM + "/joined_members", null)),
                Arguments.of(json("GET", "/_matrix/client/v3/account/whoami?user_id=%40a%3Ab&device_id=D1", null)),
                Arguments.of(json("GET", "/_matrix/client/v1/rooms/%21a%3Ab/timestamp_to_event?ts=1&dir=f", null)),
                Arguments.of(json("POST", "/_matrix/client/v1/appservice/gateway/ping", "{\"transaction_id\":\"p1\"}")),
                Arguments.of(json("PUT", "/_matrix/app/v1/transactions/35", "{\"events\":[]}")),
                Arguments.of(json("PUT", "/transactions/35?access_token=hs", "{\"events\":[]}")),
                Arguments.of(json("GET", "/_matrix/app/v1/users/%40xmpp_a%3Aexample.org", null)),
                Arguments.of(json("GET", "/users/%40xmpp_a%3Aexample.org", null)),
                Arguments.of(json("GET", "/_matrix/app/v1/rooms/%23xmpp_r%3Aexample.org", null)),
                Arguments.of(json("GET", "/rooms/%23xmpp_r%3Aexample.org", null)),
                Arguments.of(json("POST", "/_matrix/app/v1/ping", "{\"transaction_id\":\"p1\"}")),
                Arguments.of(json("GET", "/_matrix/app/v1/thirdparty/protocol/xmpp", null)),
                Arguments.of(json("GET", "/_matrix/app/v1/thirdparty/location/xmpp?room=a", null)),
                Arguments.of(json("GET", "/_matrix/app/v1/thirdparty/user/xmpp?jid=a%40b", null)),
                Arguments.of(json("GET", "/_matrix/app/v1/thirdparty/location?alias=%23a%3Ab", null)),
                Arguments.of(json("GET", "/_matrix/app/v1/thirdparty/user?userid=%40a%3Ab", null)));
    }

    @ParameterizedTest
    @MethodSource("validRequests")
    void requestsTheSpecDefinesPass(ApiRequest request) {
        assertThat(API.validate(request)).isEmpty();
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("wrong method", json("GET", ROOM + "/send/m.room.message/t1", null), "method GET"),
                Arguments.of("unknown path", json("GET", "/_matrix/client/v3/nonsense", null), "no operation"),
                Arguments.of("unknown version", json("PUT", "/_matrix/client/r0/rooms/%21a%3Ab/send/m.x/t", "{}"),
                        "no operation"),
                Arguments.of("body of the wrong type", json("POST", ROOM + "/invite", "{\"user_id\":42}"), "user_id"),
                Arguments.of("required body field missing", json("POST", ROOM + "/kick", "{\"reason\":\"x\"}"),
                        "user_id"),
                Arguments.of("body not an object", json("PUT", ROOM + "/send/m.room.message/t1", "[1]"), "body"),
                Arguments.of("body not JSON", json("PUT", ROOM + "/send/m.room.message/t1", "hello"), "not JSON"),
                Arguments.of("JSON body sent as text", bytes("PUT", ROOM + "/send/m.room.message/t1", "text/plain",
                        "{}".getBytes(StandardCharsets.UTF_8)), "application/json"),
                Arguments.of("required leave body missing", json("POST", ROOM + "/leave", null), "required"),
                Arguments.of("required body missing", json("PUT", ROOM + "/send/m.room.message/t1", null), "required"),
                Arguments.of("unknown query parameter", json("POST", ROOM + "/leave?force=true", "{}"), "force"),
                Arguments.of("user_id assertion on an AS endpoint",
                        json("PUT", "/_matrix/app/v1/transactions/1?user_id=%40a%3Ab", "{\"events\":[]}"), "user_id"),
                Arguments.of("required query parameter missing",
                        json("GET", "/_matrix/client/v1/rooms/%21a%3Ab/timestamp_to_event?dir=f", null), "ts"),
                Arguments.of("enum query value", json("POST", "/_matrix/client/v3/register?kind=robot",
                        "{\"username\":\"a\"}"), "kind"),
                Arguments.of("boolean query value", json("GET", "/_matrix/media/v3/download/a/b?allow_remote=maybe",
                        null), "allow_remote"),
                Arguments.of("integer query value", json("GET", "/_matrix/client/v1/media/download/a/b?timeout_ms=soon",
                        null), "timeout_ms"),
                Arguments.of("path pattern", json("PUT", "/_matrix/client/v3/rooms/abc/send/m.room.message/t", "{}"),
                        "roomId"),
                Arguments.of("transaction without events", json("PUT", "/_matrix/app/v1/transactions/1", "{}"),
                        "events"),
                Arguments.of("body where none is defined", json("GET", ROOM + "/joined_members", "{}"), "no request body"),
                Arguments.of("enum body value", json("PUT", "/_matrix/client/v3/presence/%40a%3Ab/status",
                        "{\"presence\":\"sleepy\"}"), "presence"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void eachKindOfViolationIsCaught(String kind, ApiRequest request, String mentioned) {
        assertThat(API.validate(request)).isNotEmpty().anySatisfy(v -> assertThat(v).contains(mentioned));
    }

    @Test
    void loadsBothApis() {
        assertThat(API.operationCount()).isGreaterThan(150);
    }

    @Test
    void anyTextMessageBodyAndTransactionIdIsAccepted() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40), strings().basicLatinAlphabet().ofLengthBetween(1, 20))
                .checkAssert((body, txn) -> {
                    String content = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                            .put("msgtype", "m.text").put("body", body).toString();
                    String path = ROOM + "/send/m.room.message/"
                            + java.net.URLEncoder.encode(txn, StandardCharsets.UTF_8).replace("+", "%20");
                    assertThat(API.validate(json("PUT", path, content))).isEmpty();
                });
    }

    @Test
    void aMissingRequiredFieldIsCaughtWhateverElseTheBodyHolds() {
        qt().withExamples(40).forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 10), integers().between(0, 1000))
                .checkAssert((reason, n) -> {
                    String body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                            .put("reason", reason).put("n", n).toString();
                    for (String action : List.of("kick", "ban", "invite")) {
                        assertThat(API.validate(json("POST", ROOM + "/" + action, body)))
                                .as(action).anySatisfy(v -> assertThat(v).contains("user_id"));
                    }
                });
    }
}
