package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The spec's YAML files, read once, and the inlining of their {@code $ref}s (relative files, {@code #/...}
 * pointers, both combined) into self-contained trees.
 */
final class SpecDocuments {

    /** Keys that only annotate; a {@code $ref} with nothing but these beside it is replaced by its target. */
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "summary", "example", "examples");

    private final YAMLMapper yaml = new YAMLMapper();
    private final Map<Path, JsonNode> files = new HashMap<>();

    JsonNode read(Path file) {
        Path key = file.toAbsolutePath().normalize();
        JsonNode cached = files.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            JsonNode tree = yaml.readTree(Files.readAllBytes(key));
            files.put(key, tree == null ? JsonNodeFactory.instance.nullNode() : tree);
            return files.get(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec file " + key, e);
        }
    }

    /** A deep copy of {@code node} (found in {@code file}) with every {@code $ref} inlined. */
    JsonNode resolve(JsonNode node, Path file) {
        return resolve(node, file.toAbsolutePath().normalize(), new ArrayDeque<>());
    }

    private JsonNode resolve(JsonNode node, Path file, Deque<String> stack) {
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(resolve(item, file, stack)));
            return copy;
        }
        if (!node.isObject()) {
            return node;
        }
        JsonNode ref = node.get("$ref");
        if (ref != null && ref.isTextual()) {
            return inline(ref.asText(), (ObjectNode) node, file, stack);
        }
        ObjectNode copy = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            copy.set(field.getKey(), resolve(field.getValue(), file, stack));
        }
        return copy;
    }

    private JsonNode inline(String ref, ObjectNode holder, Path file, Deque<String> stack) {
        int hash = ref.indexOf('#');
        String location = hash < 0 ? ref : ref.substring(0, hash);
        String pointer = hash < 0 ? "" : ref.substring(hash + 1);
        Path target = location.isEmpty() ? file : file.resolveSibling(location).normalize();
        String key = target + "#" + pointer;
        if (stack.contains(key)) {
            // A recursive definition: the inner occurrence accepts anything rather than recursing forever.
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode document = read(target);
        JsonNode found = pointer.isEmpty() ? document : document.at(pointer);
        if (found.isMissingNode()) {
            throw new IllegalStateException("unresolvable $ref " + ref + " in " + file);
        }
        stack.push(key);
        JsonNode resolved = resolve(found, target, stack);
        stack.pop();
        ObjectNode siblings = holder.deepCopy();
        siblings.remove("$ref");
        if (siblings.isEmpty() || !resolved.isObject()) {
            return resolved;
        }
        boolean onlyAnnotations = true;
        for (Iterator<String> names = siblings.fieldNames(); names.hasNext(); ) {
            if (!ANNOTATIONS.contains(names.next())) {
                onlyAnnotations = false;
            }
        }
        if (onlyAnnotations) {
            return resolved;
        }
        // Constraints next to a $ref apply together with the target's (OpenAPI 3.1 / JSON Schema 2020-12).
        ObjectNode combined = (ObjectNode) resolve(siblings, file, stack);
        combined.putArray("allOf").add(resolved);
        return combined;
    }
}
