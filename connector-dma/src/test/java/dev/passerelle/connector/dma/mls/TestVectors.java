package dev.passerelle.connector.dma.mls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads the mlswg interop test vectors from the shared specs folder beside the repository; never copies them. */
public final class TestVectors {

    private static final Path RELATIVE = Path.of("shared", "specs", "mls", "test-vectors");

    private TestVectors() {
    }

    /** One case of a vector file, with its index in the file (kept for test names). */
    public record Case(String file, int index, JsonNode json) {
        /** Display name of the dynamic test for this case. */
        public String name() {
            return file + " case " + index;
        }
    }

    /** All cases of {@code file}. */
    public static List<Case> all(String file) {
        return load(file, false);
    }

    /** The cases of {@code file} for cipher suite 1. */
    public static List<Case> suite1(String file) {
        return load(file, true);
    }

    /** Bytes of a hex string field. */
    public static byte[] hex(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("missing hex field " + field + " in " + node);
        }
        return HexFormat.of().parseHex(value.asText());
    }

    private static List<Case> load(String file, boolean suite1Only) {
        Path path = Above.directory(RELATIVE, "MLS test vectors").resolve(file);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MLS test vector file " + path, e);
        }
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode json = root.get(i);
            if (!suite1Only || json.path("cipher_suite").asInt() == 1) {
                cases.add(new Case(file, i, json));
            }
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no applicable cases in " + path);
        }
        return cases;
    }
}
