package dev.passerelle.bench.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One process whose CPU time and RSS a benchmark reports, read from /proc (Linux). */
record Proc(String name, long pid) {

    /** Linux's USER_HZ: /proc reports CPU time in these ticks, 100 a second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    Proc {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
    }

    static Proc self(String name) {
        return new Proc(name, ProcessHandle.current().pid());
    }

    /** User plus system CPU seconds used so far ({@code utime + stime} of /proc/PID/stat). */
    double cpuSeconds() {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat);
            // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat + " (is " + name + " alive?)", e);
        }
    }

    /** Resident set size in bytes ({@code VmRSS} of /proc/PID/status). */
    long rss() {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
            throw new IllegalStateException(status + " has no VmRSS line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + status + " (is " + name + " alive?)", e);
        }
    }
}
