package dev.passerelle.connector.matrix.homeserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Client-Server and Application Service OpenAPI definitions of the Matrix spec, as a request validator: a
 * request either matches an operation (path, method, parameters, body schema) or yields violation messages.
 */
public final class MatrixApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Operation> operations;
    // OpenAPI 3.1's dialect knows `example` and friends; the spec's `x-*` extensions only annotate.
    private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(
            Dialect.builder(Dialects.getOpenApi31())
                    .unknownKeywordFactory((name, context) -> new NonValidationKeyword(name))
                    .build());
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private MatrixApi(List<Operation> operations) {
        this.operations = List.copyOf(operations);
    }

    /** The spec found above the working directory ({@code ../shared/specs/matrix/data}), loaded once per JVM. */
    public static MatrixApi fromSharedSpec() {
        return Shared.INSTANCE;
    }

    /** Loads every YAML under {@code api/client-server} and {@code api/application-service} of {@code specData}. */
    public static MatrixApi load(Path specData) {
        SpecDocuments documents = new SpecDocuments();
        List<Operation> operations = new ArrayList<>();
        for (String api : List.of("client-server", "application-service")) {
            Path directory = specData.resolve("api").resolve(api);
            List<Path> files;
            try (Stream<Path> listing = Files.list(directory)) {
                files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
            for (Path file : files) {
                operations.addAll(operationsOf(documents, file, api));
            }
        }
        if (operations.isEmpty()) {
            throw new IllegalStateException("no operations found under " + specData);
        }
        return new MatrixApi(operations);
    }

    private static List<Operation> operationsOf(SpecDocuments documents, Path file, String api) {
        JsonNode document = documents.read(file);
        JsonNode paths = document.path("paths");
        if (!paths.isObject()) {
            return List.of();
        }
        String basePath = document.path("servers").path(0).path("variables").path("basePath").path("default")
                .asText("");
        if (basePath.isEmpty()) {
            throw new IllegalStateException(file + " declares no servers basePath default");
        }
        String source = api + "/" + file.getFileName();
        List<Operation> result = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().fields(); m.hasNext(); ) {
                Map.Entry<String, JsonNode> method = m.next();
                if (!Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method.getKey())) {
                    continue;
                }
                JsonNode op = method.getValue();
                var definition = JsonNodeFactory.instance.objectNode();
                definition.set("operationId", op.path("operationId"));
                // Path-item parameters apply to every method; operation parameters follow them.
                ArrayNode parameters = definition.putArray("parameters");
                path.getValue().path("parameters").forEach(x -> parameters.add(documents.resolve(x, file)));
                op.path("parameters").forEach(x -> parameters.add(documents.resolve(x, file)));
                if (op.has("requestBody")) {
                    definition.set("requestBody", documents.resolve(op.get("requestBody"), file));
                }
                result.add(Operation.of(method.getKey(), basePath, path.getKey(), source, definition));
            }
        }
        return result;
    }

    /** How many operations were loaded. */
    public int operationCount() {
        return operations.size();
    }

    /** The violations of {@code request}; empty when the spec (or {@link SpecAllowlist}) allows it. */
    public List<String> validate(ApiRequest request) {
        String path = request.rawPath();
        List<Operation> matching = matching(path);
        if (matching.isEmpty()) {
            for (SpecAllowlist entry : SpecAllowlist.values()) {
                Optional<String> rewritten = entry.rewrite(path);
                if (rewritten.isPresent() && !matching(rewritten.get()).isEmpty()) {
                    path = rewritten.get();
                    matching = matching(path);
                    break;
                }
            }
        }
        String line = request.method() + " " + request.rawPath();
        if (matching.isEmpty()) {
            return List.of(line + ": no operation in the spec matches this path");
        }
        List<Operation> withMethod = matching.stream().filter(o -> o.method().equals(request.method())).toList();
        if (withMethod.isEmpty()) {
            Set<String> allowed = matching.stream().map(Operation::method).collect(Collectors.toCollection(
                    java.util.TreeSet::new));
            return List.of(line + ": method " + request.method() + " is not defined for "
                    + matching.get(0).template() + " (the spec defines " + allowed + ")");
        }
        // The most literal template wins (/rooms/{roomId}/joined_members over a wider {param} template).
        int best = withMethod.stream().mapToInt(Operation::literalLength).max().orElseThrow();
        List<String> all = new ArrayList<>();
        for (Operation operation : withMethod) {
            if (operation.literalLength() != best) {
                continue;
            }
            List<String> violations = validate(operation, path, request);
            if (violations.isEmpty()) {
                return List.of();
            }
            violations.forEach(v -> all.add(line + " [" + operation.operationId() + "]: " + v));
        }
        return List.copyOf(all);
    }

    private List<Operation> matching(String rawPath) {
        return operations.stream().filter(o -> o.pattern().matcher(rawPath).matches())
                .sorted(Comparator.comparingInt(Operation::literalLength).reversed()).toList();
    }

    private List<String> validate(Operation operation, String path, ApiRequest request) {
        List<String> violations = new ArrayList<>();
        Map<String, String> pathValues = operation.match(path).orElseThrow();
        Set<String> declaredQuery = new LinkedHashSet<>();
        JsonNode exploded = null;
        String explodedName = null;
        for (JsonNode parameter : operation.definition().path("parameters")) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            boolean required = parameter.path("required").asBoolean(false);
            JsonNode schema = parameter.path("schema");
            if (in.equals("path")) {
                String value = pathValues.get(name);
                if (value == null) {
                    violations.add("path parameter " + name + " is declared but not in the template");
                } else {
                    checkValue("path parameter " + name, List.of(value), schema, violations);
                }
            } else if (in.equals("query")) {
                declaredQuery.add(name);
                if (schema.path("type").asText().equals("object")) {
                    // style: form, explode: true (the OpenAPI default): the object's properties are the
                    // otherwise undeclared query parameters, e.g. the third-party lookup `fields`.
                    exploded = schema;
                    explodedName = name;
                    continue;
                }
                List<String> values = request.query().get(name);
                if (values == null) {
                    if (required) {
                        violations.add("required query parameter " + name + " is missing");
                    }
                } else {
                    checkValue("query parameter " + name, values, schema, violations);
                }
            } else if (in.equals("header")) {
                String value = request.header(name);
                if (value == null && required) {
                    violations.add("required header " + name + " is missing");
                }
            }
        }
        var explodedValues = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<String>> query : request.query().entrySet()) {
            String name = query.getKey();
            if (declaredQuery.contains(name)) {
                continue;
            }
            boolean allowed = false;
            for (SpecAllowlist entry : SpecAllowlist.values()) {
                allowed |= entry.allowsQuery(name, operation.clientServer());
            }
            if (allowed) {
                continue;
            }
            if (exploded != null) {
                explodedValues.put(name, query.getValue().get(0));
            } else {
                violations.add("unknown query parameter " + name);
            }
        }
        if (exploded != null) {
            for (Error error : schema(exploded).validate(explodedValues.toString(), InputFormat.JSON)) {
                violations.add("query parameters of " + explodedName + ": " + error.getMessage());
            }
        }
        checkBody(operation, request, violations);
        return violations;
    }

    private void checkBody(Operation operation, ApiRequest request, List<String> violations) {
        byte[] body = request.body();
        JsonNode requestBody = operation.definition().get("requestBody");
        if (requestBody == null) {
            if (body.length > 0) {
                violations.add("the spec defines no request body, but " + body.length + " bytes were sent");
            }
            return;
        }
        if (body.length == 0) {
            if (requestBody.path("required").asBoolean(false)) {
                violations.add("the request body is required but empty");
            }
            return;
        }
        JsonNode content = requestBody.path("content");
        JsonNode json = content.get("application/json");
        if (json == null) {
            // Raw bytes (media upload): any content type is the file's own.
            return;
        }
        String contentType = request.contentType() == null ? "" : request.contentType().toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            violations.add("the body must be application/json, Content-Type was " + request.contentType());
            return;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            violations.add("the body is not JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode schema = json.get("schema");
        if (schema != null) {
            for (Error error : schema(schema).validate(text, InputFormat.JSON)) {
                violations.add("body " + error.getInstanceLocation() + ": " + error.getMessage());
            }
        }
    }

    private void checkValue(String what, List<String> values, JsonNode schema, List<String> violations) {
        if (schema.isMissingNode()) {
            return;
        }
        String type = schema.path("type").asText("string");
        JsonNode instance;
        if (type.equals("array")) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            String itemType = schema.path("items").path("type").asText("string");
            for (String value : values) {
                JsonNode item = typed(value, itemType);
                if (item == null) {
                    violations.add(what + " item '" + value + "' is not a valid " + itemType);
                    return;
                }
                array.add(item);
            }
            instance = array;
        } else {
            if (values.size() > 1) {
                violations.add(what + " is repeated but is not an array");
                return;
            }
            instance = typed(values.get(0), type);
            if (instance == null) {
                violations.add(what + " '" + values.get(0) + "' is not a valid " + type);
                return;
            }
        }
        for (Error error : schema(schema).validate(instance.toString(), InputFormat.JSON)) {
            violations.add(what + ": " + error.getMessage());
        }
    }

    /** The parameter value as the JSON type its schema declares, or null when it cannot be one. */
    private static JsonNode typed(String value, String type) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try {
            switch (type) {
                case "integer":
                    return nodes.numberNode(Long.parseLong(value));
                case "number":
                    return nodes.numberNode(new java.math.BigDecimal(value));
                case "boolean":
                    if (value.equals("true") || value.equals("false")) {
                        return nodes.booleanNode(Boolean.parseBoolean(value));
                    }
                    return null;
                default:
                    return nodes.textNode(value);
            }
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private Schema schema(JsonNode schema) {
        return compiled.computeIfAbsent(schema.toString(), text -> schemas.getSchema(text, InputFormat.JSON));
    }

    /** Lazily loads the shared spec once; the instance is immutable and thread-safe. */
    private static final class Shared {
        static final MatrixApi INSTANCE = load(Above.directory(Path.of("../shared/specs/matrix/data"),
                "the Matrix spec"));
    }
}
