package dev.passerelle.bench.flow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The XMPP servers of a benchmark run: those named by {@code -Dpasserelle.test.prosody} if given, else the
 * worktree's own, started with {@code scripts/test-servers start} (its -D lines become system properties) and
 * stopped on close.
 */
final class OwnServers implements AutoCloseable {

    private final Path root;
    private final boolean started;

    private OwnServers(Path root, boolean started) {
        this.root = root;
        this.started = started;
    }

    static OwnServers unlessGiven(Path root) {
        String given = System.getProperty("passerelle.test.prosody");
        if (given != null && !given.isBlank()) {
            return new OwnServers(root, false);
        }
        String out = script(root, "start");
        for (String line : out.split("\n")) {
            if (line.startsWith("-D") && line.contains("=")) {
                int eq = line.indexOf('=');
                System.setProperty(line.substring(2, eq), line.substring(eq + 1).trim());
            }
        }
        if (System.getProperty("passerelle.test.prosody", "").isBlank()) {
            throw new IllegalStateException("scripts/test-servers start printed no passerelle.test.prosody: " + out);
        }
        return new OwnServers(root, true);
    }

    private static String script(Path root, String command) {
        Path script = root.resolve("scripts/test-servers");
        try {
            Process p = new ProcessBuilder(script.toString(), command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + script, e);
        }
    }

    @Override
    public void close() {
        if (started) {
            script(root, "stop");
        }
    }
}
