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
