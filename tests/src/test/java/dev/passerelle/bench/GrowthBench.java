package dev.passerelle.bench;

import dev.passerelle.bench.flow.GrowthSettings;
import dev.passerelle.bench.flow.LargeRooms;
import java.nio.file.Path;

/**
 * Large rooms ({@code scripts/bench}): a Matrix room of 10,000 members hosted as a portal and a plumbed ejabberd MUC
 * with 1,000 of the gateway's ghosts, each beside a room of 10, through the distribution jar (see {@link LargeRooms}).
 * Usage: {@code GrowthBench BENCHMARKS.md} with {@code -Dbench.growth.*} sizes ({@link GrowthSettings}); without
 * {@code -Dpasserelle.test.ejabberd} it starts the checkout's XMPP servers with {@code scripts/test-servers} and
 * stops them after. Rewrites the "Large rooms" section.
 */
public final class GrowthBench {

    private GrowthBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GrowthBench BENCHMARKS.md");
        }
        Path report = Path.of(args[0]).toAbsolutePath();
        // Run from the tests module, as Maven runs it (GatewayProcess finds the distribution jar the same way).
        Path root = Path.of("..").toAbsolutePath().normalize();
        GrowthSettings settings = GrowthSettings.fromProperties();
        try (BenchXmpp servers = BenchXmpp.ejabberd()) {
            String section = LargeRooms.run(settings, servers.server(), root, System.out);
            System.out.println(section);
            BenchReport.replaceSection(report, LargeRooms.HEADING, section);
            System.out.println("growth bench: wrote " + report);
        }
        // Vert.x and socket reader threads are daemons, but the exec plugin's JVM should not wait for stragglers.
        System.exit(0);
    }
}
