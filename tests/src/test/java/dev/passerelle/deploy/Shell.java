package dev.passerelle.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a piece of a shell session (lines copied from the docs) with bash, as a person would type it. */
final class Shell {

    /** What a run printed: standard output and standard error apart, so that JSON answers parse. */
    record Result(int exitCode, String output, String error) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + output + "\n--- stderr\n" + error;
        }
    }

    private Shell() {
    }

    /** Runs {@code script} in {@code dir} under {@code bash -e} with extra environment variables; waits 2 min. */
    static Result run(Path dir, String script, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("shell", ".out");
            Path err = Files.createTempFile("shell", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-e", "-c", script)).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                pb.environment().remove("JAVA_OPTS");
                pb.environment().put("PASSERELLE_HEAP", "128m");
                pb.environment().putAll(env);
                Process process = pb.start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the shell did not finish within 2 min:\n" + script);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
