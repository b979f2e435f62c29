package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.e2e.Side;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak's code on a run of a few seconds (the real one lasts 30 minutes: {@code scripts/soak}): the two instances
 * carry every kind of message in all six directions without losing one, both are sampled, and the CSV, the plot and
 * the report's section are written without disturbing the other sections of the benchmarks file.
 */
class SoakIT {

    @TempDir
    Path dir;

    @Test
    void aShortSoakLosesNothingAndWritesItsFigures() throws Exception {
        Path benchmarks = dir.resolve("BENCHMARKS.md");
        Files.writeString(benchmarks, "# Benchmarks\n\n## Router\n\nrouter figures\n");
        SoakSettings settings = new SoakSettings(Duration.ofSeconds(20), 15, Duration.ofSeconds(5), 30,
                Duration.ofSeconds(1), Duration.ofSeconds(60), dir.resolve("out"), benchmarks, "soak test");

        Soak.Result result = Soak.run(settings, XmppServers.prosody(), dir.resolve("topology"));

        Ledger ledger = result.ledger();
        for (Side from : Side.values()) {
            for (Side to : Side.values()) {
                if (from != to) {
                    Ledger.Count c = ledger.direction(from, to);
                    assertThat(c.sent()).as(from.to(to) + " sent").isGreaterThan(20);
                    assertThat(c.lost()).as(from.to(to) + " lost; missing " + ledger.missing(to, 10)).isZero();
                }
            }
        }
        for (Kind k : Kind.values()) {
            assertThat(ledger.kind(k).sent()).as(k + " sent").isPositive();
            if (k != Kind.ATTACHMENT) {
                // Only attachments may arrive incomplete (a file some routes do not carry: see the report).
                assertThat(ledger.kind(k).arrived()).as(k + " arrived in their own form")
                        .isEqualTo(ledger.kind(k).sent());
            }
        }
        Ledger.Count files = ledger.direction(Side.MATRIX, Side.XMPP, Kind.ATTACHMENT);
        assertThat(files.sent()).isPositive();
        assertThat(files.arrived()).as("Matrix files on XMPP").isEqualTo(files.sent());
        assertThat(result.samples()).hasSizeGreaterThanOrEqualTo(15).allSatisfy(s -> {
            assertThat(s.a().heapUsed()).isPositive();
            assertThat(s.b().heapUsed()).isPositive();
            assertThat(s.a().rss()).isGreaterThan(s.a().heapUsed() / 4);
            assertThat(s.b().rss()).isGreaterThan(s.b().heapUsed() / 4);
        });

        SoakReport.Verdict verdict = SoakReport.write(result);
        assertThat(verdict.summary()).contains(", 0 lost");
        assertThat(Files.readAllLines(dir.resolve("out/soak.csv"))).hasSize(result.samples().size() + 1)
                .first().isEqualTo(Sample.CSV_HEADER);
        BufferedImage plot = ImageIO.read(dir.resolve("out/soak.png").toFile());
        assertThat(plot.getWidth()).isEqualTo(SoakPlot.WIDTH);
        assertThat(plot.getHeight()).isEqualTo(SoakPlot.HEIGHT);
        String report = Files.readString(benchmarks);
        assertThat(report).startsWith("# Benchmarks\n\n## Router\n\nrouter figures\n")
                .contains("## Soak: ", "Command: `soak test`", "| **all six** |", "Attachments alone", "![heap and RSS",
                        "out/soak.png", "| A | heap after major GC |", "| A | heap floor |", "| B | RSS |");
    }
}
