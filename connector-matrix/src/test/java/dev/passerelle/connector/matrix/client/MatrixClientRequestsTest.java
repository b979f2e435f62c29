package dev.passerelle.connector.matrix.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.passerelle.connector.matrix.client.WireMockHomeserver.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.passerelle.core.address.MatrixUserId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each call's method, encoded path, query, headers and exact JSON body, and how its answer is read. */
class MatrixClientRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MatrixUserId GHOST = MatrixUserId.parse("@_xmpp_alice=40example.org:hs.example");
    private static final String GHOST_QUERY = "user_id=%40_xmpp_alice%3D40example.org%3Ahs.example";
    private static final Optional<MatrixUserId> AS_GHOST = Optional.of(GHOST);
    private static final String ROOM = "!AbC/d+e:hs.example";
    private static final String ROOM_PATH = "%21AbC%2Fd%2Be%3Ahs.example";

    private WireMockHomeserver hs;

    @BeforeEach
    void start() {
        hs = new WireMockHomeserver();
    }

    @AfterEach
    void stop() {
        hs.close();
    }

    private void answer(String json) {
        hs.server.stubFor(any(anyUrl()).willReturn(okJson(json)));
    }

    private LoggedRequest only(RequestPatternBuilder pattern) {
        hs.server.verify(1, anyRequestedFor(anyUrl()));
        List<LoggedRequest> found = hs.server.findAll(pattern);
        assertThat(found).as("the one request matches %s", pattern.build()).hasSize(1);
        LoggedRequest request = found.get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + WireMockHomeserver.TOKEN);
        return request;
    }

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void registerGhostUsesTheApplicationServiceLoginTypeWithoutLoggingIn() {
        answer("{\"user_id\":\"@_xmpp_bob:hs.example\"}");
        await(hs.client.registerGhost("_xmpp_bob"));
        only(postRequestedFor(urlEqualTo("/_matrix/client/v3/register")).withRequestBody(equalToJson(
                "{\"type\":\"m.login.application_service\",\"username\":\"_xmpp_bob\",\"inhibit_login\":true}")));
    }

    @Test
    void sendPutsTheContentUnderTheTransactionIdActingAsTheGhost() throws Exception {
        answer("{\"event_id\":\"$ev1\"}");
        String eventId = await(hs.client.send(AS_GHOST, ROOM, "m.room.message", "p1.a/b+c=",
                json("{\"msgtype\":\"m.text\",\"body\":\"héllo\"}")));
        assertThat(eventId).isEqualTo("$ev1");
        only(putRequestedFor(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH
                + "/send/m.room.message/p1.a%2Fb%2Bc%3D?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"msgtype\":\"m.text\",\"body\":\"héllo\"}")));
    }

    @Test
    void theAppserviceItselfSendsWithoutUserId() throws Exception {
        answer("{\"event_id\":\"$ev1\"}");
        await(hs.client.send(Optional.empty(), "!r:hs.example", "m.reaction", "t1",
                json("{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$x\",\"key\":\"👍\"}}")));
        LoggedRequest request = only(putRequestedFor(
                urlEqualTo("/_matrix/client/v3/rooms/%21r%3Ahs.example/send/m.reaction/t1")));
        assertThat(request.getUrl()).doesNotContain("user_id");
    }

    @Test
    void sendStateWithAnEmptyKeyEndsInASlash() throws Exception {
        answer("{\"event_id\":\"$st\"}");
        assertThat(await(hs.client.sendState(AS_GHOST, ROOM, "m.room.name", "", json("{\"name\":\"Portal\"}"))))
                .isEqualTo("$st");
        only(putRequestedFor(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH + "/state/m.room.name/?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"name\":\"Portal\"}")));
    }

    @Test
    void redactCarriesTheEventIdAndReason() {
        answer("{\"event_id\":\"$red\"}");
        assertThat(await(hs.client.redact(AS_GHOST, ROOM, "$abc/def+g", "r1", Optional.of("spam")))).isEqualTo("$red");
        only(putRequestedFor(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH + "/redact/%24abc%2Fdef%2Bg/r1?"
                + GHOST_QUERY)).withRequestBody(equalToJson("{\"reason\":\"spam\"}")));
    }

    @Test
    void createRoomSendsOnlyTheFieldsSet() throws Exception {
        answer("{\"room_id\":\"!new:hs.example\"}");
        CreateRoom request = CreateRoom.builder()
                .aliasLocalpart("_xmpp_room=40conf.example.org")
                .name("Room")
                .topic("Topic")
                .preset(CreateRoom.Preset.PRIVATE_CHAT)
                .visibility(CreateRoom.Visibility.PRIVATE)
                .invite(MatrixUserId.parse("@carol:hs.example"))
                .direct(true)
                .roomVersion("12")
                .initialState("m.room.avatar", "", json("{\"url\":\"mxc://hs.example/av\"}"))
                .powerLevelOverride(json("{\"users\":{\"@carol:hs.example\":50}}"))
                .creationContent(json("{\"m.federate\":true}"))
                .build();
        assertThat(await(hs.client.createRoom(AS_GHOST, request))).isEqualTo("!new:hs.example");
        only(postRequestedFor(urlEqualTo("/_matrix/client/v3/createRoom?" + GHOST_QUERY)).withRequestBody(equalToJson(
                "{\"room_alias_name\":\"_xmpp_room=40conf.example.org\",\"name\":\"Room\",\"topic\":\"Topic\","
                        + "\"preset\":\"private_chat\",\"visibility\":\"private\",\"invite\":[\"@carol:hs.example\"],"
                        + "\"is_direct\":true,\"room_version\":\"12\",\"initial_state\":[{\"type\":\"m.room.avatar\","
                        + "\"state_key\":\"\",\"content\":{\"url\":\"mxc://hs.example/av\"}}],"
                        + "\"power_level_content_override\":{\"users\":{\"@carol:hs.example\":50}},"
                        + "\"creation_content\":{\"m.federate\":true}}")));
    }

    @Test
    void aMinimalCreateRoomIsAnEmptyObject() {
        answer("{\"room_id\":\"!new:hs.example\"}");
        await(hs.client.createRoom(Optional.empty(), CreateRoom.builder().build()));
        only(postRequestedFor(urlEqualTo("/_matrix/client/v3/createRoom")).withRequestBody(equalToJson("{}")));
    }

    @Test
    void roomVersion12CreatorsMayNotBeListedInPowerLevels() throws Exception {
        CreateRoom listsGhost = CreateRoom.builder().roomVersion("12")
                .powerLevelOverride(json("{\"users\":{\"" + GHOST + "\":100}}")).build();
        assertThatThrownBy(() -> hs.client.createRoom(AS_GHOST, listsGhost))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("creator");
        assertThatThrownBy(() -> CreateRoom.builder().roomVersion("12")
                .creationContent(json("{\"additional_creators\":[\"@bob:hs.example\"]}"))
                .powerLevelOverride(json("{\"users\":{\"@bob:hs.example\":100}}")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@bob:hs.example");
        // Before version 12 the creator is listed like anyone else.
        CreateRoom v11 = CreateRoom.builder().roomVersion("11")
                .powerLevelOverride(json("{\"users\":{\"" + GHOST + "\":100}}")).build();
        answer("{\"room_id\":\"!v11:hs.example\"}");
        assertThat(await(hs.client.createRoom(AS_GHOST, v11))).isEqualTo("!v11:hs.example");
    }

    @Test
    void joinByAliasWithVia() {
        answer("{\"room_id\":\"!joined:hs.example\"}");
        assertThat(await(hs.client.join(AS_GHOST, "#room:hs.example", List.of("other.example"))))
                .isEqualTo("!joined:hs.example");
        only(postRequestedFor(urlEqualTo("/_matrix/client/v3/join/%23room%3Ahs.example?via=other.example&"
                + GHOST_QUERY)).withRequestBody(equalToJson("{}")));
    }

    @Test
    void membershipCalls() {
        answer("{}");
        MatrixUserId carol = MatrixUserId.parse("@carol:hs.example");
        await(hs.client.invite(AS_GHOST, ROOM, carol));
        await(hs.client.kick(AS_GHOST, ROOM, carol, Optional.of("bye")));
        await(hs.client.ban(AS_GHOST, ROOM, carol, Optional.empty()));
        await(hs.client.unban(AS_GHOST, ROOM, carol, Optional.of("ok")));
        await(hs.client.leave(AS_GHOST, ROOM));
        String base = "/_matrix/client/v3/rooms/" + ROOM_PATH + "/";
        hs.server.verify(postRequestedFor(urlEqualTo(base + "invite?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"user_id\":\"@carol:hs.example\"}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "kick?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"user_id\":\"@carol:hs.example\",\"reason\":\"bye\"}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "ban?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"user_id\":\"@carol:hs.example\"}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "unban?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"user_id\":\"@carol:hs.example\",\"reason\":\"ok\"}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "leave?" + GHOST_QUERY)).withRequestBody(equalToJson("{}")));
        hs.server.verify(5, anyRequestedFor(anyUrl()));
    }

    @Test
    void profileCallsActAsTheUserTheyChange() {
        answer("{}");
        await(hs.client.setDisplayName(GHOST, "Alice (XMPP)"));
        await(hs.client.setAvatarUrl(GHOST, URI.create("mxc://hs.example/abc_DEF-1")));
        String base = "/_matrix/client/v3/profile/%40_xmpp_alice%3D40example.org%3Ahs.example/";
        hs.server.verify(putRequestedFor(urlEqualTo(base + "displayname?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"displayname\":\"Alice (XMPP)\"}")));
        hs.server.verify(putRequestedFor(urlEqualTo(base + "avatar_url?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"avatar_url\":\"mxc://hs.example/abc_DEF-1\"}")));
        assertThatThrownBy(() -> hs.client.setAvatarUrl(GHOST, URI.create("https://example.org/a.png")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ephemeralCalls() {
        answer("{}");
        String user = "%40_xmpp_alice%3D40example.org%3Ahs.example";
        await(hs.client.setTyping(GHOST, ROOM, true, Duration.ofSeconds(30)));
        await(hs.client.setTyping(GHOST, ROOM, false, null));
        await(hs.client.sendReceipt(GHOST, ROOM, "$e1"));
        await(hs.client.setReadMarkers(GHOST, ROOM, "$e1", Optional.of("$e2")));
        await(hs.client.setPresence(GHOST, "unavailable", Optional.of("away")));
        String base = "/_matrix/client/v3/rooms/" + ROOM_PATH + "/";
        hs.server.verify(putRequestedFor(urlEqualTo(base + "typing/" + user + "?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"typing\":true,\"timeout\":30000}")));
        hs.server.verify(putRequestedFor(urlEqualTo(base + "typing/" + user + "?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"typing\":false}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "receipt/m.read/%24e1?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{}")));
        hs.server.verify(postRequestedFor(urlEqualTo(base + "read_markers?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"m.fully_read\":\"$e1\",\"m.read\":\"$e2\"}")));
        hs.server.verify(putRequestedFor(urlEqualTo("/_matrix/client/v3/presence/" + user + "/status?" + GHOST_QUERY))
                .withRequestBody(equalToJson("{\"presence\":\"unavailable\",\"status_msg\":\"away\"}")));
        assertThatThrownBy(() -> hs.client.setPresence(GHOST, "busy", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadPostsTheBytesWithTheirTypeAndAnswersTheMxcUri() {
        answer("{\"content_uri\":\"mxc://hs.example/up_1\"}");
        byte[] data = "GIF89a...".getBytes(StandardCharsets.US_ASCII);
        URI uri = await(hs.client.upload(AS_GHOST, data, "image/gif", Optional.of("a b.gif")));
        assertThat(uri).isEqualTo(URI.create("mxc://hs.example/up_1"));
        LoggedRequest request = only(postRequestedFor(urlEqualTo("/_matrix/media/v3/upload?filename=a%20b.gif&"
                + GHOST_QUERY)).withRequestBody(binaryEqualTo(data)));
        assertThat(request.getHeader("Content-Type")).startsWith("image/gif");
    }

    @Test
    void stateAnswersTheContentOrEmpty() {
        hs.server.stubFor(any(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH + "/state/m.room.topic/?"
                + GHOST_QUERY)).willReturn(okJson("{\"topic\":\"t\"}")));
        hs.server.stubFor(any(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH + "/state/m.room.name/?"
                + GHOST_QUERY)).willReturn(aResponse().withStatus(404)
                .withBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such state\"}")));
        assertThat(await(hs.client.state(AS_GHOST, ROOM, "m.room.topic", ""))).hasValueSatisfying(
                content -> assertThat(content.path("topic").asText()).isEqualTo("t"));
        assertThat(await(hs.client.state(AS_GHOST, ROOM, "m.room.name", ""))).isEmpty();
        hs.server.verify(2, getRequestedFor(anyUrl()));
    }

    @Test
    void stateEventAsksForTheWholeEvent() {
        hs.server.stubFor(any(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH
                + "/state/m.room.create/?format=event"))
                .willReturn(okJson("{\"type\":\"m.room.create\",\"state_key\":\"\",\"sender\":\"@c:hs.example\","
                        + "\"event_id\":\"$e\",\"origin_server_ts\":1,\"room_id\":\"!r:hs.example\","
                        + "\"content\":{\"room_version\":\"12\"}}")));
        assertThat(await(hs.client.stateEvent(Optional.empty(), ROOM, "m.room.create", ""))).hasValueSatisfying(
                event -> assertThat(event.path("sender").asText()).isEqualTo("@c:hs.example"));
    }

    @Test
    void resolveAliasAnswersTheRoomOrEmpty() {
        hs.server.stubFor(any(urlEqualTo("/_matrix/client/v3/directory/room/%23known%3Ahs.example"))
                .willReturn(okJson("{\"room_id\":\"!k:hs.example\",\"servers\":[\"hs.example\"]}")));
        hs.server.stubFor(any(urlEqualTo("/_matrix/client/v3/directory/room/%23gone%3Ahs.example"))
                .willReturn(aResponse().withStatus(404).withBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"x\"}")));
        assertThat(await(hs.client.resolveAlias("#known:hs.example"))).contains("!k:hs.example");
        assertThat(await(hs.client.resolveAlias("#gone:hs.example"))).isEmpty();
    }

    @Test
    void joinedMembersAreTyped() {
        answer("{\"joined\":{\"@a:hs.example\":{\"display_name\":\"A\",\"avatar_url\":\"mxc://hs.example/a\"},"
                + "\"@b:hs.example\":{}}}");
        Map<MatrixUserId, Member> members = await(hs.client.joinedMembers(AS_GHOST, ROOM));
        assertThat(members).containsExactly(
                Map.entry(MatrixUserId.parse("@a:hs.example"),
                        new Member(Optional.of("A"), Optional.of(URI.create("mxc://hs.example/a")))),
                Map.entry(MatrixUserId.parse("@b:hs.example"), new Member(Optional.empty(), Optional.empty())));
        only(getRequestedFor(urlEqualTo("/_matrix/client/v3/rooms/" + ROOM_PATH + "/joined_members?" + GHOST_QUERY)));
    }

    @Test
    void pingAnswersTheRoundTrip() {
        answer("{\"duration_ms\":123}");
        assertThat(await(hs.client.ping("passerelle", Optional.of("t-1")))).isEqualTo(Duration.ofMillis(123));
        only(postRequestedFor(urlEqualTo("/_matrix/client/v1/appservice/passerelle/ping"))
                .withRequestBody(equalToJson("{\"transaction_id\":\"t-1\"}")));
    }

    @Test
    void anAnswerWithoutTheIdIsAFailureNotANull() throws Exception {
        answer("{}");
        Throwable failure = WireMockHomeserver.failure(hs.client.send(AS_GHOST, ROOM, "m.room.message", "t",
                json("{}")));
        assertThat(failure).hasMessageContaining("event_id");
    }

    @Test
    void aHomeserverUnderAPathPrefixKeepsIt() {
        answer("{\"event_id\":\"$ev\"}");
        ClientSettings settings = hs.settings();
        ClientSettings prefixed = new ClientSettings(URI.create(hs.server.baseUrl() + "/matrix/"), settings.asToken(),
                settings.maxConnections(), settings.callTimeout(), settings.maxResponseBytes());
        try (MatrixClient client = new MatrixClient(hs.vertx, prefixed)) {
            await(client.leave(Optional.empty(), "!r:hs.example"));
        }
        only(postRequestedFor(urlEqualTo("/matrix/_matrix/client/v3/rooms/%21r%3Ahs.example/leave")));
    }

    @Test
    void aBadArgumentFailsAtOnce() {
        assertThatThrownBy(() -> hs.client.send(AS_GHOST, ROOM, "m.room.message", "", JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("txnId");
        assertThatThrownBy(() -> hs.client.send(AS_GHOST, ROOM, "m.room.message", "..", JSON.createObjectNode()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hs.client.registerGhost("@x:hs.example")).isInstanceOf(IllegalArgumentException.class);
    }
}
