package dev.passerelle.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What every benchmark and soak report names: the machine, its load (it may be shared) and the commit measured. */
public final class BenchMachine {

    private BenchMachine() {
    }

    /** Cores, CPU model, RAM and Java version, e.g. "2 cores (AMD EPYC), 23.5 GiB RAM, Java 17.0.15". */
    public static String hardware() {
        String cpu = "unknown CPU";
        String memory = "unknown memory";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0)).orElse(memory);
        } catch (IOException e) {
            cpu = "unknown CPU (" + e.getMessage() + ")";
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memory + ", Java "
                + System.getProperty("java.version");
    }

    /** The 1, 5 and 15-minute load averages. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The short commit checked out in {@code root}, with " with uncommitted changes" when a tracked file differs
     * from it; the reports' own outputs (BENCHMARKS.md, docs/soak, docs/bench), which one benchmark after another
     * rewrites, do not count. "unknown" outside a git checkout.
     */
    public static String commit(Path root) {
        String head = git(root, "rev-parse", "--short=7", "HEAD");
        String changed = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)BENCHMARKS.md", ":(exclude)docs/soak", ":(exclude)docs/bench");
        if (head == null || changed == null) {
            return "unknown";
        }
        return changed.isEmpty() ? head : head + " with uncommitted changes";
    }

    /** {@link #commit} for Markdown: the commit in backticks, then what differs from it, if anything. */
    public static String commitInMarkdown(Path root) {
        String commit = commit(root);
        int space = commit.indexOf(' ');
        return space < 0 ? "`" + commit + "`" : "`" + commit.substring(0, space) + "`" + commit.substring(space);
    }

    private static String git(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toAbsolutePath().normalize().toString()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
