package dev.passerelle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One observed cell of the compatibility matrix: a feature sent from one network to another, on one XMPP server,
 * and what arrived, with a one-line note. Stored as one JSON file per cell under
 * {@code tests/target/compatibility/}.
 */
public record CompatibilityResult(Feature feature, Side from, Side to, String server, Outcome outcome, String note) {

    /** Where the matrix tests write their results (relative to the tests module, Maven's working directory). */
    public static final Path DIRECTORY = Path.of("target", "compatibility");
    private static final ObjectMapper JSON = new ObjectMapper();

    public CompatibilityResult {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(note, "note");
        if (from == to) {
            throw new IllegalArgumentException("a direction needs two different networks, got " + from + " twice");
        }
        if (!server.matches("[a-z]+")) {
            throw new IllegalArgumentException("server must be a lower-case name, got '" + server + "'");
        }
        if (note.isBlank() || note.contains("\n") || note.contains("|")) {
            throw new IllegalArgumentException("note must be one line without '|', got '" + note + "'");
        }
    }

    /** {@code xmpp-matrix}. */
    public String direction() {
        return from.to(to);
    }

    /** Writes this result as {@code <dir>/<server>/<feature>__<direction>.json}, replacing an older one. */
    public void write(Path dir) {
        ObjectNode node = JSON.createObjectNode().put("feature", feature.id()).put("from", from.id())
                .put("to", to.id()).put("server", server).put("outcome", outcome.label()).put("note", note);
        Path file = dir.resolve(server).resolve(feature.id() + "__" + direction() + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, node.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every result under {@code dir} (none when it does not exist). */
    public static List<CompatibilityResult> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<CompatibilityResult> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode n = JSON.readTree(f.toFile());
                out.add(new CompatibilityResult(Feature.of(n.path("feature").asText()), side(n.path("from").asText()),
                        side(n.path("to").asText()), n.path("server").asText(), Outcome.of(n.path("outcome").asText()),
                        n.path("note").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the results under " + dir, e);
        }
        return out;
    }

    private static Side side(String id) {
        for (Side s : Side.values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no side " + id);
    }
}
