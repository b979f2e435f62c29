package dev.passerelle.core.admin;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.store.Ghost;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.StoredDelivery;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;

/** The JSON forms of store records in the admin API (docs/admin-api.yaml describes them). */
final class Views {

    private Views() {
    }

    static JsonObject link(Link link) {
        JsonArray rooms = new JsonArray();
        // Sorted so that the same link always prints the same way.
        link.rooms().stream().map(Address::toUri).sorted(Comparator.naturalOrder()).forEach(rooms::add);
        return new JsonObject()
                .put("id", link.id().toString())
                .put("kind", link.kind().name().toLowerCase(Locale.ROOT))
                .put("rooms", rooms)
                .put("created", link.created().toString());
    }

    static JsonObject ghost(Ghost ghost) {
        JsonObject json = new JsonObject()
                .put("real", ghost.real().toUri())
                .put("ghost", ghost.ghost().toUri())
                .put("network", ghost.ghost().network().id())
                .put("created", ghost.created().toString());
        ghost.displayName().ifPresent(n -> json.put("displayName", n));
        ghost.avatar().ifPresent(a -> json.put("avatar", a.toString()));
        return json;
    }

    static JsonObject deadLetter(StoredDelivery d) {
        JsonObject json = new JsonObject()
                .put("seq", d.seq())
                .put("event", d.event().toString())
                .put("link", d.link().toString())
                .put("target", d.target().toUri())
                .put("idempotencyKey", d.key().value())
                .put("attempts", d.attempts())
                .put("rendered", d.rendered().isPresent())
                .put("eventJson", eventJson(d.eventJson()));
        d.lastError().ifPresent(e -> json.put("lastError", e));
        return json;
    }

    /** The journalled event in its versioned JSON form, embedded as JSON (as text if it is not JSON). */
    private static Object eventJson(byte[] bytes) {
        try {
            return Json.decodeValue(Buffer.buffer(bytes));
        } catch (DecodeException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
