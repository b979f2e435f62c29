package dev.passerelle.core.admin;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MatrixRoomAlias;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.store.Link;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/links}, {@code {"kind": "portal"|"plumbed", "rooms": [uri, ...]}},
 * checked field by field so that a refusal says exactly what is wrong.
 */
record LinkRequest(Link.Kind kind, Set<Address> rooms) {

    static LinkRequest parse(Buffer body) {
        Object json = RequestJson.decode(body);
        if (!(json instanceof JsonObject)) {
            throw ApiError.badRequest("body must be a JSON object {\"kind\": \"portal\"|\"plumbed\", \"rooms\": [uri, ...]}");
        }
        JsonObject o = (JsonObject) json;
        for (String field : o.fieldNames()) {
            if (!field.equals("kind") && !field.equals("rooms")) {
                throw ApiError.badRequest("unknown field '" + field + "' (expected kind, rooms)");
            }
        }
        return new LinkRequest(kind(o.getValue("kind")), rooms(o.getValue("rooms")));
    }

    private static Link.Kind kind(Object value) {
        if ("portal".equals(value)) {
            return Link.Kind.PORTAL;
        }
        if ("plumbed".equals(value)) {
            return Link.Kind.PLUMBED;
        }
        throw ApiError.badRequest("kind must be \"portal\" or \"plumbed\", was " + (value == null ? "missing" : Json.encode(value)));
    }

    private static Set<Address> rooms(Object value) {
        if (!(value instanceof JsonArray)) {
            throw ApiError.badRequest("rooms must be a list of room URIs (xmpp:, matrix:roomid/, mimi://.../r/...)");
        }
        JsonArray list = (JsonArray) value;
        Set<Address> rooms = new LinkedHashSet<>();
        Map<Network, Address> byNetwork = new EnumMap<>(Network.class);
        for (int i = 0; i < list.size(); i++) {
            Object item = list.getValue(i);
            if (!(item instanceof String)) {
                throw ApiError.badRequest("rooms[" + i + "] must be a string URI");
            }
            Address room = room(i, (String) item);
            if (!rooms.add(room)) {
                throw ApiError.badRequest("rooms[" + i + "] " + room.toUri() + " is listed twice");
            }
            Address other = byNetwork.putIfAbsent(room.network(), room);
            if (other != null) {
                throw ApiError.badRequest("rooms[" + i + "] " + room.toUri() + " is on " + room.network().id()
                        + " like " + other.toUri() + ": a link joins at most one room per network");
            }
        }
        if (rooms.size() < 2) {
            throw ApiError.badRequest("a link joins at least two rooms on different networks, got " + rooms.size());
        }
        return rooms;
    }

    private static Address room(int i, String uri) {
        Address address;
        try {
            address = Addresses.parse(uri);
        } catch (IllegalArgumentException e) {
            // AddressException (a subclass) names the part of the address that is wrong.
            throw ApiError.badRequest("rooms[" + i + "] '" + uri + "' is not a valid address: " + e.getMessage());
        }
        if (address instanceof MatrixUserId || address instanceof MimiUserUri) {
            throw ApiError.badRequest("rooms[" + i + "] " + uri + " is a user, not a room");
        }
        if (address instanceof MatrixRoomAlias) {
            // Events carry room ids, so a link on an alias would never match any of them.
            throw ApiError.badRequest("rooms[" + i + "] " + uri + " is a room alias; link the room id (matrix:roomid/...)");
        }
        return address;
    }
}
