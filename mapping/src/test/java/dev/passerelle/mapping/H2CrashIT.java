package dev.passerelle.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing the journal of an H2 file store from several threads is killed with SIGKILL three times, each
 * time started again on the same file as a gateway is, and once more to check it, for several new stores: after
 * each start the journal reads (the start-up read of the pending deliveries included, and as many through it as
 * through the count), every delivery a returned commit appended is pending unless a commit may have confirmed it, and
 * none a returned commit confirmed is pending again. It checks that the store's commits survive kills across
 * restarts, at a few random moments of each run; {@code H2WriteBoundaryTest} reads the file as a kill after each of
 * its writes would leave it. The index damage writers side by side caused (see {@code Database}) showed here in
 * about 1 store of 66 with their commits one at a time.
 */
class H2CrashIT {

    private static final int STORES = Integer.getInteger("passerelle.test.h2-crash.stores", 6);
    private static final int KILLS = 3;

    /** Kept when the test fails, so that the damaged store can be opened and read. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aStoreKilledThreeTimesUnderBusyWritersStillReadsAndHasEveryConfirmedCommit() throws Exception {
        for (int s = 0; s < STORES; s++) {
            Path db = dir.resolve("store" + s);
            List<Path> outputs = new ArrayList<>();
            for (int run = 0; run <= KILLS; run++) {
                Path out = dir.resolve("store" + s + "-run" + run + ".out");
                boolean last = run == KILLS;
                Process child = start(db, outputs, out, last);
                try {
                    String check = firstLine(child, out);
                    assertThat(check).as("store %d after %d kills (output of the earlier runs: %s)", s, run, outputs)
                            .isEqualTo("check ok");
                    if (last) {
                        break;
                    }
                    awaitLines(child, out, 50 + ThreadLocalRandom.current().nextInt(250));
                    // SIGKILL on Unix: no shutdown hook, no H2 close.
                    assertThat(child.toHandle().destroyForcibly()).isTrue();
                    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                outputs.add(out);
            }
        }
    }

    private Process start(Path db, List<Path> earlier, Path out, boolean checkOnly) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), BusyCrashWriter.class.getName(),
                db.toString()));
        earlier.forEach(p -> command.add(p.toString()));
        if (checkOnly) {
            command.add("--check-only");
        }
        return new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve(out.getFileName() + ".err").toFile()).start();
    }

    /** The child's check line, once it has printed it; what went wrong if it ends or takes a minute without. */
    private String firstLine(Process child, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            boolean ended = !child.isAlive();
            // The log's lines go to the same output: the check's is the one that starts with "check".
            java.util.Optional<String> check = Files.readAllLines(out).stream().filter(l -> l.startsWith("check "))
                    .findFirst();
            if (check.isPresent()) {
                return check.get();
            }
            if (ended) {
                break;
            }
            Thread.sleep(20);
        }
        return "no check printed; stderr: " + Files.readString(dir.resolve(out.getFileName() + ".err"));
    }

    private void awaitLines(Process child, Path out, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Files.readAllLines(out).stream().filter(l -> l.startsWith("appended ")).count() < lines) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the writer stopped or stalled before " + lines + " lines: "
                        + Files.readString(dir.resolve(out.getFileName() + ".err")));
            }
            Thread.sleep(10);
        }
    }
}
