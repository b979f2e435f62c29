package dev.passerelle.connector.dma.translate;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.connector.dma.testing.Above;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the MIMI content draft's examples from the shared specs folder beside the repository. */
final class Examples {

    private static final Path RELATIVE = Path.of("shared", "specs", "mimi", "examples-08");

    private Examples() {
    }

    /** The CBOR bytes of example {@code name} as published. */
    static byte[] bytes(String name) {
        Path file = Above.directory(RELATIVE, "MIMI examples").resolve(name + ".cbor");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read MIMI example " + file, e);
        }
    }

    static MimiContent content(String name) {
        return MimiContent.decode(bytes(name));
    }

    static MessageId id(String name) {
        return MimiContent.messageIdOf(bytes(name));
    }
}
