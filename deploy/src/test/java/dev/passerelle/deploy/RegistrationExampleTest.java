package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.passerelle.connector.matrix.appservice.Registration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/examples/matrix/passerelle-registration.yaml is what {@code generate-registration} writes for the config
 * its header names: the same keys and values, tokens aside, which are obviously fake.
 */
class RegistrationExampleTest {

    private static final Path EXAMPLES = Path.of("examples/matrix");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;

    private final Cli cli = new Cli();

    @Test
    void theExampleIsWhatTheGeneratorWritesWithFakeTokens() throws Exception {
        Path example = EXAMPLES.resolve("passerelle-registration.yaml");
        Path config = Cli.config(dir.resolve("passerelle.yaml"), "ghosts:\n  matrix-server: example.org\n");
        Path generated = dir.resolve("registration.yaml");
        assertThat(cli.run("generate-registration", "--config", config.toString(), "--url", "http://127.0.0.1:8010",
                "--output", generated.toString())).as(cli.err.toString()).isZero();

        ObjectNode expected = (ObjectNode) YAML.readTree(generated.toFile());
        ObjectNode shown = (ObjectNode) YAML.readTree(example.toFile());
        assertThat(keyPaths(shown, "")).isEqualTo(keyPaths(expected, ""));
        for (String token : new String[] {"as_token", "hs_token"}) {
            assertThat(shown.path(token).asText()).as(token + " of the example is fake").startsWith("FAKE-");
            expected.remove(token);
            shown.remove(token);
        }
        assertThat(shown).as("everything but the tokens, namespaces included").isEqualTo(expected);

        // The example reads back as a valid registration, and its namespaces are those the guide names.
        Registration read = Registration.read(example);
        assertThat(read.userNamespaceRegex()).isEqualTo("@_passerelle_.*:example\\.org");
        assertThat(read.aliasNamespaceRegex()).isEqualTo("#_passerelle_.*:example\\.org");
        assertThat(read.senderLocalpart()).isEqualTo("_passerelle_bot");
    }

    @Test
    void theSynapseSnippetListsTheRegistrationFileTheGuideInstalls() throws Exception {
        JsonNode synapse = YAML.readTree(EXAMPLES.resolve("homeserver.yaml").toFile());
        assertThat(synapse.path("app_service_config_files").isArray()).isTrue();
        assertThat(synapse.path("app_service_config_files").get(0).asText())
                .isEqualTo("/etc/matrix-synapse/passerelle-registration.yaml");
        assertThat(Files.readString(Path.of("../docs/deploy.md")))
                .contains("/etc/matrix-synapse/passerelle-registration.yaml");
    }

    /** Every key of a YAML tree, as dotted paths ({@code namespaces.users[].regex}). */
    private static TreeSet<String> keyPaths(JsonNode node, String prefix) {
        TreeSet<String> paths = new TreeSet<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                paths.addAll(keyPaths(field.getValue(), path));
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                paths.addAll(keyPaths(item, prefix + "[]"));
            }
        }
        return paths;
    }
}
