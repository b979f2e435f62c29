package dev.passerelle.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds test material beside the repository (the shared specs) or inside it (the ts-mls peer) by walking up
 * from the working directory, which is the module's folder under Maven and the root in an IDE.
 */
public final class Above {
    private Above() {
    }

    /**
     * The first directory {@code relative} names in the working directory or one of its parents; fails,
     * naming what was looked for, when there is none (a test never skips for missing material).
     */
    public static Path directory(Path relative, String what) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(what + " not found: no " + relative + " in " + start
                + " or any parent directory");
    }
}
