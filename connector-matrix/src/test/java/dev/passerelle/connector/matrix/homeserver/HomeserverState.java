package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rooms, users, events, profiles and media of the stub homeserver. Every method holds the instance's lock,
 * so WireMock's request threads and the test's reading thread see one consistent state.
 */
final class HomeserverState {

    /** The limit of the Client-Server API, "Size limits": 65536 bytes for an event's JSON. */
    static final int MAX_EVENT_BYTES = 65536;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final String serverName;
    private final Set<String> users = new LinkedHashSet<>();
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final List<StoredEvent> events = new ArrayList<>();
    private final Map<String, String> transactions = new HashMap<>();
    private int repeatedTransactions;
    private final Map<String, Map<String, JsonNode>> profiles = new HashMap<>();
    private final Map<String, StoredMedia> media = new HashMap<>();
    private final Map<String, JsonNode> presence = new HashMap<>();
    private final Map<String, JsonNode> receipts = new LinkedHashMap<>();

    HomeserverState(String serverName) {
        this.serverName = serverName;
    }

    /** A room in the making; only this class mutates it, under the lock. */
    private static final class Room {
        final String id;
        final String creator;
        String alias;
        String joinRule = "invite";
        final Set<String> members = new LinkedHashSet<>();
        final Set<String> invited = new LinkedHashSet<>();
        final Set<String> banned = new LinkedHashSet<>();
        final Map<String, JsonNode> state = new LinkedHashMap<>();
        final Map<String, StoredEvent> stateEvents = new LinkedHashMap<>();

        Room(String id, String creator) {
            this.id = id;
            this.creator = creator;
        }
    }

    /** Thrown by an operation to answer with a Matrix error. */
    static final class MatrixError extends RuntimeException {
        final int status;
        final String errcode;

        MatrixError(int status, String errcode, String message) {
            super(message);
            this.status = status;
            this.errcode = errcode;
        }

        Reply reply() {
            return Reply.error(status, errcode, getMessage());
        }
    }

    String serverName() {
        return serverName;
    }

    static String random(int length) {
        StringBuilder builder = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            builder.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return builder.toString();
    }

    synchronized boolean register(String userId) {
        return users.add(userId);
    }

    synchronized boolean isUser(String userId) {
        return users.contains(userId);
    }

    synchronized Set<String> users() {
        return Set.copyOf(users);
    }

    synchronized String createRoom(String creator, JsonNode request) {
        String alias = null;
        if (request.hasNonNull("room_alias_name")) {
            alias = "#" + request.get("room_alias_name").asText() + ":" + serverName;
            if (aliases.containsKey(alias)) {
                throw new MatrixError(400, "M_ROOM_IN_USE", "Room alias already taken: " + alias);
            }
        }
        Room room = new Room("!" + random(18) + ":" + serverName, creator);
        rooms.put(room.id, room);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        setState(room, creator, "m.room.create", "",
                nodes.objectNode().put("room_version", request.path("room_version").asText("11")));
        join(room, creator);
        ObjectNode powerLevels = nodes.objectNode();
        powerLevels.putObject("users").put(creator, 100);
        if (request.path("power_level_content_override").isObject()) {
            powerLevels.setAll((ObjectNode) request.get("power_level_content_override"));
        }
        setState(room, creator, "m.room.power_levels", "", powerLevels);
        String preset = request.path("preset").asText(
                request.path("visibility").asText("private").equals("public") ? "public_chat" : "private_chat");
        room.joinRule = preset.equals("public_chat") ? "public" : "invite";
        setState(room, creator, "m.room.join_rules", "", nodes.objectNode().put("join_rule", room.joinRule));
        if (alias != null) {
            aliases.put(alias, room.id);
            room.alias = alias;
            setState(room, creator, "m.room.canonical_alias", "", nodes.objectNode().put("alias", alias));
        }
        for (JsonNode initial : request.path("initial_state")) {
            setState(room, creator, initial.path("type").asText(), initial.path("state_key").asText(""),
                    initial.path("content"));
        }
        if (request.hasNonNull("name")) {
            setState(room, creator, "m.room.name", "", nodes.objectNode().put("name", request.get("name").asText()));
        }
        if (request.hasNonNull("topic")) {
            setState(room, creator, "m.room.topic", "", nodes.objectNode().put("topic", request.get("topic").asText()));
        }
        for (JsonNode invitee : request.path("invite")) {
            invite(room, creator, invitee.asText(), request.path("is_direct").asBoolean(false));
        }
        return room.id;
    }

    synchronized Optional<String> resolveAlias(String alias) {
        return Optional.ofNullable(aliases.get(alias));
    }

    synchronized void putAlias(String alias, String roomId) {
        if (aliases.containsKey(alias)) {
            throw new MatrixError(409, "M_UNKNOWN", "Room alias already exists: " + alias);
        }
        existing(roomId);
        aliases.put(alias, roomId);
    }

    synchronized void deleteAlias(String alias) {
        if (aliases.remove(alias) == null) {
            throw new MatrixError(404, "M_NOT_FOUND", "Unknown room alias " + alias);
        }
    }

    synchronized String join(String user, String roomIdOrAlias) {
        String roomId = roomIdOrAlias.startsWith("#")
                ? resolveAlias(roomIdOrAlias).orElseThrow(
                        () -> new MatrixError(404, "M_NOT_FOUND", "Unknown room alias " + roomIdOrAlias))
                : roomIdOrAlias;
        Room room = existing(roomId);
        if (room.banned.contains(user)) {
            throw new MatrixError(403, "M_FORBIDDEN", user + " is banned from " + roomId);
        }
        if (!room.members.contains(user) && !room.invited.contains(user) && !room.joinRule.equals("public")) {
            throw new MatrixError(403, "M_FORBIDDEN", user + " is not invited to " + roomId);
        }
        join(room, user);
        return roomId;
    }

    synchronized void invite(String actor, String roomId, String target) {
        Room room = joined(actor, roomId);
        if (room.banned.contains(target)) {
            throw new MatrixError(403, "M_FORBIDDEN", target + " is banned from " + roomId);
        }
        if (room.members.contains(target)) {
            throw new MatrixError(403, "M_FORBIDDEN", target + " is already in the room");
        }
        invite(room, actor, target, false);
    }

    synchronized void leave(String user, String roomId) {
        Room room = existing(roomId);
        if (!room.members.contains(user) && !room.invited.contains(user)) {
            throw new MatrixError(403, "M_FORBIDDEN", user + " is not in " + roomId);
        }
        room.members.remove(user);
        room.invited.remove(user);
        setState(room, user, "m.room.member", user, membership("leave", null));
    }

    synchronized void kick(String actor, String roomId, String target, String reason) {
        Room room = joined(actor, roomId);
        if (!room.members.remove(target) && !room.invited.remove(target)) {
            throw new MatrixError(403, "M_FORBIDDEN", target + " is not in " + roomId);
        }
        setState(room, actor, "m.room.member", target, membership("leave", reason));
    }

    synchronized void ban(String actor, String roomId, String target, String reason) {
        Room room = joined(actor, roomId);
        room.members.remove(target);
        room.invited.remove(target);
        room.banned.add(target);
        setState(room, actor, "m.room.member", target, membership("ban", reason));
    }

    synchronized Map<String, Map<String, JsonNode>> joinedMembers(String actor, String roomId) {
        Room room = joined(actor, roomId);
        Map<String, Map<String, JsonNode>> result = new LinkedHashMap<>();
        for (String member : room.members) {
            result.put(member, Map.copyOf(profiles.getOrDefault(member, Map.of())));
        }
        return result;
    }

    synchronized List<StoredEvent> currentState(String actor, String roomId) {
        return List.copyOf(joined(actor, roomId).stateEvents.values());
    }

    synchronized Optional<StoredEvent> stateEvent(String actor, String roomId, String type, String stateKey) {
        return Optional.ofNullable(joined(actor, roomId).stateEvents.get(StoredRoom.stateKey(type, stateKey)));
    }

    synchronized Optional<JsonNode> stateContent(String actor, String roomId, String type, String stateKey) {
        return Optional.ofNullable(joined(actor, roomId).state.get(StoredRoom.stateKey(type, stateKey)));
    }

    /** Stores a message event once per (sender, room, transaction) and returns its event id. */
    synchronized String send(String sender, String roomId, String type, JsonNode content, String txnId) {
        Room room = joined(sender, roomId);
        String key = sender + "\u0000" + roomId + "\u0000" + txnId;
        String known = transactions.get(key);
        if (known != null) {
            repeatedTransactions++;
            return known;
        }
        StoredEvent event = newEvent(room, sender, type, null, content, txnId);
        transactions.put(key, event.eventId());
        return event.eventId();
    }

    /** How many sends repeated a transaction already stored (answered with the first event, nothing stored). */
    synchronized int repeatedTransactions() {
        return repeatedTransactions;
    }

    synchronized String setState(String sender, String roomId, String type, String stateKey, JsonNode content) {
        Room room = joined(sender, roomId);
        if (type.equals("m.room.power_levels")) {
            // Who may change power levels is the one authorisation rule the gateway depends on (role changes).
            JsonNode levels = room.state.getOrDefault(StoredRoom.stateKey(type, ""),
                    JsonNodeFactory.instance.objectNode());
            long own = levels.path("users").path(sender).asLong(levels.path("users_default").asLong(0));
            long needed = levels.path("events").path(type).asLong(levels.path("state_default").asLong(50));
            if (own < needed) {
                throw new MatrixError(403, "M_FORBIDDEN", sender + " has level " + own + ", changing power levels"
                        + " needs " + needed);
            }
        }
        return setState(room, sender, type, stateKey, content);
    }

    synchronized String redact(String sender, String roomId, String eventId, String txnId, String reason) {
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("redacts", eventId);
        if (reason != null) {
            content.put("reason", reason);
        }
        return send(sender, roomId, "m.room.redaction", content, txnId);
    }

    synchronized void requireJoined(String user, String roomId) {
        joined(user, roomId);
    }

    synchronized void receipt(String user, String roomId, String type, String eventId) {
        joined(user, roomId);
        receipts.put(roomId + "|" + user + "|" + type, JsonNodeFactory.instance.textNode(eventId));
    }

    synchronized Optional<String> receipt(String roomId, String user, String type) {
        return Optional.ofNullable(receipts.get(roomId + "|" + user + "|" + type)).map(JsonNode::asText);
    }

    synchronized void setPresence(String user, JsonNode body) {
        presence.put(user, body.deepCopy());
    }

    synchronized Optional<JsonNode> presence(String user) {
        return Optional.ofNullable(presence.get(user)).map(JsonNode::deepCopy);
    }

    synchronized void setProfile(String user, String key, JsonNode value) {
        profiles.computeIfAbsent(user, u -> new LinkedHashMap<>()).put(key, value.deepCopy());
    }

    synchronized void deleteProfile(String user, String key) {
        profiles.getOrDefault(user, new HashMap<>()).remove(key);
    }

    synchronized Map<String, JsonNode> profile(String user) {
        return Map.copyOf(profiles.getOrDefault(user, Map.of()));
    }

    synchronized String upload(String contentType, String fileName, byte[] bytes) {
        String uri = "mxc://" + serverName + "/" + random(24);
        media.put(uri, new StoredMedia(uri, contentType, fileName, bytes));
        return uri;
    }

    synchronized Optional<StoredMedia> media(String mxcUri) {
        return Optional.ofNullable(media.get(mxcUri));
    }

    synchronized List<StoredEvent> events(String roomId) {
        return events.stream().filter(e -> e.roomId().equals(roomId)).toList();
    }

    synchronized Optional<StoredRoom> room(String idOrAlias) {
        String id = idOrAlias.startsWith("#") ? aliases.get(idOrAlias) : idOrAlias;
        Room room = id == null ? null : rooms.get(id);
        if (room == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredRoom(room.id, room.alias, room.creator, room.members, room.invited,
                room.banned, room.state));
    }

    private Room existing(String roomId) {
        Room room = rooms.get(roomId);
        if (room == null) {
            throw new MatrixError(404, "M_NOT_FOUND", "Unknown room " + roomId);
        }
        return room;
    }

    private Room joined(String user, String roomId) {
        Room room = rooms.get(roomId);
        if (room == null || !room.members.contains(user)) {
            // A homeserver does not tell strangers whether the room exists.
            throw new MatrixError(403, "M_FORBIDDEN", user + " is not in room " + roomId);
        }
        return room;
    }

    private void join(Room room, String user) {
        room.invited.remove(user);
        room.members.add(user);
        ObjectNode content = membership("join", null);
        Map<String, JsonNode> profile = profiles.getOrDefault(user, Map.of());
        profile.forEach(content::set);
        setState(room, user, "m.room.member", user, content);
    }

    private void invite(Room room, String actor, String target, boolean direct) {
        room.invited.add(target);
        ObjectNode content = membership("invite", null);
        if (direct) {
            content.put("is_direct", true);
        }
        setState(room, actor, "m.room.member", target, content);
    }

    private static ObjectNode membership(String membership, String reason) {
        ObjectNode content = JsonNodeFactory.instance.objectNode().put("membership", membership);
        if (reason != null) {
            content.put("reason", reason);
        }
        return content;
    }

    private String setState(Room room, String sender, String type, String stateKey, JsonNode content) {
        StoredEvent event = newEvent(room, sender, type, stateKey, content, null);
        room.state.put(StoredRoom.stateKey(type, stateKey), content.deepCopy());
        room.stateEvents.put(StoredRoom.stateKey(type, stateKey), event);
        return event.eventId();
    }

    private StoredEvent newEvent(Room room, String sender, String type, String stateKey, JsonNode content,
                                 String txnId) {
        StoredEvent event = new StoredEvent("$" + random(43), room.id, sender, type, stateKey, content, txnId,
                System.currentTimeMillis());
        int size = ClientEvents.toJson(event).toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_EVENT_BYTES) {
            throw new MatrixError(413, "M_TOO_LARGE", "Event is " + size + " bytes, over " + MAX_EVENT_BYTES);
        }
        events.add(event);
        return event;
    }
}
