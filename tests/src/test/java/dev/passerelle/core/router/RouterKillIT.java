package dev.passerelle.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router in a separate process is killed with SIGKILL three times mid-stream and restarted over the
 * same H2 file: every message reaches every target, each exactly once once resends are recognised by their
 * idempotency key, a resend carries the same bytes, and order holds per (conversation, target).
 */
class RouterKillIT {
    private static final int TOTAL = 6000;
    private static final int CONVERSATIONS = 50;

    @TempDir
    Path dir;

    @Test
    void killedMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        for (int fraction : new int[] {15, 45, 75}) {
            Process p = launch();
            int threshold = TOTAL * fraction / 100;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                    .until(() -> !p.isAlive() || KillHarness.lines(dir.resolve("acked.log")).size() >= threshold);
            assertThat(p.isAlive()).as("harness still running at %d%%: %s", fraction, output(p)).isTrue();
            p.destroyForcibly().waitFor();
            System.out.printf("killed at %d acknowledged, %d and %d sends recorded%n",
                    KillHarness.lines(dir.resolve("acked.log")).size(),
                    KillHarness.lines(dir.resolve("sent-matrix.log")).size(),
                    KillHarness.lines(dir.resolve("sent-mimi.log")).size());
        }
        Process last = launch();
        await().atMost(Duration.ofSeconds(180)).until(() -> !last.isAlive());
        assertThat(last.exitValue()).as(output(last)).isZero();
        assertThat(dir.resolve("done")).exists();

        for (String network : List.of("matrix", "mimi")) {
            List<String> lines = KillHarness.lines(dir.resolve("sent-" + network + ".log"));
            Map<String, String> bytesByKey = new HashMap<>();
            Map<String, List<Integer>> firstSeenOrder = new HashMap<>();
            Set<String> messages = new LinkedHashSet<>();
            int resends = 0;
            for (String line : lines) {
                String[] parts = line.split("\t");
                String previous = bytesByKey.putIfAbsent(parts[0], parts[2]);
                if (previous != null) {
                    assertThat(parts[2]).as("a resend of %s carries the same bytes", parts[0]).isEqualTo(previous);
                    resends++;
                    continue;
                }
                String text = new String(Base64.getDecoder().decode(parts[2]), StandardCharsets.UTF_8);
                String body = text.substring(text.lastIndexOf('\n') + 1);
                assertThat(messages.add(body)).as("message %s delivered under two keys", body).isTrue();
                firstSeenOrder.computeIfAbsent(parts[1], k -> new ArrayList<>())
                        .add(Integer.parseInt(body.substring(body.indexOf(':') + 1)));
            }
            System.out.printf("%s: %d messages, %d sends, %d resends of the same bytes%n", network, messages.size(),
                    lines.size(), resends);
            assertThat(messages).hasSize(TOTAL);
            assertThat(firstSeenOrder).hasSize(CONVERSATIONS);
            firstSeenOrder.forEach((room, numbers) -> assertThat(numbers).as("order in %s", room).isSorted()
                    .hasSize(TOTAL / CONVERSATIONS));
        }
    }

    private Process launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KillHarness.class.getName(), dir.toString(), String.valueOf(TOTAL), String.valueOf(CONVERSATIONS))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("harness.out").toFile())).start();
    }

    private String output(Process p) throws IOException {
        return Files.readString(dir.resolve("harness.out"));
    }
}
