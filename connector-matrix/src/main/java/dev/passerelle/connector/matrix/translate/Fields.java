package dev.passerelle.connector.matrix.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed reads of one JSON object, each failing with the field's dotted path. */
final class Fields {
    private final ObjectNode node;
    private final String path;

    private Fields(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The top level of an event. */
    static Fields root(ObjectNode event) {
        return new Fields(event, "");
    }

    String path(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    ObjectNode node() {
        return node;
    }

    boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    Fields object(String field) {
        return optionalObject(field).orElseThrow(() -> new Malformed(path(field), "missing (must be an object)"));
    }

    Optional<Fields> optionalObject(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw new Malformed(path(field), "must be an object, was " + v.getNodeType().name().toLowerCase());
        }
        return Optional.of(new Fields((ObjectNode) v, path(field)));
    }

    String string(String field) {
        return optionalString(field).orElseThrow(() -> new Malformed(path(field), "missing (must be a string)"));
    }

    Optional<String> optionalString(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new Malformed(path(field), "must be a string, was " + v.getNodeType().name().toLowerCase());
        }
        return Optional.of(v.asText());
    }

    long integer(String field) {
        OptionalLong v = optionalInteger(field);
        if (v.isEmpty()) {
            throw new Malformed(path(field), "missing (must be an integer)");
        }
        return v.getAsLong();
    }

    OptionalLong optionalInteger(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Malformed(path(field), "must be an integer, was " + v.getNodeType().name().toLowerCase());
        }
        return OptionalLong.of(v.asLong());
    }

    JsonNode raw(String field) {
        return node.get(field);
    }
}
