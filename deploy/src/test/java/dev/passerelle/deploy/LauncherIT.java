package dev.passerelle.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher as an operator runs it: {@code deploy/src/dist/passerelle} starting
 * {@code target/passerelle.jar} in its own process, stopped with SIGTERM.
 */
class LauncherIT {

    private static final Path SCRIPT = Path.of("src/dist/passerelle").toAbsolutePath();
    private static final Path JAR = Path.of("target/passerelle.jar").toAbsolutePath();

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private Process launch(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("PASSERELLE_JAR", JAR.toString());
        env.put("PASSERELLE_HEAP", "128m");
        env.remove("JAVA_OPTS");
        process = pb.start();
        return process;
    }

    private String output() throws IOException {
        return Files.readString(dir.resolve("out.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void runsOnAConfigFileAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Path config = dir.resolve("passerelle.yaml");
        Process init = launch("init", "--config", config.toString());
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(output()).isZero();
        // Point the admin listener at a free port and the store into the test's directory.
        Files.writeString(config, Files.readString(config)
                .replace("#port: 8008", "port: " + port)
                .replace("#data-dir: ./data", "data-dir: " + dir.resolve("state")));

        Process run = launch("run", "--config", config.toString());
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        assertThat(Files.isDirectory(dir.resolve("state"))).isTrue();
        // The launcher execs the JVM, so the process started is the JVM: its C-heap settings are the launcher's.
        String environ = Files.readString(Path.of("/proc", Long.toString(run.pid()), "environ"));
        assertThat(environ.split("\0")).contains("MALLOC_ARENA_MAX=2");
        String cmdline = Files.readString(Path.of("/proc", Long.toString(run.pid()), "cmdline"));
        Runtime.Version jdk = Runtime.version();
        if (jdk.feature() >= 22 || (jdk.feature() == 21 && jdk.update() >= 1)
                || (jdk.feature() == 17 && jdk.update() >= 9)) {
            // The JDKs with the option; the JVM that runs this test is the one the launcher finds (JAVA_HOME or PATH).
            assertThat(cmdline.split("\0")).contains("-XX:TrimNativeHeapInterval=30000");
        }

        run.destroy(); // SIGTERM
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(143);
        String log = output();
        assertThat(log).contains("Passerelle stopped");
        assertThat(log.indexOf("Stopped admin listener")).isPositive()
                .isLessThan(log.indexOf("Stopped router"));
        assertThat(log.indexOf("Stopped router")).isLessThan(log.indexOf("Stopped store"));
        assertThat(log).doesNotContain("ERROR", "did not stop cleanly");
    }

    @Test
    void aBadConfigStopsStartUpWithTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "admin:\n  host: 0.0.0.0\n");
        Process run = launch("run", "--config", config.toString());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(output()).contains("config error: admin.token: required because admin.host (0.0.0.0)");
    }

    @Test
    void anUnknownConnectorTypeStopsStartUpListingTheInstalledOnes() throws Exception {
        Path config = dir.resolve("irc.yaml");
        Files.writeString(config, "data-dir: " + dir.resolve("state") + "\nadmin:\n  port: " + freePort()
                + "\nmedia:\n  signing-key: " + java.util.Base64.getEncoder().encodeToString(new byte[32])
                + "\nconnectors:\n  chat:\n    type: irc\n");
        Process run = launch("run", "--config", config.toString());
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isEqualTo(1);
        assertThat(output()).contains("Start-up failed: config error: connectors.chat.type: unknown connector type 'irc'");
    }
}
