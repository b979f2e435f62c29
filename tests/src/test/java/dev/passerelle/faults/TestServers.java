package dev.passerelle.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * scripts/test-servers, found through {@code -Dpasserelle.test.servers.script} (the parent pom sets it): takes a
 * server down and up again on the same ports with its data, for outages that last while a test looks.
 */
final class TestServers {

    private static final String SCRIPT = "passerelle.test.servers.script";

    private TestServers() {
    }

    /** Runs the script with {@code args} (e.g. {@code down postgresql}) and fails unless it exits with 0. */
    static void run(String... args) {
        String script = System.getProperty(SCRIPT, "");
        if (script.isBlank()) {
            throw new IllegalStateException("system property " + SCRIPT + " is not set (failsafe sets it from the"
                    + " parent pom)");
        }
        List<String> command = new ArrayList<>(List.of(script));
        command.addAll(List.of(args));
        try {
            Path log = Files.createDirectories(Path.of("target")).resolve("test-servers-faults.log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within 120 s (log: " + log + ")");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " exited with " + p.exitValue() + ": "
                        + Files.readString(log).lines().reduce((a, b) -> b).orElse(""));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
