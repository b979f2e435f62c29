package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every commit the H2 file store confirmed is still there after the process is killed with SIGKILL. */
class H2KillTest {

    private static final int COMMITS_BEFORE_KILL = 300;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void confirmedCommitsSurviveAKilledProcess() throws Exception {
        Path stderr = dataDir.resolve("child.err");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dataDir.resolve("db").toString())
                .redirectError(stderr.toFile())
                .start();
        Map<String, EventId> confirmed = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            while (confirmed.size() < COMMITS_BEFORE_KILL) {
                if (!read(out, confirmed)) {
                    throw new AssertionError("the writer stopped before being killed: " + Files.readString(stderr));
                }
            }
            // SIGKILL on Unix: no shutdown hook, no H2 close. Through the handle, so that the child's
            // output stays readable (Process.destroyForcibly would close our end of the pipe).
            assertThat(child.toHandle().destroyForcibly()).isTrue();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Lines printed between our last read and the kill were confirmed too.
            while (read(out, confirmed)) {
                // keep reading
            }
        } finally {
            child.destroyForcibly();
        }

        try (JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2File(dataDir.resolve("db")), new SimpleMeterRegistry())) {
            for (Map.Entry<String, EventId> commit : confirmed.entrySet()) {
                assertThat(store.messages().find(Network.XMPP, new NativeId(commit.getKey())))
                        .as("origin %s of a confirmed commit", commit.getKey()).contains(commit.getValue());
            }
            assertThat(store.journal().pendingCount()).isGreaterThanOrEqualTo(2L * confirmed.size());
        }
    }

    /** Reads one confirmation line; false at the end of the child's output. */
    private static boolean read(BufferedReader out, Map<String, EventId> confirmed) throws IOException {
        String line = out.readLine();
        if (line == null) {
            return false;
        }
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("committed")) {
            confirmed.put(parts[1], EventId.parse(parts[2]));
        }
        return true;
    }
}
