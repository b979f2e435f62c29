package dev.passerelle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keeps BENCHMARKS.md as a set of sections, each rewritten by the benchmark that owns it. */
public final class BenchReport {
    private static final String HEADER = "# Benchmarks\n\nFigures written by the benchmarks themselves; "
            + "each section says its command and machine. Ratios compare with a baseline measured in the same run.\n\n";

    private BenchReport() {
    }

    /**
     * Replaces the section starting with the line {@code heading} (up to the next "## ") or appends it. Only a
     * whole line matches: "## Large rooms" is not the start of a hand-written "### Large rooms (item 6)".
     */
    public static void replaceSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : HEADER;
        int start = line(text, heading);
        if (start < 0) {
            text = text + (text.endsWith("\n\n") ? "" : "\n") + section;
        } else {
            int end = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + section + (end < 0 ? "" : text.substring(end + 1));
        }
        Files.writeString(file, text);
    }

    /** Where the line that is exactly {@code line} starts in {@code text}, or -1. */
    static int line(String text, String line) {
        for (int i = text.indexOf(line); i >= 0; i = text.indexOf(line, i + 1)) {
            int end = i + line.length();
            if ((i == 0 || text.charAt(i - 1) == '\n') && (end == text.length() || text.charAt(end) == '\n')) {
                return i;
            }
        }
        return -1;
    }
}
