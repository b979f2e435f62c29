package dev.passerelle.bench.flow;

import dev.passerelle.bench.BenchMachine;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Where and when a benchmark ran: the machine, the commit, the time and the load average (a shared machine). */
record RunInfo(String machine, String commit, Instant at, String loadAverage) {

    static RunInfo now(Path root) {
        return new RunInfo(BenchMachine.hardware(), BenchMachine.commitInMarkdown(root),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), BenchMachine.loadAverage());
    }
}
