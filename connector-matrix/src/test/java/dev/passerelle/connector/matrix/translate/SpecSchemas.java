package dev.passerelle.connector.matrix.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates event JSON against the Matrix spec's event schemas. The schemas are YAML with relative {@code $ref}s;
 * they are served to the validator under a made-up base IRI, each file read from the spec checkout and turned
 * into JSON on the way.
 */
final class SpecSchemas {
    private static final String BASE = "https://spec.invalid/event-schemas/schema/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final SchemaRegistry registry;

    SpecSchemas() {
        dir = Above.directory(Path.of("../shared/specs/matrix/data"), "the Matrix spec")
                .resolve("event-schemas/schema");
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                b -> b.schemas(this::load));
    }

    private String load(String iri) {
        if (!iri.startsWith(BASE)) {
            return null;
        }
        Path file = dir.resolve(iri.substring(BASE.length()));
        try {
            // SnakeYAML resolves the anchors and aliases some schemas use (m.receipt); a tree reader would not.
            Object tree = new Yaml().load(Files.readString(file));
            return JSON.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    /**
     * The errors of a Client-Server API request body against its OpenAPI definition, e.g.
     * {@code ("typing.yaml", "/rooms/{roomId}/typing/{userId}", "put", body)}.
     */
    @SuppressWarnings("unchecked")
    List<String> requestErrors(String apiFile, String path, String method, ObjectNode body) {
        Path file = dir.resolve("../../api/client-server").resolve(apiFile).normalize();
        try {
            Map<String, Object> api = new Yaml().load(Files.readString(file));
            Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    api.get("paths")).get(path)).get(method);
            Map<String, Object> requestBody = (Map<String, Object>) operation.get("requestBody");
            Object schemaTree = ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                    requestBody.get("content")).get("application/json"))).get("schema");
            Schema schema = registry.getSchema(JSON.writeValueAsString(schemaTree), InputFormat.JSON);
            return schema.validate(JSON.writeValueAsString(body), InputFormat.JSON).stream().map(Error::toString)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The errors of {@code event} against the schema file {@code name} (e.g. {@code m.reaction.yaml}). */
    List<String> errors(String name, ObjectNode event) {
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + name));
        try {
            List<Error> errors = schema.validate(JSON.writeValueAsString(event), InputFormat.JSON);
            return errors.stream().map(Error::toString).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that content, wrapped in the envelope a homeserver adds, is a valid event of the schema. */
    void assertValidRoomEvent(String schemaFile, String type, ObjectNode content) {
        assertValidEvent(schemaFile, type, null, content);
    }

    /** Like {@link #assertValidRoomEvent} for a state event. */
    void assertValidStateEvent(String schemaFile, String type, String stateKey, ObjectNode content) {
        assertValidEvent(schemaFile, type, stateKey, content);
    }

    // The envelope is the same for both kinds; a state event also has its key (null: none).
    private void assertValidEvent(String schemaFile, String type, String stateKey, ObjectNode content) {
        ObjectNode event = JSON.createObjectNode();
        event.put("type", type);
        if (stateKey != null) {
            event.put("state_key", stateKey);
        }
        event.put("event_id", "$validated:example.org");
        event.put("sender", "@ghost:example.org");
        event.put("room_id", "!room:example.org");
        event.put("origin_server_ts", 1_700_000_000_000L);
        event.set("content", content);
        assertThat(errors(schemaFile, event)).as("%s against %s", content, schemaFile).isEmpty();
    }
}
