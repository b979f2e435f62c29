package dev.passerelle.bench.flow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.servers.XmppServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The large-room benchmark's code at tiny sizes (a portal of 12 members, a MUC with 6 ghosts, rooms of 3 beside
 * them, one sender, no search) on ejabberd through the distribution jar: every join is delivered, the late clients
 * get in, every message arrives once, and the report renders a row per figure with its ratio. The figures
 * themselves come from {@code scripts/bench}.
 */
class GrowthBenchIT {

    private static final GrowthSettings TINY = new GrowthSettings(12, 6, 3, 1, 5, 5, 0.5, 0.5, false, 5, 5, 60_000,
            false);

    @TempDir
    Path dir;

    @Test
    void everyRoomTakesItsMembersInAndCarriesEachMessageOnce() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path root = Path.of("..").toAbsolutePath().normalize();
        LargeRooms.Results r = new LargeRooms(TINY, XmppServers.ejabberd(), root, dir,
                new PrintStream(out, true, StandardCharsets.UTF_8)).run();

        List<LargeRooms.Room> rooms = new ArrayList<>(r.hosted());
        rooms.addAll(r.plumbed());
        assertThat(rooms).extracting(LargeRooms.Room::size).containsExactly(3, 12, 3, 6);
        for (LargeRooms.Room room : rooms) {
            String name = room.kind() + " " + room.size();
            LargeRooms.Absorbed a = room.absorbed();
            assertThat(a.members()).as(name + ": joins pushed").isEqualTo(room.size());
            assertThat(a.events()).as(name + ": a join is a membership and a profile").isEqualTo(2L * room.size());
            assertThat(a.complete()).as(name + ": every join delivered, none dead: " + a).isTrue();
            assertThat(room.after().rss()).as(name + ": RSS read").isPositive();
            assertThat(room.after().heapLive()).as(name + ": heap read").isPositive()
                    .isLessThanOrEqualTo(room.after().heapUsed() + (64L << 20));
            for (LargeRooms.Direction d : room.directions()) {
                Receipts.Outcome o = d.fixed().outcome();
                assertThat(o.sent()).as(d.name() + ": sent").isPositive();
                assertThat(o.received()).as(d.name() + ": received = sent").isEqualTo(o.sent());
                assertThat(o.duplicates()).as(d.name() + ": duplicates").isZero();
                assertThat(d.fixed().usage()).extracting(Window.Usage::process).contains("gateway");
            }
        }
        for (LargeRooms.Room room : r.hosted()) {
            assertThat(room.joins()).as("a late join at 90 % and at 100 %").hasSize(2);
            for (LargeRooms.Joined j : room.joins()) {
                assertThat(j.complete()).as("late join into " + j.members() + " members").isTrue();
                // The members and the sender.
                assertThat(j.presences()).isEqualTo(j.members() + TINY.senders());
            }
        }
        assertThat(r.unknownRoutes()).as("calls the stub does not model").isEmpty();

        RunInfo info = RunInfo.now(root);
        String md = GrowthReport.render(r, TINY, info, info);
        assertThat(md).startsWith(LargeRooms.HEADING + "\n\n").contains("### A Matrix room hosted as a portal")
                .contains("### A plumbed MUC on ejabberd").contains("-Dbench.growth.members=12")
                .contains("| figure | 3 members | 12 members | ratio |")
                .contains("| figure | 3 ghosts | 6 ghosts | ratio |");
        List<String> rows = Arrays.stream(md.split("\n")).filter(l -> l.startsWith("| ") && !l.startsWith("| ---")
                && !l.startsWith("| figure")).toList();
        assertThat(rows).allSatisfy(row -> assertThat(row.split("\\|", -1)).as(row).hasSize(6));
        assertThat(rows).filteredOn(row -> row.startsWith("| joins: delivered to XMPP in")).hasSize(2)
                .allSatisfy(row -> assertThat(row).matches("\\| .* \\| [0-9.]+ s \\| [0-9.]+ s \\| [0-9.]+ \\|"));
    }
}
