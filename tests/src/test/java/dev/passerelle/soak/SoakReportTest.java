package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoakReportTest {

    @TempDir
    Path repo;

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.org"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void theSoaksOwnOutputsDoNotMakeTheCheckoutLookModifiedButOtherChangesDo() throws Exception {
        Files.createDirectories(repo.resolve("docs/soak"));
        Files.writeString(repo.resolve("BENCHMARKS.md"), "# Benchmarks\n");
        Files.writeString(repo.resolve("docs/soak/soak.csv"), "seconds\n");
        Files.writeString(repo.resolve("Code.java"), "class Code {}\n");
        git("init", "-q");
        git("add", "-A");
        git("commit", "-q", "-m", "first");

        Files.writeString(repo.resolve("BENCHMARKS.md"), "# Benchmarks\n\n## Soak\n");
        Files.writeString(repo.resolve("docs/soak/soak.csv"), "seconds\n1\n");
        assertThat(SoakReport.commit(repo)).matches("`[0-9a-f]+`");

        Files.writeString(repo.resolve("Code.java"), "class Code { int x; }\n");
        assertThat(SoakReport.commit(repo)).matches("`[0-9a-f]+` with uncommitted changes");
    }
}
