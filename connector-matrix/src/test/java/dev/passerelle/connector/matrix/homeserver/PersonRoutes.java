package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stub homeserver's own endpoints under {@code /_stub/}, for a person who plays a native Matrix user from a
 * shell (docs/deploy.md, "Try it on one machine"): create a room, join one, send a message, read a room's events.
 * Each action that makes events pushes them to the application service in one transaction, as a homeserver
 * would, and answers once the gateway acknowledged it (or the push gave up).
 *
 * <pre>
 * POST /_stub/rooms?user_id=@alice:localhost                 createRoom body  -> {"room_id", "acknowledged"}
 * POST /_stub/rooms/{roomId}/join?user_id=@alice:localhost                     -> {"room_id", "acknowledged"}
 * POST /_stub/rooms/{roomId}/send?user_id=@alice:localhost   message content  -> {"event_id", "acknowledged"}
 * GET  /_stub/rooms/{roomId}/events                                           -> {"events": [client events]}
 * GET  /_stub/violations                                                      -> {"violations": [...]}
 * </pre>
 */
final class PersonRoutes implements Function<ApiRequest, Reply> {

    /** Where these endpoints live; the Matrix API has nothing under it. */
    static final String PREFIX = "/_stub/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROOM_ACTION = Pattern.compile("/_stub/rooms/([^/]+)/(join|send|events)");
    private static final Pattern USER_ID = Pattern.compile("@[a-z0-9._=/+-]+:[A-Za-z0-9.:\\[\\]-]+");

    private final StubHomeserver homeserver;
    private final String appServiceUrl;
    private final String hsToken;
    private final String namespaceRegex;
    private final AtomicLong transactions = new AtomicLong();
    /** Transaction ids of one run: a stub started again must not reuse ids the gateway has seen. */
    private final String run = HomeserverState.random(8);
    /** Transactions go to the appservice one at a time and in order, as a homeserver sends them. */
    private final Object pushing = new Object();

    /**
     * @param appServiceUrl the registration's {@code url}
     * @param hsToken the registration's {@code hs_token}
     * @param namespaceRegex the registration's exclusive user namespace, which people may not act as
     */
    PersonRoutes(StubHomeserver homeserver, String appServiceUrl, String hsToken, String namespaceRegex) {
        this.homeserver = homeserver;
        this.appServiceUrl = appServiceUrl;
        this.hsToken = hsToken;
        this.namespaceRegex = namespaceRegex;
    }

    @Override
    public Reply apply(ApiRequest request) {
        try {
            return route(request);
        } catch (HomeserverState.MatrixError e) {
            return e.reply();
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "M_BAD_JSON", e.getMessage());
        }
    }

    private Reply route(ApiRequest request) {
        String path = request.rawPath();
        if (path.equals("/_stub/violations") && request.method().equals("GET")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            homeserver.violations().forEach(list::add);
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("violations", list);
            return Reply.ok(body);
        }
        if (path.equals("/_stub/rooms") && request.method().equals("POST")) {
            String user = user(request);
            String roomId = homeserver.createRoom(user, object(request));
            return Reply.ok(JsonNodeFactory.instance.objectNode().put("room_id", roomId)
                    .put("acknowledged", push(homeserver.events(roomId))));
        }
        Matcher m = ROOM_ACTION.matcher(path);
        if (!m.matches()) {
            return Reply.error(404, "M_UNRECOGNIZED", "no stub endpoint " + request.method() + " " + path);
        }
        String roomId = ApiRequest.decode(m.group(1));
        String action = m.group(2);
        if (action.equals("events") && request.method().equals("GET")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            homeserver.events(roomId).forEach(e -> list.add(ClientEvents.toJson(e)));
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.set("events", list);
            return Reply.ok(body);
        }
        if (!request.method().equals("POST") || action.equals("events")) {
            return Reply.error(405, "M_UNRECOGNIZED", request.method() + " is not allowed on " + path);
        }
        String user = user(request);
        int before = homeserver.events(roomId).size();
        if (action.equals("join")) {
            homeserver.join(user, roomId);
            List<StoredEvent> made = homeserver.events(roomId);
            return Reply.ok(JsonNodeFactory.instance.objectNode().put("room_id", roomId)
                    .put("acknowledged", push(made.subList(before, made.size()))));
        }
        ObjectNode content = object(request);
        if (!content.path("body").isTextual()) {
            throw new IllegalArgumentException("the message content needs a \"body\" string");
        }
        if (!content.has("msgtype")) {
            content.put("msgtype", "m.text");
        }
        String eventId = homeserver.send(user, roomId, "m.room.message", content);
        StoredEvent event = homeserver.events(roomId).stream().filter(e -> e.eventId().equals(eventId))
                .findFirst().orElseThrow();
        return Reply.ok(JsonNodeFactory.instance.objectNode().put("event_id", eventId)
                .put("acknowledged", push(List.of(event))));
    }

    /** The native user to act as: {@code user_id}, registered on first use, never one of the gateway's. */
    private String user(ApiRequest request) {
        String user = request.queryParameter("user_id");
        if (user == null || !USER_ID.matcher(user).matches()) {
            throw new IllegalArgumentException("user_id must be a Matrix user id such as @alice:"
                    + homeserver.serverName() + ", was " + user);
        }
        if (!user.endsWith(":" + homeserver.serverName())) {
            throw new IllegalArgumentException(user + " is not a user of this homeserver, "
                    + homeserver.serverName());
        }
        if (Pattern.matches(namespaceRegex, user)) {
            throw new HomeserverState.MatrixError(403, "M_EXCLUSIVE", user
                    + " is in the application service's exclusive namespace; act as a native user instead");
        }
        homeserver.registerUser(user);
        return user;
    }

    private static ObjectNode object(ApiRequest request) {
        byte[] body = request.body();
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode)) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    /** Pushes the events in one transaction; true once the appservice answered 200. */
    private boolean push(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return true;
        }
        List<ObjectNode> json = events.stream().map(ClientEvents::toJson).toList();
        synchronized (pushing) {
            String txnId = "stub-" + run + "-" + transactions.incrementAndGet();
            return homeserver.pushTransaction(appServiceUrl, hsToken, txnId, json).acknowledged();
        }
    }
}
