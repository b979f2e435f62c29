package dev.passerelle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.mapping.JdbcStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark code at tiny sizes on H2, as the default suite runs it (a few seconds): the router sweep, a short
 * outage and its drain, the store filler, and the memory report; each report well-formed and its counts adding up.
 * The figures themselves come from scripts/bench.
 */
class BenchmarksRunTest {

    @TempDir
    Path dir;

    @Test
    void routerSweepConfirmsEveryEventAndReportsOneRowPerCase() throws Exception {
        RouterBench.Settings settings = new RouterBench.Settings(40, 40, 1, List.of(1, 3));
        String section = RouterBench.sweep(RouterBench.H2_HEADING, RouterBench.h2(dir), 40, settings);

        assertThat(section).startsWith(RouterBench.H2_HEADING + "\n\n").contains("One run").contains("commit `");
        List<String> rows = tableRows(section);
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).startsWith("| baseline").endsWith("| 1.00 |");
        assertThat(rows.get(1)).startsWith("| router, 1 conversation |");
        assertThat(rows.get(2)).startsWith("| router, 3 conversations |");
        assertThat(rows.get(3)).startsWith("| router, 100 conversations, random native ids |");
        for (String row : rows) {
            assertThat(cells(row)).hasSize(3);
            assertThat(Double.parseDouble(cells(row).get(1).replace(",", ""))).isPositive();
        }
    }

    @Test
    void backlogBuiltWhileTheTargetIsDownIsDeliveredWholeWhenItReturns() throws Exception {
        BacklogBench.Settings settings = new BacklogBench.Settings(0.5, 40, 3);
        BacklogBench.Drain d = BacklogBench.drain(JdbcStoreConfig.h2File(dir.resolve("backlog")),
                new RouterSettings(1000, Duration.ofMillis(20), Duration.ofMillis(50), 1000), "short", settings, 200);

        assertThat(d.backlog()).isBetween(60L, 110L);
        assertThat(d.delivered()).isEqualTo(d.backlog());
        assertThat(d.refused()).isPositive();
        assertThat(d.firstSeconds()).isBetween(0.0, d.drainSeconds());
        assertThat(d.ratio()).isEqualTo(d.buildSeconds() / d.drainSeconds(), org.assertj.core.data.Offset.offset(1e-9));

        String section = BacklogBench.section(settings, 400, List.of(d), "H2");
        List<String> rows = tableRows(section);
        assertThat(rows).hasSize(1);
        assertThat(cells(rows.get(0)).get(2)).isEqualTo(String.format("%,d", d.backlog()));
        assertThat(cells(rows.get(0)).get(6)).isEqualTo(String.format("%,d", d.delivered()));
    }

    @Test
    void storeFillerWritesTheRowsAskedFor() throws Exception {
        MemoryBench.Settings s = new MemoryBench.Settings(1, 10, 3, 20, 1, 0, "", true);
        dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer xmpp =
                new dev.passerelle.connector.xmpp.servers.XmppServers.XmppServer("prosody", "127.0.0.1", 1, 2, 3,
                        "localhost", "gw.localhost", "secret", "conference.localhost");

        long[] rows = MemoryBench.fill(JdbcStoreConfig.h2File(dir.resolve("filled")), s, MemoryBench.naming(xmpp));

        assertThat(rows).containsExactly(10, 3, 20);
    }

    @Test
    void memoryReportGivesRatiosToTheBaselineAndVerdicts() {
        MemoryBench.Settings s = new MemoryBench.Settings(3, 10, 3, 20, 5, 0, "", true);
        MemoryBench.Probe bare = new MemoryBench.Probe(100L << 20, 10L << 20, 30L << 20, 5L << 20, 3000, 10);
        MemoryBench.Probe idle = new MemoryBench.Probe(160L << 20, 20L << 20, 32L << 20, 15L << 20, 9000, 30);
        MemoryBench.Loaded h2 = new MemoryBench.Loaded("H2 file store", 10, 3, 20, 1.5, 2.5, idle, idle, 5,
                Map.of("relayed", 5L));
        MemoryBench.Idle gateway = new MemoryBench.Idle(3.0, new MemoryBench.Startups(List.of(1.0, 3.0, 1.2),
                List.of(2.0, 2.4, 1.8)), idle);
        MemoryBench.Idle cds = new MemoryBench.Idle(4.0, new MemoryBench.Startups(List.of(0.9, 1.1, 1.0),
                List.of(1.0, 1.2, 1.1)), new MemoryBench.Probe(140L << 20, 20L << 20, 32L << 20, 15L << 20, 9000, 30));
        MemoryBench.Startups bareStarts = new MemoryBench.Startups(List.of(0.5, 0.4, 0.6), List.of(0.6, 0.5, 0.7));
        String section = MemoryBench.section(s, bareStarts, bare, gateway, cds, List.of(h2), "none");

        List<String> rows = tableRows(section);
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0)).contains("| 0.50 s | 0.60 s | 1.00 | 0.60 s | 1.00 |");
        assertThat(rows.get(1)).contains("| 1.20 s | 3.00 s | 2.40 | 2.00 s | 3.33 | < 2 s: **missed** |");
        assertThat(rows.get(2)).contains("with CDS | 1.00 s | 1.10 s | 2.00 | 1.10 s | 1.83 | < 2 s: met |");
        assertThat(rows.get(4)).contains("| 160 MiB | 1.60 |").contains("| 9,000 | 30 |")
                .endsWith("< 150 MiB: **missed** |");
        assertThat(rows.get(5)).contains("with CDS | 140 MiB | 1.40 |").endsWith("< 150 MiB: met |");
        assertThat(rows.get(6)).contains("| 10 / 3 / 20 |").endsWith("< 512 MiB: met |");
        assertThat(section).contains("{relayed=5} of 5 pushed");
    }

    private static List<String> tableRows(String section) {
        return Arrays.stream(section.split("\n")).filter(l -> l.startsWith("| ") && !l.startsWith("| ---"))
                .filter(l -> !l.startsWith("| case") && !l.startsWith("| process") && !l.startsWith("| store")
                        && !l.startsWith("| retry policy"))
                .toList();
    }

    private static List<String> cells(String row) {
        return Arrays.stream(row.substring(1, row.length() - 1).split("\\|")).map(String::trim).toList();
    }
}
