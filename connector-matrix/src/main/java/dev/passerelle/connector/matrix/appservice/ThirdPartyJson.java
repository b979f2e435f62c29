package dev.passerelle.connector.matrix.appservice;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The third-party records in the shapes of the spec's {@code protocol}, {@code location} and {@code user}. */
final class ThirdPartyJson {

    private ThirdPartyJson() {
    }

    static JsonObject protocol(ThirdPartyProtocol protocol) {
        JsonObject types = new JsonObject();
        protocol.fieldTypes().forEach((field, type) -> types.put(field,
                new JsonObject().put("regexp", type.regexp()).put("placeholder", type.placeholder())));
        JsonArray instances = new JsonArray();
        for (ThirdPartyProtocol.Instance instance : protocol.instances()) {
            JsonObject json = new JsonObject().put("desc", instance.desc());
            instance.icon().ifPresent(icon -> json.put("icon", icon));
            json.put("fields", fields(instance.fields())).put("network_id", instance.networkId());
            instances.add(json);
        }
        return new JsonObject()
                .put("user_fields", new JsonArray(protocol.userFields()))
                .put("location_fields", new JsonArray(protocol.locationFields()))
                .put("icon", protocol.icon())
                .put("field_types", types)
                .put("instances", instances);
    }

    static JsonObject location(ThirdPartyLocation location) {
        return new JsonObject().put("alias", location.alias().toString()).put("protocol", location.protocol())
                .put("fields", fields(location.fields()));
    }

    static JsonObject user(ThirdPartyUser user) {
        return new JsonObject().put("userid", user.userid().toString()).put("protocol", user.protocol())
                .put("fields", fields(user.fields()));
    }

    private static JsonObject fields(Map<String, String> fields) {
        JsonObject json = new JsonObject();
        fields.forEach(json::put);
        return json;
    }
}
