package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.HomeserverState.MatrixError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Client-Server endpoints the stub homeserver implements, on top of {@link HomeserverState}: authentication
 * with the application service's token, identity assertion with {@code user_id}, and the room, profile and media
 * operations a gateway uses.
 */
final class ClientServerRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String C = "/_matrix/client/v3";
    private static final String ROOM = C + "/rooms/([^/]+)";

    private final HomeserverState state;
    private final String asToken;
    private final String sender;
    private final BooleanSupplier authenticatedMedia;
    private final List<Route> routes = new ArrayList<>();

    /** One request being served: the path's captured groups (decoded) and the user acting. */
    private record Call(ApiRequest request, List<String> groups, String actor) {
        String group(int i) {
            return groups.get(i - 1);
        }

        JsonNode body() {
            byte[] bytes = request.body();
            if (bytes.length == 0) {
                return JsonNodeFactory.instance.objectNode();
            }
            try {
                JsonNode node = JSON.readTree(bytes);
                if (node == null || !node.isObject()) {
                    throw new MatrixError(400, "M_BAD_JSON", "The body must be a JSON object");
                }
                return node;
            } catch (IOException e) {
                throw new MatrixError(400, "M_NOT_JSON", "The body is not JSON");
            }
        }

        String field(String name) {
            JsonNode value = body().get(name);
            if (value == null || !value.isTextual()) {
                throw new MatrixError(400, "M_MISSING_PARAM", "Missing " + name);
            }
            return value.asText();
        }
    }

    private record Route(String method, Pattern pattern, boolean authenticated, Function<Call, Reply> handler) {
    }

    ClientServerRoutes(HomeserverState state, String asToken, String sender, BooleanSupplier authenticatedMedia) {
        this.state = state;
        this.asToken = asToken;
        this.sender = sender;
        this.authenticatedMedia = authenticatedMedia;
        defineRoutes();
    }

    private void route(String method, String regex, Function<Call, Reply> handler) {
        routes.add(new Route(method, Pattern.compile("^" + regex + "$"), true, handler));
    }

    private void open(String method, String regex, Function<Call, Reply> handler) {
        routes.add(new Route(method, Pattern.compile("^" + regex + "$"), false, handler));
    }

    private void defineRoutes() {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        open("GET", "/_matrix/client/versions", call -> Reply.ok(versions()));
        route("POST", C + "/register", this::register);
        route("GET", C + "/account/whoami", call -> Reply.ok(nodes.objectNode().put("user_id", call.actor())));
        route("POST", C + "/createRoom", call -> Reply.ok(nodes.objectNode()
                .put("room_id", state.createRoom(call.actor(), call.body()))));
        route("GET", C + "/directory/room/([^/]+)", call -> {
            String roomId = state.resolveAlias(call.group(1)).orElseThrow(
                    () -> new MatrixError(404, "M_NOT_FOUND", "Room alias " + call.group(1) + " not found"));
            ObjectNode body = nodes.objectNode().put("room_id", roomId);
            body.putArray("servers").add(state.serverName());
            return Reply.ok(body);
        });
        route("PUT", C + "/directory/room/([^/]+)", call -> {
            state.putAlias(call.group(1), call.field("room_id"));
            return Reply.empty();
        });
        route("DELETE", C + "/directory/room/([^/]+)", call -> {
            state.deleteAlias(call.group(1));
            return Reply.empty();
        });
        route("POST", C + "/join/([^/]+)", call -> Reply.ok(nodes.objectNode()
                .put("room_id", state.join(call.actor(), call.group(1)))));
        route("POST", ROOM + "/join", call -> Reply.ok(nodes.objectNode()
                .put("room_id", state.join(call.actor(), call.group(1)))));
        route("POST", ROOM + "/invite", call -> {
            state.invite(call.actor(), call.group(1), call.field("user_id"));
            return Reply.empty();
        });
        route("POST", ROOM + "/leave", call -> {
            state.leave(call.actor(), call.group(1));
            return Reply.empty();
        });
        route("POST", ROOM + "/kick", call -> {
            state.kick(call.actor(), call.group(1), call.field("user_id"), call.body().path("reason").asText(null));
            return Reply.empty();
        });
        route("POST", ROOM + "/ban", call -> {
            state.ban(call.actor(), call.group(1), call.field("user_id"), call.body().path("reason").asText(null));
            return Reply.empty();
        });
        route("GET", ROOM + "/joined_members", this::joinedMembers);
        route("GET", ROOM + "/state", call -> {
            var array = nodes.arrayNode();
            state.currentState(call.actor(), call.group(1)).forEach(e -> array.add(ClientEvents.toJson(e)));
            return Reply.ok(array);
        });
        route("GET", ROOM + "/state/([^/]+)/?([^/]*)", call -> "event".equals(call.request().queryParameter("format"))
                ? Reply.ok(ClientEvents.toJson(state.stateEvent(call.actor(), call.group(1), call.group(2),
                        call.group(3)).orElseThrow(() -> new MatrixError(404, "M_NOT_FOUND", "No such state event"))))
                : Reply.ok(state.stateContent(call.actor(), call.group(1), call.group(2), call.group(3)).orElseThrow(
                        () -> new MatrixError(404, "M_NOT_FOUND", "No such state event"))));
        route("PUT", ROOM + "/state/([^/]+)/?([^/]*)", call -> Reply.ok(nodes.objectNode().put("event_id",
                state.setState(call.actor(), call.group(1), call.group(2), call.group(3), call.body()))));
        route("PUT", ROOM + "/send/([^/]+)/([^/]+)", call -> Reply.ok(nodes.objectNode().put("event_id",
                state.send(call.actor(), call.group(1), call.group(2), call.body(), call.group(3)))));
        route("PUT", ROOM + "/redact/([^/]+)/([^/]+)", call -> Reply.ok(nodes.objectNode().put("event_id",
                state.redact(call.actor(), call.group(1), call.group(2), call.group(3),
                        call.body().path("reason").asText(null)))));
        route("PUT", ROOM + "/typing/([^/]+)", call -> {
            self(call, call.group(2));
            state.requireJoined(call.actor(), call.group(1));
            return Reply.empty();
        });
        route("POST", ROOM + "/receipt/([^/]+)/([^/]+)", call -> {
            state.receipt(call.actor(), call.group(1), call.group(2), call.group(3));
            return Reply.empty();
        });
        route("POST", ROOM + "/read_markers", call -> {
            JsonNode body = call.body();
            state.requireJoined(call.actor(), call.group(1));
            for (String type : List.of("m.fully_read", "m.read", "m.read.private")) {
                if (body.hasNonNull(type)) {
                    state.receipt(call.actor(), call.group(1), type, body.get(type).asText());
                }
            }
            return Reply.empty();
        });
        route("PUT", C + "/presence/([^/]+)/status", call -> {
            self(call, call.group(1));
            state.setPresence(call.actor(), call.body());
            return Reply.empty();
        });
        route("PUT", C + "/profile/([^/]+)/([^/]+)", call -> {
            self(call, call.group(1));
            JsonNode value = call.body().get(call.group(2));
            if (value == null) {
                throw new MatrixError(400, "M_MISSING_PARAM", "Missing " + call.group(2));
            }
            state.setProfile(call.actor(), call.group(2), value);
            return Reply.empty();
        });
        route("DELETE", C + "/profile/([^/]+)/([^/]+)", call -> {
            self(call, call.group(1));
            state.deleteProfile(call.actor(), call.group(2));
            return Reply.empty();
        });
        route("GET", C + "/profile/([^/]+)/([^/]+)", call -> {
            JsonNode value = state.profile(call.group(1)).get(call.group(2));
            if (value == null) {
                throw new MatrixError(404, "M_NOT_FOUND", "Profile field not set");
            }
            return Reply.ok(nodes.objectNode().set(call.group(2), value));
        });
        route("GET", C + "/profile/([^/]+)", call -> {
            if (!state.isUser(call.group(1))) {
                throw new MatrixError(404, "M_NOT_FOUND", "Unknown user " + call.group(1));
            }
            ObjectNode body = nodes.objectNode();
            state.profile(call.group(1)).forEach(body::set);
            return Reply.ok(body);
        });
        route("POST", "/_matrix/media/v3/upload", call -> {
            String type = call.request().contentType();
            String uri = state.upload(type == null ? "application/octet-stream" : type,
                    call.request().queryParameter("filename"), call.request().body());
            return Reply.ok(nodes.objectNode().put("content_uri", uri));
        });
        route("GET", "/_matrix/client/v1/media/download/([^/]+)/([^/]+)(?:/[^/]+)?", call -> {
            if (!authenticatedMedia.getAsBoolean()) {
                throw new MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request");
            }
            return download(call);
        });
        open("GET", "/_matrix/media/v3/download/([^/]+)/([^/]+)(?:/[^/]+)?", this::download);
        route("POST", "/_matrix/client/v1/appservice/([^/]+)/ping", call -> Reply.ok(
                nodes.objectNode().put("duration_ms", 0)));
    }

    /** Serves one request; errors of the operations become Matrix error responses. */
    Reply handle(ApiRequest request) {
        for (Route route : routes) {
            if (!route.method().equals(request.method())) {
                continue;
            }
            Matcher matcher = route.pattern().matcher(request.rawPath());
            if (!matcher.matches()) {
                continue;
            }
            List<String> groups = new ArrayList<>();
            for (int i = 1; i <= matcher.groupCount(); i++) {
                String raw = matcher.group(i);
                groups.add(raw == null ? null : ApiRequest.decode(raw.replace("+", "%2B")));
            }
            try {
                String actor = route.authenticated() ? authenticate(request, route) : null;
                return route.handler().apply(new Call(request, groups, actor));
            } catch (MatrixError error) {
                return error.reply();
            }
        }
        return Reply.error(404, "M_UNRECOGNIZED", "Unrecognized request: " + request.method() + " "
                + request.rawPath());
    }

    private String authenticate(ApiRequest request, Route route) {
        String authorization = request.header("Authorization");
        String token = request.queryParameter("access_token");
        if (authorization != null) {
            if (!authorization.startsWith("Bearer ")) {
                throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Unsupported Authorization scheme");
            }
            token = authorization.substring("Bearer ".length()).strip();
        }
        if (token == null) {
            throw new MatrixError(401, "M_MISSING_TOKEN", "Missing access token");
        }
        if (!token.equals(asToken)) {
            throw new MatrixError(401, "M_UNKNOWN_TOKEN", "Unrecognised access token");
        }
        String asserted = request.queryParameter("user_id");
        if (asserted == null) {
            return sender;
        }
        boolean registering = route.pattern().pattern().equals("^" + C + "/register$");
        if (!registering && !state.isUser(asserted)) {
            throw new MatrixError(403, "M_FORBIDDEN", "Application service has not registered " + asserted);
        }
        return asserted;
    }

    private Reply register(Call call) {
        JsonNode body = call.body();
        if (!body.path("type").asText().equals("m.login.application_service")) {
            throw new MatrixError(403, "M_FORBIDDEN",
                    "An application service registers with type m.login.application_service");
        }
        String localpart = call.field("username");
        String userId = "@" + localpart + ":" + state.serverName();
        if (!state.register(userId)) {
            throw new MatrixError(400, "M_USER_IN_USE", "User ID already taken: " + userId);
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode().put("user_id", userId);
        if (!body.path("inhibit_login").asBoolean(false)) {
            reply.put("access_token", asToken).put("device_id", HomeserverState.random(10));
        }
        return Reply.ok(reply);
    }

    private Reply joinedMembers(Call call) {
        ObjectNode joined = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, Map<String, JsonNode>> member :
                state.joinedMembers(call.actor(), call.group(1)).entrySet()) {
            ObjectNode entry = joined.putObject(member.getKey());
            JsonNode name = member.getValue().get("displayname");
            JsonNode avatar = member.getValue().get("avatar_url");
            if (name != null) {
                entry.set("display_name", name);
            }
            if (avatar != null) {
                entry.set("avatar_url", avatar);
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("joined", joined);
        return Reply.ok(body);
    }

    private Reply download(Call call) {
        String uri = "mxc://" + call.group(1) + "/" + call.group(2);
        StoredMedia media = state.media(uri).orElseThrow(
                () -> new MatrixError(404, "M_NOT_FOUND", "Unknown media " + uri));
        return new Reply(200, media.contentType(), media.bytes());
    }

    private static void self(Call call, String userId) {
        if (!userId.equals(call.actor())) {
            throw new MatrixError(403, "M_FORBIDDEN", call.actor() + " cannot act for " + userId);
        }
    }

    private static JsonNode versions() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        var versions = body.putArray("versions");
        for (String version : List.of("v1.11", "v1.12", "v1.13", "v1.19")) {
            versions.add(version);
        }
        return body;
    }
}
