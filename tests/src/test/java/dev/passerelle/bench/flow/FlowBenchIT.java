package dev.passerelle.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow benchmarks' code at tiny sizes (a few messages per window, three senders): every flow runs through
 * Prosody, the distribution jar and the stub, every message sent arrives exactly once, and the report and the plot
 * render. Timing decides nothing here (the p99 limit is out of reach), so the test is about the harness, not the
 * figures, which only {@code scripts/bench} measures.
 */
class FlowBenchIT {

    private static final FlowSettings TINY = new FlowSettings(3, 100, 0, 0.5, 0.5, 1, 0.5, List.of(0.5), 0, 20, 20,
            60_000, 2, false);

    @TempDir
    Path dir;

    @Test
    void everyFlowDeliversEachMessageOnceAndTheReportRenders() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FlowBench.Results r = new FlowBench(TINY, XmppServers.prosody(), Path.of("..").toAbsolutePath().normalize(),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        List<Window> windows = new ArrayList<>(r.passRooms());
        windows.addAll(r.passRoom());
        windows.addAll(r.passMimi());
        for (Sweep.Result s : r.sweeps()) {
            assertThat(s.max()).as(s.flow() + ": the only rate tried, held").isEqualTo(20);
            assertThat(s.probes()).as(s.flow()).hasSize(1);
            assertThat(s.confirms()).as(s.flow()).hasSize(1);
            assertThat(s.points()).as(s.flow()).hasSize(1);
            windows.addAll(s.probes());
            windows.addAll(s.confirms());
            windows.addAll(s.points());
        }
        assertThat(windows).hasSize(8 * 3 + 3);
        for (Window w : windows) {
            Receipts.Outcome o = w.outcome();
            assertThat(o.sent()).as(w.flow() + " at " + w.offered() + "/s: sent").isPositive();
            assertThat(o.received()).as(w.flow() + " at " + w.offered() + "/s: received = sent").isEqualTo(o.sent());
            assertThat(o.duplicates()).as(w.flow() + ": duplicates").isZero();
            assertThat(o.malformed()).as(w.flow() + ": unreadable bodies").isZero();
            assertThat(o.p50()).as(w.flow() + ": latency quantiles in order").isPositive()
                    .isLessThanOrEqualTo(o.p99());
            assertThat(o.p99()).isLessThanOrEqualTo(o.p999());
            assertThat(w.usage()).as(w.flow() + ": CPU and RSS of the bench JVM at least")
                    .anySatisfy(u -> assertThat(u.rss()).isPositive());
        }
        for (Sweep.Result s : List.of(r.fromMatrix1(), r.fromMatrix50())) {
            Window.Acks acks = s.confirms().get(0).acks();
            assertThat(acks.failed()).as(s.flow() + ": transactions refused").isZero();
            assertThat(acks.count()).as(s.flow() + ": transactions acknowledged").isPositive();
        }
        assertThat(r.bridgeRooms().confirms().get(0).usage()).extracting(Window.Usage::process).contains("gateway");
        assertThat(r.throughMimi().confirms().get(0).usage()).extracting(Window.Usage::process)
                .contains("gateway A", "gateway B");
        assertThat(r.unknownRoutes()).as("calls the stub does not model").isEmpty();

        RunInfo info = RunInfo.now(Path.of("..").toAbsolutePath().normalize());
        String md = FlowReport.render(r, TINY, info, info, "docs/bench/flow-latency.png");
        assertThat(md).startsWith(FlowReport.HEADING).contains("### Maximum sustained rate")
                .contains("| Passerelle XMPP->Matrix, 3 rooms x 1 | 20 | 1.00 | 1.00 |")
                .contains("Pass-through component, 1 room x 3").contains("transactions of 50")
                .contains("| Passerelle XMPP->MIMI->XMPP, 3 rooms x 1 | 20 | 1.00 | 1.00 |")
                .contains("Load average");
        Path png = dir.resolve("plot.png");
        FlowPlot.write(png, r);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(FlowPlot.WIDTH);
        assertThat(image.getHeight()).isEqualTo(FlowPlot.HEIGHT);
    }
}
