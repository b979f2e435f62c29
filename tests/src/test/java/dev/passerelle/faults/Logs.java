package dev.passerelle.faults;

import dev.passerelle.e2e.GatewayProcess;
import dev.passerelle.e2e.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Keeps the instances' logs of a test under target/faults-logs/ (the topology's directory is deleted). */
final class Logs {

    private Logs() {
    }

    /**
     * The last {@code most} warnings and errors of an instance's log (with the restarts between them), for a failure
     * message: the kept logs stay on the machine that ran the test, the message goes wherever its output goes.
     */
    static String warnings(GatewayProcess p, int most) {
        if (p == null || !Files.exists(p.log())) {
            return "(no log)";
        }
        try (java.util.stream.Stream<String> lines = Files.lines(p.log())) {
            java.util.List<String> kept = lines.filter(l -> l.startsWith("----") || l.contains(" WARN ")
                    || l.contains(" ERROR ")).toList();
            java.util.List<String> last = kept.subList(Math.max(0, kept.size() - most), kept.size());
            return last.isEmpty() ? "(none)" : "    " + String.join("\n    ", last);
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    static void keep(Topology t, String test) {
        for (GatewayProcess p : new GatewayProcess[] {t.instanceA(), t.instanceB()}) {
            if (p == null || !Files.exists(p.log())) {
                continue;
            }
            try {
                Path dir = Files.createDirectories(Path.of("target", "faults-logs"));
                Files.copy(p.log(), dir.resolve(test + "-" + p.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
