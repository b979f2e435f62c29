package dev.passerelle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark rewrites its own section of BENCHMARKS.md and leaves the hand-written ones alone. */
class BenchReportTest {

    @Test
    void aSectionIsFoundByItsWholeHeadingLineNotInsideALongerHeading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\n## Notes\n\n### Large rooms (item 6)\n\nhand-written\n\n"
                + "## Large rooms\n\nold figures\n\n## After\n\nkept\n");

        BenchReport.replaceSection(file, "## Large rooms", "## Large rooms\n\nnew figures\n\n");

        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n## Notes\n\n### Large rooms (item 6)\n\n"
                + "hand-written\n\n## Large rooms\n\nnew figures\n\n## After\n\nkept\n");
    }

    @Test
    void aSectionNotThereYetIsAppended(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("BENCHMARKS.md");
        Files.writeString(file, "# Benchmarks\n\n### Large rooms (item 6)\n\nhand-written\n");

        BenchReport.replaceSection(file, "## Large rooms", "## Large rooms\n\nfigures\n");

        assertThat(Files.readString(file)).isEqualTo("# Benchmarks\n\n### Large rooms (item 6)\n\nhand-written\n\n"
                + "## Large rooms\n\nfigures\n");
    }
}
