package dev.passerelle.connector.dma.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The directory document (section 5.1, {@code GET /.well-known/mimi-protocol-directory}): a JSON object mapping
 * endpoint names to https URL templates. Unknown names are ignored (a newer peer may offer more) and an endpoint a
 * peer does not list is absent. A template must hold its endpoint's placeholder; the slash the draft's example
 * drops in {@code update{roomId}} is not required of peers, only written by us. The draft's example also lacks the
 * colon after {@code "proxyDownload"}; such a document is not JSON and is refused.
 */
public record MimiDirectory(Map<MimiEndpoint, String> urlTemplates) {

    // ObjectMapper is thread-safe once configured and holds no per-call state.
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks every template is an https URL with its endpoint's placeholder; the directory itself is no entry. */
    public MimiDirectory {
        Objects.requireNonNull(urlTemplates, "urlTemplates");
        EnumMap<MimiEndpoint, String> copy = new EnumMap<>(MimiEndpoint.class);
        for (Map.Entry<MimiEndpoint, String> entry : urlTemplates.entrySet()) {
            MimiEndpoint endpoint = Objects.requireNonNull(entry.getKey(), "endpoint");
            String template = Objects.requireNonNull(entry.getValue(), "template");
            if (endpoint == MimiEndpoint.DIRECTORY) {
                throw new IllegalArgumentException("the directory does not list itself");
            }
            checkTemplate(endpoint, template);
            copy.put(endpoint, template);
        }
        urlTemplates = Collections.unmodifiableMap(copy);
    }

    /** Every endpoint under {@code baseUrl} (e.g. {@code https://mimi.example.com}) at its own path template. */
    public static MimiDirectory under(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        EnumMap<MimiEndpoint, String> templates = new EnumMap<>(MimiEndpoint.class);
        for (MimiEndpoint endpoint : MimiEndpoint.values()) {
            if (endpoint != MimiEndpoint.DIRECTORY) {
                templates.put(endpoint, base + endpoint.pathTemplate());
            }
        }
        return new MimiDirectory(templates);
    }

    /** The template for {@code endpoint}, if the peer offers it. */
    public Optional<String> template(MimiEndpoint endpoint) {
        return Optional.ofNullable(urlTemplates.get(endpoint));
    }

    /** The URL of {@code endpoint} for {@code parameter} (percent-encoded as one segment), if offered. */
    public Optional<URI> url(MimiEndpoint endpoint, String parameter) {
        return template(endpoint).map(t -> URI.create(endpoint.expand(t, parameter)));
    }

    /** The JSON document, endpoints in declaration order. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        urlTemplates.forEach((endpoint, template) -> root.put(endpoint.directoryKey().orElseThrow(), template));
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    /** Reads a peer's directory document. */
    public static MimiDirectory fromJson(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(Objects.requireNonNull(json, "json"));
        } catch (IOException e) {
            throw new ProtocolException("directory", "not JSON: " + e.getMessage(), 0, e);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("directory", "not a JSON object", 0, null);
        }
        EnumMap<MimiEndpoint, String> templates = new EnumMap<>(MimiEndpoint.class);
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            Optional<MimiEndpoint> endpoint = MimiEndpoint.byDirectoryKey(field.getKey());
            if (endpoint.isEmpty()) {
                continue;
            }
            String path = "directory." + field.getKey();
            if (!field.getValue().isTextual()) {
                throw new ProtocolException(path, "not a string", 0, null);
            }
            try {
                checkTemplate(endpoint.get(), field.getValue().textValue());
            } catch (IllegalArgumentException e) {
                throw new ProtocolException(path, e.getMessage(), 0, e);
            }
            templates.put(endpoint.get(), field.getValue().textValue());
        }
        return new MimiDirectory(templates);
    }

    private static void checkTemplate(MimiEndpoint endpoint, String template) {
        String placeholder = "{" + endpoint.parameter().orElseThrow() + "}";
        if (!template.contains(placeholder)) {
            throw new IllegalArgumentException("template lacks " + placeholder + ": " + template);
        }
        try {
            URI uri = new URI(template.replace(placeholder, "x"));
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an https URL with a host: " + template);
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL template: " + template, e);
        }
    }
}
