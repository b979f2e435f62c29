package dev.passerelle.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One JSON object being decoded, with its path from the document root, so that every rejection can say
 * exactly where it happened. Absent fields and explicit {@code null} differ: an optional field may be absent,
 * but {@code null} is never a valid value.
 */
final class JsonFields {
    private final JsonNode node;
    private final String path;

    private JsonFields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The document root, which must be an object. */
    static JsonFields root(JsonNode node) {
        if (!node.isObject()) {
            throw new EventJsonException("$", "expected a JSON object, found " + describe(node));
        }
        return new JsonFields(node, "$");
    }

    String path() {
        return path;
    }

    String pathOf(String name) {
        return path + "." + name;
    }

    EventJsonException error(String reason) {
        return new EventJsonException(path, reason);
    }

    EventJsonException error(String name, String reason) {
        return new EventJsonException(pathOf(name), reason);
    }

    String text(String name) {
        return text(name, required(name));
    }

    Optional<String> optionalText(String name) {
        JsonNode value = node.get(name);
        return value == null ? Optional.empty() : Optional.of(text(name, value));
    }

    int integer(String name) {
        return integer(name, required(name));
    }

    OptionalInt optionalInt(String name) {
        JsonNode value = node.get(name);
        return value == null ? OptionalInt.empty() : OptionalInt.of(integer(name, value));
    }

    OptionalLong optionalLong(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber()) {
            throw wrongType(name, "an integer", value);
        }
        if (!value.canConvertToLong()) {
            throw error(name, "integer " + value.asText() + " is out of range");
        }
        return OptionalLong.of(value.longValue());
    }

    JsonFields object(String name) {
        JsonNode value = required(name);
        if (!value.isObject()) {
            throw wrongType(name, "an object", value);
        }
        return new JsonFields(value, pathOf(name));
    }

    /** An optional array of objects; absent means empty. */
    List<JsonFields> objects(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw wrongType(name, "an array", value);
        }
        List<JsonFields> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String itemPath = pathOf(name) + "[" + i + "]";
            if (!item.isObject()) {
                throw new EventJsonException(itemPath, "expected an object, found " + describe(item));
            }
            items.add(new JsonFields(item, itemPath));
        }
        return items;
    }

    /** A string field turned into a value; a parser's rejection becomes an error naming the field. */
    <T> T parsed(String name, String expected, Function<String, T> parser) {
        return parse(name, text(name), expected, parser);
    }

    <T> Optional<T> optionalParsed(String name, String expected, Function<String, T> parser) {
        return optionalText(name).map(text -> parse(name, text, expected, parser));
    }

    /**
     * Builds a model value from decoded fields; the model's own validation (a record constructor's
     * {@link IllegalArgumentException}) becomes an error at this object's path.
     */
    <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (EventJsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new EventJsonException(path, e.getMessage(), e);
        }
    }

    private <T> T parse(String name, String text, String expected, Function<String, T> parser) {
        try {
            return parser.apply(text);
        } catch (EventJsonException e) {
            throw e;
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new EventJsonException(pathOf(name), "expected " + expected + ", got '" + text + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private JsonNode required(String name) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw error(name, "missing");
        }
        return value;
    }

    private String text(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(name, "a string", value);
        }
        return value.textValue();
    }

    private int integer(String name, JsonNode value) {
        if (!value.isIntegralNumber()) {
            throw wrongType(name, "an integer", value);
        }
        if (!value.canConvertToInt()) {
            throw error(name, "integer " + value.asText() + " is out of range");
        }
        return value.intValue();
    }

    private EventJsonException wrongType(String name, String expected, JsonNode found) {
        return error(name, "expected " + expected + ", found " + describe(found));
    }

    private static String describe(JsonNode node) {
        if (node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return "nothing";
    }
}
