package dev.passerelle.connector.matrix.appservice;

import static dev.passerelle.connector.matrix.appservice.AppServiceRequests.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.matrix.appservice.AppServiceRequests.Auth;
import dev.passerelle.connector.matrix.appservice.AppServiceRequests.Reply;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class AppServiceServerTest {

    static final String TOKEN = "hs-token-0123456789abcdef";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final RecordingHandler handler = new RecordingHandler();
    private AppServiceServer server;
    private AppServiceRequests hs;

    @BeforeEach
    void start(Vertx vertx) {
        server = new AppServiceServer(vertx, new AppServiceSettings("127.0.0.1", 0, TOKEN, 64 * 1024, 16),
                handler, metrics);
        int port = await(server.start());
        hs = new AppServiceRequests(vertx, port, TOKEN);
    }

    @AfterEach
    void stop() {
        hs.close();
        await(server.stop());
    }

    static String message(String eventId) {
        return new JsonObject().put("type", "m.room.message").put("event_id", eventId)
                .put("room_id", "!room:example.org").put("sender", "@alice:example.org")
                .put("origin_server_ts", 1).put("content", new JsonObject().put("msgtype", "m.text").put("body", "hi"))
                .encode();
    }

    static String transaction(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    private double counter(String name, String tag, String value) {
        var c = metrics.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_matrix/app/v1/transactions/", "/transactions/"})
    void aTransactionReachesTheHandlerWithBearerOrQueryToken(String path) {
        Reply bearer = await(hs.send(HttpMethod.PUT, path + "1", Auth.BEARER, transaction(message("$a"))));
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.json()).isEqualTo(new JsonObject());
        Reply query = await(hs.send(HttpMethod.PUT, path + "2", Auth.QUERY, transaction(message("$b"))));
        assertThat(query.status()).isEqualTo(200);

        assertThat(handler.transactions).extracting(RecordingHandler.Txn::txnId).containsExactly("1", "2");
        assertThat(handler.transactions.get(0).events()).singleElement()
                .satisfies(e -> assertThat(e.get("event_id").textValue()).isEqualTo("$a"));
        assertThat(counter("passerelle.matrix.as.transactions", "outcome", "processed")).isEqualTo(2);
    }

    @Test
    void ephemeralEventsAreHandedOnUnderTheStableAndTheUnstableName() {
        JsonArray ephemeral = new JsonArray()
                .add(new JsonObject().put("type", "m.typing").put("room_id", "!r:x")
                        .put("content", new JsonObject().put("user_ids", new JsonArray())))
                .add(new JsonObject().put("type", "m.presence").put("sender", "@a:x").put("content", new JsonObject()))
                .add(new JsonObject().put("type", "m.receipt").put("content", new JsonObject()))
                .add(new JsonObject().put("type", "org.example.custom").put("content", new JsonObject()));
        String body = new JsonObject().put("events", new JsonArray()).put("ephemeral", ephemeral).encode();
        assertThat(await(hs.put("/_matrix/app/v1/transactions/e1", body)).status()).isEqualTo(200);
        String unstable = new JsonObject().put("events", new JsonArray())
                .put("de.sorunome.msc2409.ephemeral", new JsonArray().add(ephemeral.getJsonObject(0))).encode();
        assertThat(await(hs.put("/_matrix/app/v1/transactions/e2", unstable)).status()).isEqualTo(200);

        assertThat(handler.transactions.get(0).ephemeral()).extracting(e -> e.get("type").textValue())
                .containsExactly("m.typing", "m.presence");
        assertThat(handler.transactions.get(1).ephemeral()).hasSize(1);
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "no-room-id")).isEqualTo(1);
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "unknown-type")).isEqualTo(1);
    }

    @Test
    void eventsWithoutTypeOrIdOrOfUnknownTypeAreSkippedAndCounted() {
        String noType = "{\"event_id\":\"$1\",\"room_id\":\"!r:x\"}";
        String noId = "{\"type\":\"m.room.message\",\"room_id\":\"!r:x\"}";
        String unknown = "{\"type\":\"m.call.invite\",\"event_id\":\"$3\",\"room_id\":\"!r:x\"}";
        Reply reply = await(hs.putUnchecked("/_matrix/app/v1/transactions/s", transaction(noType, message("$ok"), noId,
                unknown, "42")));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(handler.transactions.get(0).events()).extracting(e -> e.get("event_id").textValue())
                .containsExactly("$ok");
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "no-type")).isEqualTo(1);
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "no-event-id")).isEqualTo(1);
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "unknown-type")).isEqualTo(1);
        assertThat(counter("passerelle.matrix.events.ignored", "reason", "not-an-object")).isEqualTo(1);
    }

    @Test
    void theSameTransactionThreeTimesIsHandedOnOnce() {
        String body = transaction(message("$x"), message("$y"));
        for (int i = 0; i < 3; i++) {
            assertThat(await(hs.put("/_matrix/app/v1/transactions/7", body)).status()).isEqualTo(200);
        }
        assertThat(handler.transactions).hasSize(1);
        assertThat(counter("passerelle.matrix.as.transactions", "outcome", "replayed")).isEqualTo(2);
    }

    @Test
    void aReusedTransactionIdWithOtherEventsIsNotTakenForARetry() {
        // A homeserver whose database was reset counts its transactions from the start again.
        assertThat(await(hs.put("/_matrix/app/v1/transactions/1", transaction(message("$old")))).status())
                .isEqualTo(200);
        assertThat(await(hs.put("/_matrix/app/v1/transactions/1", transaction(message("$new")))).status())
                .isEqualTo(200);
        assertThat(handler.transactions).extracting(t -> t.events().get(0).get("event_id").textValue())
                .containsExactly("$old", "$new");
    }

    @Test
    void theReplyWaitsUntilTheHandlerHasMadeTheEventsDurable() {
        Promise<Void> durable = Promise.promise();
        handler.transactionAnswer = durable::future;
        Future<Reply> reply = hs.put("/_matrix/app/v1/transactions/slow", transaction(message("$s")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !handler.transactions.isEmpty());
        // A full round trip on the same server after the handler was called: the transaction is still open.
        assertThat(await(hs.send(HttpMethod.POST, "/_matrix/app/v1/ping", Auth.BEARER, "{}")).status()).isEqualTo(200);
        assertThat(reply.isComplete()).isFalse();

        // The homeserver gives up and retries while the first attempt runs: the retry waits for it.
        Future<Reply> retry = hs.put("/_matrix/app/v1/transactions/slow", transaction(message("$s")));
        assertThat(await(hs.send(HttpMethod.POST, "/_matrix/app/v1/ping", Auth.BEARER, "{}")).status()).isEqualTo(200);
        assertThat(retry.isComplete()).isFalse();

        durable.complete();
        assertThat(await(reply).status()).isEqualTo(200);
        assertThat(await(retry).status()).isEqualTo(200);
        assertThat(handler.transactions).hasSize(1);
    }

    @Test
    void aFailedHandlerGivesA5xxAndTheRetryIsProcessedAgain() {
        handler.transactionAnswer = () -> Future.failedFuture(new IllegalStateException("journal full"));
        Reply failed = await(hs.put("/_matrix/app/v1/transactions/f", transaction(message("$f"))));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errcode()).isEqualTo("M_UNKNOWN");

        handler.transactionAnswer = () -> Future.failedFuture(
                GatewayException.retryAfter(Duration.ofMillis(1500), "store down"));
        Reply transient_ = await(hs.put("/_matrix/app/v1/transactions/f", transaction(message("$f"))));
        assertThat(transient_.status()).isEqualTo(503);
        assertThat(transient_.errcode()).isEqualTo("M_UNKNOWN");
        assertThat(transient_.retryAfter()).contains("2");

        handler.transactionAnswer = () -> Future.failedFuture(
                new GatewayException(GatewayException.Reason.NOT_FOUND, "no such room"));
        assertThat(await(hs.put("/_matrix/app/v1/transactions/f", transaction(message("$f")))).status())
                .as("a transaction is retried whatever went wrong").isEqualTo(500);

        handler.transactionAnswer = () -> {
            throw new IllegalStateException("thrown, not returned");
        };
        assertThat(await(hs.put("/_matrix/app/v1/transactions/f", transaction(message("$f")))).status())
                .isEqualTo(500);

        handler.transactionAnswer = Future::succeededFuture;
        assertThat(await(hs.put("/_matrix/app/v1/transactions/f", transaction(message("$f")))).status())
                .isEqualTo(200);
        assertThat(handler.transactions).hasSize(5);
        assertThat(counter("passerelle.matrix.as.transactions", "outcome", "failed")).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_matrix/app/v1", ""})
    void userAndAliasQueriesAnswer200Or404(String prefix) {
        assertThat(await(hs.get(prefix + "/users/%40_p_xa%3Aexample.org")).status()).isEqualTo(200);
        assertThat(await(hs.get(prefix + "/rooms/%23_p_xroom%3Aexample.org")).status()).isEqualTo(200);
        assertThat(handler.calls).containsExactly(new MatrixUserId("_p_xa", "example.org"),
                new MatrixRoomAlias("_p_xroom", "example.org"));

        handler.exists = false;
        Reply user = await(hs.get(prefix + "/users/%40nobody%3Aexample.org"));
        assertThat(user.status()).isEqualTo(404);
        assertThat(user.errcode()).isEqualTo("M_NOT_FOUND");
        Reply room = await(hs.send(HttpMethod.GET, prefix + "/rooms/%23nothing%3Aexample.org", Auth.QUERY,
                (String) null));
        assertThat(room.status()).isEqualTo(404);
        assertThat(room.errcode()).isEqualTo("M_NOT_FOUND");

        Reply bad = await(hs.get(prefix + "/users/not-a-user"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void pingPassesTheTransactionIdOn() {
        assertThat(await(hs.send(HttpMethod.POST, "/_matrix/app/v1/ping", Auth.BEARER,
                "{\"transaction_id\":\"t-42\"}")).json()).isEqualTo(new JsonObject());
        assertThat(await(hs.send(HttpMethod.POST, "/_matrix/app/v1/ping", Auth.BEARER, "")).status()).isEqualTo(200);
        assertThat(await(hs.send(HttpMethod.POST, "/_matrix/app/v1/ping", Auth.BEARER,
                "{\"transaction_id\":5}")).errcode()).isEqualTo("M_BAD_JSON");
        assertThat(handler.calls).containsExactly("ping t-42", "ping -");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/_matrix/app/v1", "/_matrix/app/unstable"})
    void thirdPartyLookupsFollowTheSpec(String prefix) {
        Reply none = await(lookup(prefix, "/thirdparty/protocol/irc"));
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.errcode()).isEqualTo("M_NOT_FOUND");

        handler.protocol = Optional.of(new ThirdPartyProtocol(List.of("domain", "user"), List.of("domain", "room"),
                "mxc://example.org/xmpp", Map.of("domain", new ThirdPartyProtocol.FieldType("[a-z.]+", "example.org"),
                        "user", new ThirdPartyProtocol.FieldType("[^@/]+", "alice"),
                        "room", new ThirdPartyProtocol.FieldType("[^@/]+", "lobby")),
                List.of(new ThirdPartyProtocol.Instance("XMPP", Optional.empty(), Map.of(), "xmpp"))));
        JsonObject protocol = await(lookup(prefix, "/thirdparty/protocol/xmpp")).json();
        assertThat(protocol.getJsonArray("user_fields")).containsExactly("domain", "user");
        assertThat(protocol.getJsonObject("field_types").getJsonObject("room").getString("placeholder"))
                .isEqualTo("lobby");
        assertThat(protocol.getJsonArray("instances").getJsonObject(0).getString("network_id")).isEqualTo("xmpp");

        MatrixRoomAlias portal = new MatrixRoomAlias("_p_xlobby=40muc.example.org", "example.org");
        MatrixUserId ghost = new MatrixUserId("_p_xalice=40example.org", "example.org");
        handler.locations = List.of(new ThirdPartyLocation(portal, "xmpp",
                Map.of("domain", "muc.example.org", "room", "lobby")));
        handler.users = List.of(new ThirdPartyUser(ghost, "xmpp", Map.of("domain", "example.org", "user", "alice")));

        Reply locations = await(hs.send(HttpMethod.GET, prefix + "/thirdparty/location/xmpp?domain=muc.example.org"
                + "&room=lobby", Auth.QUERY, (String) null));
        assertThat(locations.status()).isEqualTo(200);
        assertThat(new JsonArray(locations.body()).getJsonObject(0).getString("alias")).isEqualTo(portal.toString());
        Reply users = await(lookup(prefix, "/thirdparty/user/xmpp?domain=example.org&user=alice"));
        assertThat(new JsonArray(users.body()).getJsonObject(0).getString("userid")).isEqualTo(ghost.toString());
        assertThat(new JsonArray(users.body()).getJsonObject(0).getJsonObject("fields").getString("user"))
                .isEqualTo("alice");
        assertThat(await(lookup(prefix, "/thirdparty/location?alias=" + "%23_p_xlobby%3Dmuc%3Aexample.org"))
                .status()).isEqualTo(200);
        assertThat(await(lookup(prefix, "/thirdparty/user?userid=%40_p_xalice%3Aexample.org")).status())
                .isEqualTo(200);
        assertThat(handler.calls).contains("locations xmpp {domain=muc.example.org, room=lobby}",
                "users xmpp {domain=example.org, user=alice}", "users @_p_xalice:example.org",
                "locations #_p_xlobby=muc:example.org");

        Reply missing = await(lookup(prefix, "/thirdparty/user"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errcode()).isEqualTo("M_MISSING_PARAM");

        handler.users = List.of();
        Reply empty = await(lookup(prefix, "/thirdparty/user/xmpp?user=zed"));
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.errcode()).isEqualTo("M_NOT_FOUND");
    }

    /**
     * The unstable prefix predates the spec's v1 paths (so the spec has no operation for it); older homeservers
     * still call it, so it is sent unchecked. The v1 requests are checked against the spec.
     */
    private Future<Reply> lookup(String prefix, String rest) {
        return prefix.endsWith("/unstable") ? hs.getUnchecked(prefix + rest) : hs.get(prefix + rest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT /_matrix/app/v1/transactions/1", "PUT /transactions/1", "GET /users/%40a%3Ab",
        "GET /_matrix/app/v1/rooms/%23a%3Ab", "POST /_matrix/app/v1/ping", "GET /_matrix/app/v1/thirdparty/protocol/xmpp",
        "GET /_matrix/app/v1/thirdparty/user?userid=%40a%3Ab"})
    void aMissingTokenIs401AndAWrongOne403AndTheHandlerIsNotCalled(String request) {
        HttpMethod method = HttpMethod.valueOf(request.substring(0, request.indexOf(' ')));
        String path = request.substring(request.indexOf(' ') + 1);
        String body = method == HttpMethod.GET ? null : transaction(message("$t"));

        Reply missing = await(hs.send(method, path, Auth.NONE, body));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.errcode()).isEqualTo("M_UNAUTHORIZED");
        for (Auth wrong : new Auth[] {Auth.WRONG_BEARER, Auth.WRONG_QUERY, Auth.BOTH_WRONG_HEADER}) {
            Reply refused = await(hs.send(method, path, wrong, body));
            assertThat(refused.status()).as(wrong.name()).isEqualTo(403);
            assertThat(refused.errcode()).isEqualTo("M_FORBIDDEN");
        }
        assertThat(handler.calls).isEmpty();
        assertThat(counter("passerelle.matrix.as.refused", "reason", "unauthorized")).isEqualTo(1);
        assertThat(counter("passerelle.matrix.as.refused", "reason", "forbidden")).isEqualTo(3);
        AccessRefusals access = new AccessRefusals(metrics);
        assertThat(access.count(AccessRefusals.Surface.APPSERVICE, "missing_token")).isEqualTo(1);
        assertThat(access.count(AccessRefusals.Surface.APPSERVICE, "wrong_token")).isEqualTo(3);
    }

    @Test
    void aBodyOverTheLimitIs413AndTheServerKeepsServing() {
        Buffer huge = Buffer.buffer("{\"events\":[\"");
        huge.appendBuffer(Buffer.buffer(new byte[10 * 1024 * 1024]).getBuffer(0, 10 * 1024 * 1024));
        for (int i = 13; i < huge.length(); i++) {
            huge.setByte(i, (byte) 'a');
        }
        huge.appendString("\"]}");
        Reply reply = await(hs.send(HttpMethod.PUT, "/_matrix/app/v1/transactions/big", Auth.BEARER, huge));
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.errcode()).isEqualTo("M_TOO_LARGE");
        assertThat(handler.transactions).isEmpty();

        assertThat(await(hs.put("/_matrix/app/v1/transactions/small", transaction(message("$m")))).status())
                .isEqualTo(200);
    }

    @Test
    void malformedDeepOrDuplicateKeyedJsonIsRefused() {
        Reply notJson = await(hs.putUnchecked("/_matrix/app/v1/transactions/a", "{\"events\": [}"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.errcode()).isEqualTo("M_NOT_JSON");
        assertThat(await(hs.putUnchecked("/_matrix/app/v1/transactions/a", "{\"events\": []} {}")).errcode())
                .isEqualTo("M_NOT_JSON");
        assertThat(await(hs.putUnchecked("/_matrix/app/v1/transactions/a", "")).errcode()).isEqualTo("M_NOT_JSON");

        String deep = "{\"events\":[" + "[".repeat(100) + "]".repeat(100) + "]}";
        Reply tooDeep = await(hs.putUnchecked("/_matrix/app/v1/transactions/b", deep));
        assertThat(tooDeep.status()).isEqualTo(400);
        assertThat(tooDeep.errcode()).isEqualTo("M_BAD_JSON");

        Reply duplicate = await(hs.putUnchecked("/_matrix/app/v1/transactions/c", "{\"events\":[],\"events\":[]}"));
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.errcode()).isEqualTo("M_BAD_JSON");

        Reply noEvents = await(hs.putUnchecked("/_matrix/app/v1/transactions/d", "{\"ephemeral\":[]}"));
        assertThat(noEvents.status()).isEqualTo(400);
        assertThat(noEvents.errcode()).isEqualTo("M_BAD_JSON");
        assertThat(await(hs.putUnchecked("/_matrix/app/v1/transactions/d", "[]")).errcode()).isEqualTo("M_BAD_JSON");

        assertThat(handler.transactions).isEmpty();
        assertThat(counter("passerelle.matrix.as.refused", "reason", "bad-json")).isEqualTo(4);
    }

    @Test
    void unknownPathsAndMethodsAreUnrecognised() {
        Reply unknown = await(hs.getUnchecked("/_matrix/app/v1/whatever"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(await(hs.send(HttpMethod.GET, "/_matrix/app/v1/whatever", Auth.NONE, (String) null)).status())
                .as("no token needed to learn a path is unknown").isEqualTo(404);

        Reply method = await(hs.send(HttpMethod.POST, "/_matrix/app/v1/transactions/1", Auth.BEARER, "{}"));
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errcode()).isEqualTo("M_UNRECOGNIZED");
        assertThat(handler.calls).isEmpty();
    }
}
