package dev.passerelle.connector.matrix.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.AddressException;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The Client-Server API as the application service sees it. Each call is queued on OkHttp (at most
 * {@link ClientSettings#maxConnections()} in flight) and its future completes on the Vert.x context of the
 * caller, captured when the method is called; call from an event loop or any thread, nothing blocks.
 *
 * <p>{@code as} is the user to act as ({@code ?user_id=}, one of the appservice's ghosts); empty means the
 * appservice's own sender. Room ids, event ids and transaction ids are sent as single path segments whatever
 * they hold. Transaction ids are the caller's: the same id sends the same event at most once. Failures are
 * {@link GatewayException}s (see {@link MatrixApiException} for the mapping); bad arguments throw
 * {@link IllegalArgumentException} at once.
 */
public final class MatrixClient implements AutoCloseable {

    private static final Set<String> PRESENCE = Set.of("online", "offline", "unavailable");

    private final Transport transport;
    private final MediaDownloads media;

    public MatrixClient(Vertx vertx, ClientSettings settings) {
        this(vertx, settings, Clock.systemUTC());
    }

    /** With the clock that turns a {@code Retry-After} date into a delay. */
    MatrixClient(Vertx vertx, ClientSettings settings, Clock clock) {
        if (vertx == null || settings == null || clock == null) {
            throw new IllegalArgumentException("vertx, settings and clock must not be null");
        }
        this.transport = new Transport(vertx, settings, clock);
        this.media = new MediaDownloads(vertx, transport);
    }

    /** Whether the homeserver answered the last call, for the connector's health. */
    public Reachability reachability() {
        return transport.reachability();
    }

    MediaDownloads media() {
        return media;
    }

    /**
     * Registers a ghost in the appservice's namespace ({@code m.login.application_service}, no device, no
     * token). A ghost that already exists ({@code M_USER_IN_USE}) counts as registered.
     */
    public Future<Void> registerGhost(String localpart) {
        requireText(localpart, "localpart");
        if (localpart.indexOf(':') >= 0 || localpart.startsWith("@")) {
            throw new IllegalArgumentException("localpart must be the part between '@' and ':', was '" + localpart + "'");
        }
        ObjectNode body = object();
        body.put("type", "m.login.application_service");
        body.put("username", localpart);
        body.put("inhibit_login", true);
        return post(clientUrl("register"), body).<Void>mapEmpty().recover(failure -> {
            if (failure instanceof MatrixApiException api && api.errcode().equals(Optional.of("M_USER_IN_USE"))) {
                return Future.succeededFuture();
            }
            return Future.failedFuture(failure);
        });
    }

    /** Creates a room; answers its id. */
    public Future<String> createRoom(Optional<MatrixUserId> as, CreateRoom request) {
        requireAs(as);
        if (request == null) {
            throw new IllegalArgumentException("request must not be null");
        }
        if (as.isPresent() && CreateRoom.creatorsAreImplicit(request.roomVersion())
                && request.listsInPowerLevels(as.get())) {
            throw new IllegalArgumentException("in room version " + request.roomVersion().get()
                    + " the creator " + as.get() + " must not be listed in the power levels' users");
        }
        return post(actingAs(clientUrl("createRoom"), as), request.toJson())
                .map(answer -> requireField(answer, "room_id", "POST createRoom"));
    }

    /** Joins a room by id or alias; answers the room id. */
    public Future<String> join(Optional<MatrixUserId> as, String roomIdOrAlias) {
        return join(as, roomIdOrAlias, List.of());
    }

    /** Joins a room by id or alias through the given servers ({@code via}); answers the room id. */
    public Future<String> join(Optional<MatrixUserId> as, String roomIdOrAlias, List<String> via) {
        requireAs(as);
        requireText(roomIdOrAlias, "roomIdOrAlias");
        if (via == null || via.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("via must be a list without nulls");
        }
        HttpUrl.Builder url = clientUrl("join", roomIdOrAlias);
        via.forEach(server -> url.addQueryParameter("via", server));
        return post(actingAs(url, as), object()).map(answer -> requireField(answer, "room_id", "POST join"));
    }

    public Future<Void> invite(Optional<MatrixUserId> as, String roomId, MatrixUserId user) {
        return membership(as, roomId, "invite", user, Optional.empty());
    }

    public Future<Void> leave(Optional<MatrixUserId> as, String roomId) {
        requireAs(as);
        requireText(roomId, "roomId");
        return post(actingAs(clientUrl("rooms", roomId, "leave"), as), object()).mapEmpty();
    }

    public Future<Void> kick(Optional<MatrixUserId> as, String roomId, MatrixUserId user, Optional<String> reason) {
        return membership(as, roomId, "kick", user, reason);
    }

    public Future<Void> ban(Optional<MatrixUserId> as, String roomId, MatrixUserId user, Optional<String> reason) {
        return membership(as, roomId, "ban", user, reason);
    }

    public Future<Void> unban(Optional<MatrixUserId> as, String roomId, MatrixUserId user, Optional<String> reason) {
        return membership(as, roomId, "unban", user, reason);
    }

    private Future<Void> membership(Optional<MatrixUserId> as, String roomId, String action, MatrixUserId user,
                                    Optional<String> reason) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireUser(user);
        requireOptional(reason, "reason");
        ObjectNode body = object();
        body.put("user_id", user.toString());
        reason.ifPresent(text -> body.put("reason", text));
        return post(actingAs(clientUrl("rooms", roomId, action), as), body).mapEmpty();
    }

    /** Sends a message event ({@code PUT /rooms/{roomId}/send/{eventType}/{txnId}}); answers the event id. */
    public Future<String> send(Optional<MatrixUserId> as, String roomId, String eventType, String txnId,
                               ObjectNode content) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireText(eventType, "eventType");
        requireText(txnId, "txnId");
        requireContent(content);
        return put(actingAs(clientUrl("rooms", roomId, "send", eventType, txnId), as), content)
                .map(answer -> requireField(answer, "event_id", "PUT send"));
    }

    /** Sets a state event ({@code PUT /rooms/{roomId}/state/{eventType}/{stateKey}}); answers the event id. */
    public Future<String> sendState(Optional<MatrixUserId> as, String roomId, String eventType, String stateKey,
                                    ObjectNode content) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireText(eventType, "eventType");
        requireState(stateKey);
        requireContent(content);
        return put(actingAs(clientUrl("rooms", roomId, "state", eventType, stateKey), as), content)
                .map(answer -> requireField(answer, "event_id", "PUT state"));
    }

    /** Redacts an event; answers the id of the redaction event. */
    public Future<String> redact(Optional<MatrixUserId> as, String roomId, String eventId, String txnId,
                                 Optional<String> reason) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireText(eventId, "eventId");
        requireText(txnId, "txnId");
        requireOptional(reason, "reason");
        ObjectNode body = object();
        reason.ifPresent(text -> body.put("reason", text));
        return put(actingAs(clientUrl("rooms", roomId, "redact", eventId, txnId), as), body)
                .map(answer -> requireField(answer, "event_id", "PUT redact"));
    }

    public Future<Void> setDisplayName(MatrixUserId user, String displayName) {
        requireUser(user);
        if (displayName == null) {
            throw new IllegalArgumentException("displayName must not be null");
        }
        ObjectNode body = object();
        body.put("displayname", displayName);
        return put(actingAs(clientUrl("profile", user.toString(), "displayname"), Optional.of(user)), body)
                .mapEmpty();
    }

    /** Sets the avatar to an {@code mxc:} URI (upload the image first). */
    public Future<Void> setAvatarUrl(MatrixUserId user, URI mxc) {
        requireUser(user);
        Mxc.parse(mxc);
        ObjectNode body = object();
        body.put("avatar_url", mxc.toString());
        return put(actingAs(clientUrl("profile", user.toString(), "avatar_url"), Optional.of(user)), body)
                .mapEmpty();
    }

    /** Starts typing for {@code timeout}, or stops ({@code typing} false; the timeout is then not sent). */
    public Future<Void> setTyping(MatrixUserId user, String roomId, boolean typing, Duration timeout) {
        requireUser(user);
        requireText(roomId, "roomId");
        ObjectNode body = object();
        body.put("typing", typing);
        if (typing) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive while typing, was " + timeout);
            }
            body.put("timeout", timeout.toMillis());
        }
        return put(actingAs(clientUrl("rooms", roomId, "typing", user.toString()), Optional.of(user)), body)
                .mapEmpty();
    }

    /** Sends a public {@code m.read} receipt up to {@code eventId}. */
    public Future<Void> sendReceipt(MatrixUserId user, String roomId, String eventId) {
        requireUser(user);
        requireText(roomId, "roomId");
        requireText(eventId, "eventId");
        return post(actingAs(clientUrl("rooms", roomId, "receipt", "m.read", eventId), Optional.of(user)), object())
                .mapEmpty();
    }

    /** Moves the fully-read marker and, if given, the {@code m.read} receipt. */
    public Future<Void> setReadMarkers(MatrixUserId user, String roomId, String fullyRead, Optional<String> read) {
        requireUser(user);
        requireText(roomId, "roomId");
        requireText(fullyRead, "fullyRead");
        requireOptional(read, "read");
        ObjectNode body = object();
        body.put("m.fully_read", fullyRead);
        read.ifPresent(id -> body.put("m.read", id));
        return post(actingAs(clientUrl("rooms", roomId, "read_markers"), Optional.of(user)), body).mapEmpty();
    }

    /** Sets presence: {@code online}, {@code offline} or {@code unavailable}, with an optional status text. */
    public Future<Void> setPresence(MatrixUserId user, String presence, Optional<String> status) {
        requireUser(user);
        if (!PRESENCE.contains(presence)) {
            throw new IllegalArgumentException("presence must be one of online, offline, unavailable, was " + presence);
        }
        requireOptional(status, "status");
        ObjectNode body = object();
        body.put("presence", presence);
        status.ifPresent(text -> body.put("status_msg", text));
        return put(actingAs(clientUrl("presence", user.toString(), "status"), Optional.of(user)), body).mapEmpty();
    }

    /** Uploads media ({@code POST /_matrix/media/v3/upload}); answers its {@code mxc:} URI. */
    public Future<URI> upload(Optional<MatrixUserId> as, byte[] data, String contentType, Optional<String> filename) {
        requireAs(as);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        okhttp3.MediaType type = contentType == null ? null : okhttp3.MediaType.parse(contentType);
        if (type == null) {
            throw new IllegalArgumentException("contentType must be a media type, was " + contentType);
        }
        requireOptional(filename, "filename");
        HttpUrl.Builder url = transport.url("_matrix", "media", "v3", "upload");
        filename.ifPresent(name -> url.addQueryParameter("filename", name));
        Request request = transport.authenticated(actingAs(url, as))
                .post(RequestBody.create(data, type))
                .build();
        return transport.exchange(request, transport::readObject).map(answer -> {
            String uri = requireField(answer, "content_uri", "POST upload");
            try {
                URI mxc = new URI(uri);
                Mxc.parse(mxc);
                return mxc;
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new GatewayException(Reason.PERMANENT, "POST upload answered a content_uri that is not an"
                        + " mxc URI: " + uri, e);
            }
        });
    }

    /** Downloads a whole file of at most {@code maxBytes} (fails PERMANENT past it); for small files only. */
    public Future<Buffer> downloadAll(URI mxc, long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        return media.downloadAll(Mxc.parse(mxc), maxBytes);
    }

    /** The content of one state event, or empty if the room has none of that type and key. */
    public Future<Optional<ObjectNode>> state(Optional<MatrixUserId> as, String roomId, String eventType,
                                              String stateKey) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireText(eventType, "eventType");
        requireState(stateKey);
        return get(actingAs(clientUrl("rooms", roomId, "state", eventType, stateKey), as))
                .map(Optional::of)
                .recover(MatrixClient::emptyIfNotFound);
    }

    /**
     * The whole state event ({@code ?format=event}: its sender, event id and content), or empty if the room has
     * none of that type and key. The sender of {@code m.room.create} is a creator of a room of version 12 or later.
     */
    public Future<Optional<ObjectNode>> stateEvent(Optional<MatrixUserId> as, String roomId, String eventType,
                                                   String stateKey) {
        requireAs(as);
        requireText(roomId, "roomId");
        requireText(eventType, "eventType");
        requireState(stateKey);
        HttpUrl.Builder url = clientUrl("rooms", roomId, "state", eventType, stateKey);
        url.addQueryParameter("format", "event");
        return get(actingAs(url, as)).map(Optional::of).recover(MatrixClient::emptyIfNotFound);
    }

    /** The room id an alias ({@code #alias:server}) points to, or empty if it points nowhere. */
    public Future<Optional<String>> resolveAlias(String alias) {
        requireText(alias, "alias");
        return get(clientUrl("directory", "room", alias).build())
                .map(answer -> Optional.of(requireField(answer, "room_id", "GET directory/room")))
                .recover(MatrixClient::emptyIfNotFound);
    }

    /** The joined members of a room with their room-specific profiles, in the server's order. */
    public Future<Map<MatrixUserId, Member>> joinedMembers(Optional<MatrixUserId> as, String roomId) {
        requireAs(as);
        requireText(roomId, "roomId");
        return get(actingAs(clientUrl("rooms", roomId, "joined_members"), as)).map(MatrixClient::members);
    }

    /** Asks the homeserver to ping the appservice back; answers the round trip the homeserver measured. */
    public Future<Duration> ping(String appserviceId) {
        return ping(appserviceId, Optional.empty());
    }

    /**
     * Like {@link #ping(String)} ({@code POST /_matrix/client/v1/appservice/{id}/ping}), with the transaction id
     * the homeserver passes on to the appservice's own ping endpoint.
     */
    public Future<Duration> ping(String appserviceId, Optional<String> transactionId) {
        requireText(appserviceId, "appserviceId");
        requireOptional(transactionId, "transactionId");
        ObjectNode body = object();
        transactionId.ifPresent(id -> body.put("transaction_id", id));
        HttpUrl url = transport.url("_matrix", "client", "v1", "appservice", appserviceId, "ping").build();
        return post(url, body).map(answer -> {
            JsonNode millis = answer.path("duration_ms");
            if (!millis.canConvertToLong()) {
                throw new GatewayException(Reason.TRANSIENT, "POST appservice ping answered without duration_ms");
            }
            return Duration.ofMillis(millis.longValue());
        });
    }

    /** Stops taking calls, cancels those in flight and drops pooled connections. */
    @Override
    public void close() {
        transport.close();
    }

    private static Map<MatrixUserId, Member> members(ObjectNode answer) {
        JsonNode joined = answer.path("joined");
        if (!joined.isObject()) {
            throw new GatewayException(Reason.TRANSIENT, "GET joined_members answered without a 'joined' object");
        }
        Map<MatrixUserId, Member> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : joined.properties()) {
            MatrixUserId user;
            try {
                user = MatrixUserId.parse(entry.getKey());
            } catch (AddressException e) {
                throw new GatewayException(Reason.PERMANENT,
                        "GET joined_members answered a member that is not a user id: " + entry.getKey(), e);
            }
            JsonNode profile = entry.getValue();
            Optional<String> name = profile.path("display_name").isTextual()
                    ? Optional.of(profile.path("display_name").textValue()) : Optional.empty();
            out.put(user, new Member(name, avatar(profile.path("avatar_url"))));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Optional<URI> avatar(JsonNode value) {
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(value.textValue()));
        } catch (URISyntaxException e) {
            // A member's avatar is decoration: a malformed one is as good as none.
            return Optional.empty();
        }
    }

    private static <T> Future<Optional<T>> emptyIfNotFound(Throwable failure) {
        if (failure instanceof MatrixApiException api && api.status() == 404 && api.reason() == Reason.NOT_FOUND) {
            return Future.succeededFuture(Optional.empty());
        }
        return Future.failedFuture(failure);
    }

    private Future<ObjectNode> get(HttpUrl url) {
        return transport.call("GET", url, Optional.empty());
    }

    private Future<ObjectNode> post(HttpUrl url, ObjectNode body) {
        return transport.call("POST", url, Optional.of(body));
    }

    private Future<ObjectNode> put(HttpUrl url, ObjectNode body) {
        return transport.call("PUT", url, Optional.of(body));
    }

    private Future<ObjectNode> post(HttpUrl.Builder url, ObjectNode body) {
        return post(url.build(), body);
    }

    private HttpUrl.Builder clientUrl(String... segments) {
        String[] all = new String[segments.length + 3];
        all[0] = "_matrix";
        all[1] = "client";
        all[2] = "v3";
        System.arraycopy(segments, 0, all, 3, segments.length);
        return transport.url(all);
    }

    private static HttpUrl actingAs(HttpUrl.Builder url, Optional<MatrixUserId> as) {
        as.ifPresent(user -> url.addQueryParameter("user_id", user.toString()));
        return url.build();
    }

    private static String requireField(ObjectNode answer, String field, String what) {
        JsonNode value = answer.path(field);
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw new GatewayException(Reason.TRANSIENT, what + " answered without '" + field + "'");
        }
        return value.textValue();
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static void requireAs(Optional<MatrixUserId> as) {
        if (as == null) {
            throw new IllegalArgumentException("as must not be null (use Optional.empty() for the appservice itself)");
        }
    }

    private static void requireUser(MatrixUserId user) {
        if (user == null) {
            throw new IllegalArgumentException("user must not be null");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void requireState(String stateKey) {
        if (stateKey == null) {
            throw new IllegalArgumentException("stateKey must not be null (use \"\")");
        }
    }

    private static void requireContent(ObjectNode content) {
        if (content == null) {
            throw new IllegalArgumentException("content must not be null");
        }
    }

    private static void requireOptional(Optional<?> value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null (use Optional.empty())");
        }
    }
}
