package dev.passerelle.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.passerelle.connector.dma.testca.TestCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One of the operator's example configs (deploy/examples/passerelle/) as a test starts it: read with Jackson YAML,
 * changed only where a test must (ports, data directory, secrets, URLs, certificate paths) by dotted path, and
 * written back as YAML for the process.
 */
public final class ConfigTemplate {

    /** The directory of the example configs. */
    public static final Path EXAMPLES = Path.of("..").toAbsolutePath().normalize()
            .resolve("deploy/examples/passerelle");

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private final String source;
    private final ObjectNode root;

    private ConfigTemplate(String source, ObjectNode root) {
        this.source = source;
        this.root = root;
    }

    /** Reads {@code deploy/examples/passerelle/<fileName>}. */
    public static ConfigTemplate example(String fileName) {
        Path file = EXAMPLES.resolve(fileName);
        try {
            JsonNode tree = YAML.readTree(Files.readString(file));
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException(file + " is not a YAML mapping");
            }
            return new ConfigTemplate(file.toString(), object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Sets the value at a dotted path ({@code connectors.xmpp.component.port}); the last key may be new, every
     * section before it must exist in the example, so a typo fails here instead of starting a wrong config.
     */
    public ConfigTemplate set(String dottedPath, Object value) {
        String[] keys = dottedPath.split("\\.");
        ObjectNode parent = parent(dottedPath, keys);
        parent.set(keys[keys.length - 1], YAML.valueToTree(value));
        return this;
    }

    /**
     * Sets the dma connector up as MIMI provider {@code provider} on loopback port {@code port}, with {@code cert}
     * from {@code ca} as its identity and {@code peer} (at {@code peerPort}) the one provider it trusts and calls.
     */
    public ConfigTemplate mimiProvider(String provider, int port, TestCa.Issued cert, TestCa ca, String peer,
            int peerPort) {
        return set("connectors.dma.provider", provider)
                .set("connectors.dma.public-url", "https://" + provider + ":" + port)
                .set("connectors.dma.server.host", "127.0.0.1")
                .set("connectors.dma.server.port", port)
                .set("connectors.dma.tls.cert", cert.certChain().toString())
                .set("connectors.dma.tls.key", cert.key().toString())
                .set("connectors.dma.trust.ca-bundle", ca.caBundle().toString())
                .set("connectors.dma.trust.allowed-domains", List.of(peer))
                .set("connectors.dma.client.peers", Map.of(peer, "https://127.0.0.1:" + peerPort + "/"));
    }

    /** Sets several values, in the map's order. */
    public ConfigTemplate set(Map<String, ?> values) {
        values.forEach(this::set);
        return this;
    }

    /** Removes the key at a dotted path, which must exist (so its default applies). */
    public ConfigTemplate remove(String dottedPath) {
        String[] keys = dottedPath.split("\\.");
        ObjectNode parent = parent(dottedPath, keys);
        if (parent.remove(keys[keys.length - 1]) == null) {
            throw new IllegalArgumentException(source + " has no key " + dottedPath);
        }
        return this;
    }

    /** The value at a dotted path as text, for tests that need what the example says. */
    public String get(String dottedPath) {
        JsonNode node = root;
        for (String key : dottedPath.split("\\.")) {
            node = node.path(key);
        }
        if (node.isMissingNode()) {
            throw new IllegalArgumentException(source + " has no key " + dottedPath);
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private ObjectNode parent(String dottedPath, String[] keys) {
        ObjectNode node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            JsonNode next = node.get(keys[i]);
            if (!(next instanceof ObjectNode object)) {
                throw new IllegalArgumentException(source + " has no section " + String.join(".",
                        java.util.Arrays.copyOf(keys, i + 1)) + " (setting " + dottedPath + ")");
            }
            node = object;
        }
        return node;
    }

    /** The config as YAML text. */
    public String yaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
