package dev.passerelle.connector.matrix.homeserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StubHomeserverTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "as-secret";

    private final StubHomeserver hs = StubHomeserver.start("example.org", TOKEN);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        hs.close();
    }

    private record Answer(int status, JsonNode json) {
        String errcode() {
            return json.path("errcode").asText();
        }
    }

    private Answer call(String method, String pathAndQuery, String body) throws IOException, InterruptedException {
        return call(method, pathAndQuery, body, "Bearer " + TOKEN);
    }

    private Answer call(String method, String pathAndQuery, String body, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hs.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.createObjectNode()
                : JSON.readTree(response.body()));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String as(String userId) {
        return "?user_id=" + enc(userId);
    }

    private Answer register(String localpart) throws IOException, InterruptedException {
        return call("POST", "/_matrix/client/v3/register", "{\"type\":\"m.login.application_service\","
                + "\"username\":\"" + localpart + "\",\"inhibit_login\":true}");
    }

    private String createRoom(String asUser, String body) throws IOException, InterruptedException {
        Answer created = call("POST", "/_matrix/client/v3/createRoom" + as(asUser), body);
        assertThat(created.status()).as(created.json().toString()).isEqualTo(200);
        return created.json().get("room_id").asText();
    }

    private String room(String roomId) {
        return "/_matrix/client/v3/rooms/" + enc(roomId);
    }

    @Test
    void registersUsersOnceAndRefusesUnregisteredAssertedUsers() throws Exception {
        Answer first = register("xmpp_alice");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("user_id").asText()).isEqualTo("@xmpp_alice:example.org");
        assertThat(register("xmpp_alice").errcode()).isEqualTo("M_USER_IN_USE");
        assertThat(hs.users()).contains("@xmpp_alice:example.org", hs.senderUserId());

        Answer stranger = call("PUT", "/_matrix/client/v3/profile/" + enc("@xmpp_bob:example.org") + "/displayname"
                + as("@xmpp_bob:example.org"), "{\"displayname\":\"Bob\"}");
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.errcode()).isEqualTo("M_FORBIDDEN");

        Answer named = call("PUT", "/_matrix/client/v3/profile/" + enc("@xmpp_alice:example.org") + "/displayname"
                + as("@xmpp_alice:example.org"), "{\"displayname\":\"Alice\"}");
        assertThat(named.status()).isEqualTo(200);
        assertThat(hs.profile("@xmpp_alice:example.org").get("displayname").asText()).isEqualTo("Alice");
        hs.assertNoViolations();
    }

    @Test
    void acceptsTheTokenAsBearerOrQueryAndNothingElse() throws Exception {
        assertThat(call("GET", "/_matrix/client/v3/account/whoami", null, null).errcode())
                .isEqualTo("M_MISSING_TOKEN");
        Answer wrong = call("GET", "/_matrix/client/v3/account/whoami", null, "Bearer nope");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        Answer query = call("GET", "/_matrix/client/v3/account/whoami?access_token=" + TOKEN, null, null);
        assertThat(query.json().get("user_id").asText()).isEqualTo(hs.senderUserId());
        hs.assertNoViolations();
    }

    @Test
    void createsRoomsWithAliasesAndRefusesATakenAlias() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{\"room_alias_name\":\"xmpp_lobby\",\"name\":\"Lobby\","
                + "\"topic\":\"Talk\",\"preset\":\"public_chat\",\"invite\":[\"@alice:example.org\"]}");
        assertThat(roomId).startsWith("!").endsWith(":example.org");

        Answer again = call("POST", "/_matrix/client/v3/createRoom", "{\"room_alias_name\":\"xmpp_lobby\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errcode()).isEqualTo("M_ROOM_IN_USE");

        Answer directory = call("GET", "/_matrix/client/v3/directory/room/" + enc("#xmpp_lobby:example.org"), null);
        assertThat(directory.json().get("room_id").asText()).isEqualTo(roomId);
        StoredRoom room = hs.room("#xmpp_lobby:example.org").orElseThrow();
        assertThat(room.members()).containsExactly(hs.senderUserId());
        assertThat(room.invited()).containsExactly("@alice:example.org");
        assertThat(room.state("m.room.name", "").orElseThrow().get("name").asText()).isEqualTo("Lobby");
        assertThat(call("GET", room(roomId) + "/state/m.room.topic/", null).json().get("topic").asText())
                .isEqualTo("Talk");
        hs.assertNoViolations();
    }

    @Test
    void aTransactionIdIsSentOnce() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{}");
        String path = room(roomId) + "/send/m.room.message/t1";
        String first = call("PUT", path, "{\"msgtype\":\"m.text\",\"body\":\"hi\"}").json().get("event_id").asText();
        String second = call("PUT", path, "{\"msgtype\":\"m.text\",\"body\":\"hi\"}").json().get("event_id").asText();
        String other = call("PUT", room(roomId) + "/send/m.room.message/t2", "{\"msgtype\":\"m.text\",\"body\":\"x\"}")
                .json().get("event_id").asText();

        assertThat(second).isEqualTo(first).startsWith("$");
        assertThat(other).isNotEqualTo(first);
        assertThat(hs.events(roomId)).filteredOn(e -> e.type().equals("m.room.message"))
                .extracting(StoredEvent::eventId, StoredEvent::txnId, StoredEvent::sender)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first, "t1", hs.senderUserId()),
                        org.assertj.core.groups.Tuple.tuple(other, "t2", hs.senderUserId()));
        assertThat(hs.repeatedTransactions()).isEqualTo(1);
        hs.assertNoViolations();
    }

    @Test
    void aSendLargerThanAnEventCanBeIsRefused() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{}");
        String body = "{\"msgtype\":\"m.text\",\"body\":\"" + "x".repeat(StubHomeserver.MAX_EVENT_BYTES) + "\"}";

        Answer refused = call("PUT", room(roomId) + "/send/m.room.message/big", body);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.json().get("errcode").asText()).isEqualTo("M_TOO_LARGE");
        assertThat(hs.events(roomId)).noneMatch(e -> e.type().equals("m.room.message"));
    }

    @Test
    void aSlowHomeserverAnswersLate() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{}");
        hs.slow(java.time.Duration.ofMillis(300));
        long start = System.nanoTime();
        call("PUT", room(roomId) + "/send/m.room.message/s1", "{\"msgtype\":\"m.text\",\"body\":\"late\"}");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        hs.slow(java.time.Duration.ZERO);

        assertThat(tookMillis).isGreaterThanOrEqualTo(300);
        assertThat(hs.events(roomId)).anyMatch(e -> e.content().path("body").asText().equals("late"));
    }

    @Test
    void strangersAreForbiddenUntilInvitedAndJoined() throws Exception {
        register("xmpp_carol");
        String carol = "@xmpp_carol:example.org";
        String roomId = createRoom(hs.senderUserId(), "{\"preset\":\"private_chat\"}");
        String message = "{\"msgtype\":\"m.text\",\"body\":\"let me in\"}";

        Answer refused = call("PUT", room(roomId) + "/send/m.room.message/c1" + as(carol), message);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(call("POST", room(roomId) + "/join" + as(carol), "{}").errcode()).isEqualTo("M_FORBIDDEN");

        assertThat(call("POST", room(roomId) + "/invite", "{\"user_id\":\"" + carol + "\"}").status()).isEqualTo(200);
        assertThat(call("POST", "/_matrix/client/v3/join/" + enc(roomId) + as(carol), "{}").status()).isEqualTo(200);
        assertThat(call("PUT", room(roomId) + "/send/m.room.message/c1" + as(carol), message).status())
                .isEqualTo(200);
        assertThat(call("GET", room(roomId) + "/joined_members", null).json().get("joined").has(carol)).isTrue();

        assertThat(call("POST", room(roomId) + "/ban", "{\"user_id\":\"" + carol + "\",\"reason\":\"spam\"}").status())
                .isEqualTo(200);
        assertThat(hs.room(roomId).orElseThrow().banned()).containsExactly(carol);
        assertThat(call("POST", room(roomId) + "/join" + as(carol), "{}").errcode()).isEqualTo("M_FORBIDDEN");
        hs.assertNoViolations();
    }

    @Test
    void refusesEventsOverTheSizeLimit() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{}");
        String big = "{\"msgtype\":\"m.text\",\"body\":\"" + "a".repeat(HomeserverState.MAX_EVENT_BYTES) + "\"}";
        Answer answer = call("PUT", room(roomId) + "/send/m.room.message/big", big);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errcode()).isEqualTo("M_TOO_LARGE");
        assertThat(hs.events(roomId)).noneMatch(e -> e.type().equals("m.room.message"));
    }

    @Test
    void rateLimitsThenServes() throws Exception {
        hs.rateLimit(2, 1500);
        for (int i = 0; i < 2; i++) {
            Answer limited = call("GET", "/_matrix/client/v3/account/whoami", null);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
            assertThat(limited.json().get("retry_after_ms").asLong()).isEqualTo(1500);
        }
        assertThat(call("GET", "/_matrix/client/v3/account/whoami", null).status()).isEqualTo(200);
        assertThat(hs.requestCount("/_matrix/client/v3/account/whoami")).isEqualTo(3);
    }

    @Test
    void injectsFailuresAndOutages() throws Exception {
        hs.failNext(1, 502, "M_UNKNOWN");
        assertThat(call("GET", "/_matrix/client/v3/account/whoami", null).status()).isEqualTo(502);
        assertThat(call("GET", "/_matrix/client/v3/account/whoami", null).status()).isEqualTo(200);
        hs.down(true);
        assertThatThrownBy(() -> call("GET", "/_matrix/client/v3/account/whoami", null)).isInstanceOf(IOException.class);
        hs.down(false);
        assertThat(call("GET", "/_matrix/client/v3/account/whoami", null).status()).isEqualTo(200);
    }

    @Test
    void storesMediaAndServesItOnBothDownloadPaths() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(
                        URI.create(hs.baseUrl() + "/_matrix/media/v3/upload?filename=cat.png"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        String mxc = JSON.readTree(uploaded.body()).get("content_uri").asText();
        assertThat(mxc).startsWith("mxc://example.org/");
        String serverAndId = mxc.substring("mxc://".length());

        HttpResponse<byte[]> v1 = http.send(HttpRequest.newBuilder(URI.create(hs.baseUrl()
                        + "/_matrix/client/v1/media/download/" + serverAndId)).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(v1.body()).isEqualTo(png);
        assertThat(v1.headers().firstValue("Content-Type")).contains("image/png");
        HttpResponse<byte[]> v3 = http.send(HttpRequest.newBuilder(URI.create(hs.baseUrl()
                + "/_matrix/media/v3/download/" + serverAndId + "/cat.png")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(v3.body()).isEqualTo(png);

        hs.authenticatedMedia(false);
        Answer old = call("GET", "/_matrix/client/v1/media/download/" + serverAndId, null);
        assertThat(old.status()).isEqualTo(404);
        assertThat(old.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(hs.media(mxc).orElseThrow().fileName()).isEqualTo("cat.png");
        hs.assertNoViolations();
    }

    @Test
    void reportsRequestsTheSpecDoesNotAllow() throws Exception {
        String roomId = createRoom(hs.senderUserId(), "{}");
        hs.assertNoViolations();
        call("POST", room(roomId) + "/leave?force=true", "{}");
        call("PUT", room(roomId) + "/send/m.room.message/x", "[\"not an object\"]");
        call("GET", "/_matrix/client/r0/sync", null);

        assertThat(hs.violations()).hasSize(3);
        assertThat(hs.violations().get(0)).contains("unknown query parameter force");
        assertThat(hs.violations().get(2)).contains("no operation");
        assertThatThrownBy(hs::assertNoViolations).isInstanceOf(AssertionError.class).hasMessageContaining("force");
        assertThat(Set.copyOf(hs.violations())).hasSize(3);
    }
}
