package dev.passerelle.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One mapping of the config file with its dotted path, read through typed getters that fail with a
 * {@link ConfigException} naming the full key ({@code connectors.xmpp.port: must be between 1 and 65535,
 * was 0}). A key whose value is YAML null ({@code key:} with nothing after it) counts as absent.
 * Each owner of a section lists its keys with {@link #allowOnly} so that a typo stops start-up.
 */
public record ConfigSection(String path, JsonNode node) {

    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    public ConfigSection {
        if (path == null) {
            throw new IllegalArgumentException("path must not be null (use \"\" for the top level)");
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            node = JsonNodeFactory.instance.objectNode();
        } else if (!node.isObject()) {
            throw new ConfigException(path, "expected a mapping of keys to values, got " + describe(node));
        } else {
            // A section is a value: later changes to the caller's tree must not leak in.
            node = node.deepCopy();
        }
    }

    /** The top level of a config file; a null or missing tree (an empty file) is an empty mapping. */
    public static ConfigSection root(JsonNode node) {
        return new ConfigSection("", node);
    }

    /** A copy of the mapping, so callers cannot change the section. */
    @Override
    public JsonNode node() {
        return node.deepCopy();
    }

    /** The full dotted path of a key of this section. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** An error about one key of this section; throw it. */
    public ConfigException error(String key, String reason) {
        return new ConfigException(pathOf(key), reason);
    }

    /** The keys present, in file order (null values included). */
    public Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** True if the key is present with a non-null value. */
    public boolean has(String key) {
        return value(key) != null;
    }

    /** Fails on the first key that is not one of {@code allowed}, listing what is. */
    public void allowOnly(String... allowed) {
        allowOnly(Arrays.asList(allowed));
    }

    /** Fails on the first key that is not one of {@code allowed}, listing what is. */
    public void allowOnly(Collection<String> allowed) {
        for (String key : keys()) {
            if (!allowed.contains(key)) {
                String expected = allowed.isEmpty() ? "this section takes no keys"
                        : "expected one of " + String.join(", ", new TreeSet<>(allowed));
                throw error(key, "unknown key (" + expected + ")");
            }
        }
    }

    public String requireString(String key) {
        return optString(key).orElseThrow(() -> missing(key, "a string"));
    }

    public Optional<String> optString(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            String hint = v.isValueNode() ? " (put the value in quotes)" : "";
            throw error(key, "expected a string, got " + describe(v) + hint);
        }
        return Optional.of(v.textValue());
    }

    public String optString(String key, String defaultValue) {
        return optString(key).orElse(defaultValue);
    }

    /** A non-empty string. */
    public String requireNonBlank(String key) {
        String s = requireString(key);
        if (s.isBlank()) {
            throw error(key, "must not be empty");
        }
        return s;
    }

    public int requireInt(String key, int min, int max) {
        if (!has(key)) {
            throw missing(key, "an integer from " + min + " to " + max);
        }
        return (int) optLong(key, min, min, max);
    }

    public int optInt(String key, int defaultValue, int min, int max) {
        return (int) optLong(key, defaultValue, min, max);
    }

    public long optLong(String key, long defaultValue, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isIntegralNumber()) {
            throw error(key, "expected an integer, got " + describe(v));
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw error(key, "must be between " + min + " and " + max + ", was " + v.asText());
        }
        return v.longValue();
    }

    public boolean optBool(String key, boolean defaultValue) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        if (!v.isBoolean()) {
            throw error(key, "expected true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** A positive ISO-8601 duration such as {@code PT30S}, {@code PT5M}, {@code PT1H}, {@code P1D}. */
    public Duration requireDuration(String key) {
        return optDuration(key).orElseThrow(() -> missing(key, "an ISO-8601 duration such as PT30S"));
    }

    /** A positive ISO-8601 duration such as {@code PT30S}, {@code PT5M}, {@code PT1H}, {@code P1D}. */
    public Duration optDuration(String key, Duration defaultValue) {
        return optDuration(key).orElse(defaultValue);
    }

    /** A positive ISO-8601 duration within bounds. */
    public Duration optDuration(String key, Duration defaultValue, Duration min, Duration max) {
        Duration d = optDuration(key, defaultValue);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(key, "must be between " + min + " and " + max + ", was " + d);
        }
        return d;
    }

    private Optional<Duration> optDuration(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw error(key, "expected an ISO-8601 duration such as PT30S or PT5M, got " + describe(v));
        }
        Duration d;
        try {
            d = Duration.parse(v.textValue());
        } catch (DateTimeParseException e) {
            throw error(key, "'" + v.textValue() + "' is not an ISO-8601 duration (write e.g. PT30S, PT5M, PT1H, P1D)");
        }
        if (d.isNegative() || d.isZero()) {
            throw error(key, "must be a positive duration, was " + d);
        }
        return Optional.of(d);
    }

    /**
     * A size in bytes: an integer, or a string with a binary unit ({@code 512KiB}, {@code 100MiB},
     * {@code 1GiB}).
     */
    public long optByteSize(String key, long defaultValue, long min, long max) {
        JsonNode v = value(key);
        if (v == null) {
            return defaultValue;
        }
        long bytes;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            bytes = v.longValue();
        } else if (v.isTextual()) {
            Matcher m = BYTE_SIZE.matcher(v.textValue().trim());
            if (!m.matches()) {
                throw error(key, "'" + v.textValue() + "' is not a size (write bytes, or e.g. 512KiB, 100MiB, 1GiB)");
            }
            bytes = scaled(key, m.group(1), m.group(2));
        } else {
            throw error(key, "expected a size such as 100MiB, got " + describe(v));
        }
        if (bytes < min || bytes > max) {
            throw error(key, "must be between " + min + " and " + max + " bytes, was " + bytes);
        }
        return bytes;
    }

    private long scaled(String key, String digits, String unit) {
        int shift = unit == null || unit.equals("B") ? 0 : unit.equals("KiB") ? 10 : unit.equals("MiB") ? 20 : 30;
        try {
            long n = Long.parseLong(digits);
            if (n > (Long.MAX_VALUE >> shift)) {
                throw error(key, "size too large: " + digits + (unit == null ? "" : unit));
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw error(key, "size too large: " + digits);
        }
    }

    /** An absolute URI whose scheme is one of {@code schemes} (any scheme if none are given). */
    public URI requireUri(String key, String... schemes) {
        return optUri(key, schemes).orElseThrow(() -> missing(key, "an absolute URI"));
    }

    /** An absolute URI whose scheme is one of {@code schemes} (any scheme if none are given). */
    public Optional<URI> optUri(String key, String... schemes) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.get());
        } catch (URISyntaxException e) {
            throw error(key, "not a valid URI: " + e.getMessage());
        }
        if (!uri.isAbsolute()) {
            throw error(key, "must be an absolute URI with a scheme, was '" + text.get() + "'");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (schemes.length > 0 && !Arrays.asList(schemes).contains(scheme)) {
            throw error(key, "scheme must be one of " + String.join(", ", schemes) + ", was " + scheme);
        }
        return Optional.of(uri);
    }

    /** Bytes written in standard base64, at least {@code minBytes} of them. */
    public Optional<byte[]> optBase64(String key, int minBytes) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.get().trim());
        } catch (IllegalArgumentException e) {
            throw error(key, "not valid base64: " + e.getMessage());
        }
        if (bytes.length < minBytes) {
            throw error(key, "must decode to at least " + minBytes + " bytes, got " + bytes.length);
        }
        return Optional.of(bytes);
    }

    public Path optPath(String key, Path defaultValue) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (text.get().isBlank()) {
            throw error(key, "must not be empty");
        }
        try {
            return Path.of(text.get());
        } catch (InvalidPathException e) {
            throw error(key, "not a valid path: " + e.getMessage());
        }
    }

    /** A list of strings; absent means empty. */
    public List<String> optStringList(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!v.isArray()) {
            throw error(key, "expected a list of strings, got " + describe(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (!item.isTextual()) {
                throw new ConfigException(pathOf(key) + "[" + i + "]", "expected a string, got " + describe(item));
            }
            out.add(item.textValue());
        }
        return List.copyOf(out);
    }

    /**
     * One of an enum's constants, written in lower case with dashes for underscores
     * ({@code READ_MARKERS} is {@code read-markers}).
     */
    public <E extends Enum<E>> E optEnum(String key, Class<E> type, E defaultValue) {
        Optional<String> text = optString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (name.equals(text.get())) {
                return constant;
            }
            names.add(name);
        }
        throw error(key, "must be one of " + String.join(", ", names) + ", was '" + text.get() + "'");
    }

    /** A nested mapping; absent means an empty one (so its defaults apply). */
    public ConfigSection section(String key) {
        return optSection(key).orElseGet(() -> new ConfigSection(pathOf(key), null));
    }

    public Optional<ConfigSection> optSection(String key) {
        JsonNode v = value(key);
        return v == null ? Optional.empty() : Optional.of(new ConfigSection(pathOf(key), v));
    }

    /** Every value of this section as a nested mapping, in file order (for maps of named sections). */
    public Map<String, ConfigSection> children() {
        Map<String, ConfigSection> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), new ConfigSection(pathOf(e.getKey()), e.getValue()));
        }
        return out;
    }

    /** This section without one key, for passing on what is left once the key is read. */
    public ConfigSection without(String key) {
        ObjectNode copy = (ObjectNode) node.deepCopy();
        copy.remove(key);
        return new ConfigSection(path, copy);
    }

    private JsonNode value(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private ConfigException missing(String key, String expected) {
        return error(key, "required: " + expected);
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return "null";
    }
}
