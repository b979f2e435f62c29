package dev.passerelle.soak;

import dev.passerelle.e2e.GatewayProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Class histograms of the instances ({@code jcmd PID GC.class_histogram}, which collects the heap first, so what it
 * counts is live) taken at the end of the warm-up and at the end of the traffic, and what grew between the two: the
 * classes whose live instances pile up with the messages are where a leak is. Asked for with
 * {@code -Dsoak.histograms=DIR}.
 */
final class Histograms {

    /** One class's live instances and their bytes. */
    record Entry(String className, long instances, long bytes) {
    }

    /** A class's growth between two histograms. */
    record Change(String className, long instances, long bytes) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final long JCMD_TIMEOUT_SECONDS = 120;

    private Histograms() {
    }

    /** Takes {@code instance}'s histogram into {@code dir/<name>-<label>.txt} and gives the file. */
    static Path take(GatewayProcess instance, Path dir, String label) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = dir.resolve(instance.name() + "-" + label + ".txt");
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(instance.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(jcmd + " did not answer within " + JCMD_TIMEOUT_SECONDS + " s for "
                        + instance.name());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(jcmd + " failed for " + instance.name() + ": "
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the class histogram of " + instance.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking the histogram of " + instance.name(), e);
        }
    }

    /** The rows of a {@code GC.class_histogram} output, by class name (the header and total lines are skipped). */
    static Map<String, Entry> parse(List<String> lines) {
        Map<String, Entry> rows = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                rows.merge(m.group(3), new Entry(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (x, y) -> new Entry(x.className(), x.instances() + y.instances(), x.bytes() + y.bytes()));
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("not a class histogram: no row in " + lines.size() + " lines");
        }
        return rows;
    }

    /** The classes that grew from {@code before} to {@code after}, most bytes first, at most {@code limit}. */
    static List<Change> growth(Map<String, Entry> before, Map<String, Entry> after, int limit) {
        Set<String> names = new HashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String name : names) {
            Entry b = before.getOrDefault(name, new Entry(name, 0, 0));
            Entry a = after.getOrDefault(name, new Entry(name, 0, 0));
            if (a.bytes() > b.bytes()) {
                changes.add(new Change(name, a.instances() - b.instances(), a.bytes() - b.bytes()));
            }
        }
        changes.sort(Comparator.comparingLong(Change::bytes).reversed().thenComparing(Change::className));
        return changes.size() > limit ? List.copyOf(changes.subList(0, limit)) : changes;
    }

    /** Writes {@code dir/<name>-growth.txt}: the classes that grew most between the two histograms taken. */
    static void writeGrowth(Path dir, String name, Path before, Path after) {
        try {
            List<Change> grew = growth(parse(Files.readAllLines(before)), parse(Files.readAllLines(after)), 60);
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%14s %14s  %s%n",
                    "+instances", "+bytes", "class (live after a full GC, " + before.getFileName() + " -> "
                            + after.getFileName() + ")"));
            for (Change c : grew) {
                text.append(String.format(Locale.ROOT, "%,14d %,14d  %s%n", c.instances(), c.bytes(),
                        c.className()));
            }
            Files.writeString(dir.resolve(name + "-growth.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + before + " with " + after, e);
        }
    }
}
