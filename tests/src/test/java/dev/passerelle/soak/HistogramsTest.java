package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramsTest {

    @TempDir
    Path dir;

    private static List<String> histogram(String... rows) {
        List<String> lines = new java.util.ArrayList<>(List.of("1122:",
                " num     #instances         #bytes  class name (module)",
                "-------------------------------------------------------"));
        lines.addAll(List.of(rows));
        lines.add("Total        999999       99999999");
        return lines;
    }

    @Test
    void readsTheRowsOfJcmdOutputAndSkipsTheRest() {
        Map<String, Histograms.Entry> rows = Histograms.parse(histogram(
                "   1:         12345        1234567  [B (java.base@17.0.15)",
                "   2:           200           6400  org.h2.mvstore.Page$Leaf"));

        assertThat(rows).containsOnlyKeys("[B", "org.h2.mvstore.Page$Leaf");
        assertThat(rows.get("[B")).isEqualTo(new Histograms.Entry("[B", 12345, 1234567));
    }

    @Test
    void textWithoutRowsIsNotAHistogram() {
        assertThatThrownBy(() -> Histograms.parse(List.of("1122:", "com.sun.tools.attach.AttachNotSupportedException")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a class histogram");
    }

    @Test
    void growthListsWhatGrewMostFirstIncludingNewClassesAndLeavesOutWhatShrank() throws Exception {
        Path before = Files.write(dir.resolve("a-warm.txt"), histogram(
                "   1:          1000         100000  [B (java.base@17.0.15)",
                "   2:           100           3200  dev.passerelle.Kept",
                "   3:            50           1600  dev.passerelle.Shrinks"));
        Path after = Files.write(dir.resolve("a-end.txt"), histogram(
                "   1:          1500         150000  [B (java.base@17.0.15)",
                "   2:           300           9600  dev.passerelle.Kept",
                "   3:            10            320  dev.passerelle.Shrinks",
                "   4:            20         200000  dev.passerelle.New"));

        List<Histograms.Change> grew = Histograms.growth(Histograms.parse(Files.readAllLines(before)),
                Histograms.parse(Files.readAllLines(after)), 10);

        assertThat(grew).containsExactly(new Histograms.Change("dev.passerelle.New", 20, 200000),
                new Histograms.Change("[B", 500, 50000), new Histograms.Change("dev.passerelle.Kept", 200, 6400));
        assertThat(Histograms.growth(Histograms.parse(Files.readAllLines(before)),
                Histograms.parse(Files.readAllLines(after)), 1)).hasSize(1);

        Histograms.writeGrowth(dir, "a", before, after);
        assertThat(Files.readAllLines(dir.resolve("a-growth.txt"))).hasSize(4)
                .element(1).asString().contains("200,000", "dev.passerelle.New");
    }
}
