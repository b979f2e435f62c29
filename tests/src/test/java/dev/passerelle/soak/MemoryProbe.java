package dev.passerelle.soak;

import dev.passerelle.e2e.GatewayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads one instance's memory: heap from its {@code /metrics} (Micrometer's JVM memory and GC), RSS from /proc. */
public final class MemoryProbe {

    private MemoryProbe() {
    }

    static Sample.Memory read(GatewayProcess instance) {
        String metrics = instance.metrics();
        long used = (long) GatewayProcess.sum(metrics, "jvm_memory_used_bytes", Map.of("area", "heap"));
        long committed = (long) GatewayProcess.sum(metrics, "jvm_memory_committed_bytes", Map.of("area", "heap"));
        if (used <= 0) {
            throw new IllegalStateException("instance " + instance.name()
                    + " has no jvm_memory_used_bytes{area=\"heap\"} in /metrics");
        }
        long live = (long) GatewayProcess.sum(metrics, "jvm_gc_live_data_size_bytes", Map.of());
        return new Sample.Memory(used, committed, rss(instance.pid()), live);
    }

    /** The resident set size of process {@code pid} in bytes ({@code VmRSS} of /proc/PID/status). */
    public static long rss(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    if (parts.length != 2 || !parts[1].equals("kB")) {
                        throw new IllegalStateException("unexpected VmRSS line in " + status + ": " + line);
                    }
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
            throw new IllegalStateException(status + " has no VmRSS line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " (is the process alive?)", e);
        }
    }
}
