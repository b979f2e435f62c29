package dev.passerelle.connector.dma.content;

import dev.passerelle.core.testing.Above;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Loads the MIMI content draft's examples from the shared specs folder beside the repository; never copies them. */
public final class MimiExamples {

    private static final Path RELATIVE = Path.of("shared", "specs", "mimi");
    private static final Pattern ID = Pattern.compile("#\\s*message ID\\s*=\\s*h'([0-9a-f]+)\\s*\\n#\\s*([0-9a-f]+)'");

    private MimiExamples() {
    }

    /** One example: its name (file name without extension), CBOR bytes and EDN text. */
    public record Example(String name, byte[] cbor, String edn) {
        /** The message id stated in the EDN header comment. */
        String statedMessageId() {
            Matcher m = ID.matcher(edn);
            if (!m.find()) {
                throw new IllegalStateException("no message ID comment in " + name + ".edn");
            }
            return m.group(1) + m.group(2);
        }
    }

    /** The message examples of {@code folder} ("examples-08" or "examples-07"), leaving out {@code excluded} names. */
    static List<Example> messages(String folder, List<String> excluded) {
        Path dir = Above.directory(RELATIVE, "MIMI examples").resolve(folder);
        List<Example> examples;
        try (Stream<Path> files = Files.list(dir)) {
            examples = files.filter(p -> p.getFileName().toString().endsWith(".cbor"))
                    .sorted()
                    .map(MimiExamples::load)
                    .filter(e -> !excluded.contains(e.name()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list MIMI examples in " + dir, e);
        }
        if (examples.isEmpty()) {
            throw new IllegalStateException("no .cbor examples in " + dir);
        }
        return examples;
    }

    /** One named example of {@code folder}. */
    public static Example example(String folder, String name) {
        return load(Above.directory(RELATIVE, "MIMI examples").resolve(folder).resolve(name + ".cbor"));
    }

    private static Example load(Path cbor) {
        String file = cbor.getFileName().toString();
        String name = file.substring(0, file.length() - ".cbor".length());
        try {
            return new Example(name, Files.readAllBytes(cbor),
                    Files.readString(cbor.resolveSibling(name + ".edn"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MIMI example " + cbor, e);
        }
    }
}
