package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrowthTest {

    private static final long MIB = 1L << 20;

    /** Samples every 10 s for {@code minutes}; heap of A from {@code heap}, RSS of A from {@code rss}. */
    private static List<Sample> samples(int minutes, java.util.function.IntToLongFunction heap,
            java.util.function.IntToLongFunction rss) {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i <= minutes * 6; i++) {
            Sample.Memory m = new Sample.Memory(heap.applyAsLong(i), 256 * MIB, rss.applyAsLong(i), heap.applyAsLong(i) / 2);
            list.add(new Sample(i * 10.0, m, m, i, i));
        }
        return list;
    }

    @Test
    void aSteadyRiseIsMeasuredPerHourAfterTheWarmUpOnly() {
        // 1 MiB a minute after minute 5; a big jump during the warm-up that must not count.
        List<Sample> s = samples(30, i -> 100 * MIB, i -> i < 30 ? 50 * MIB : 300 * MIB + (i - 30) * MIB / 6);

        Growth.Trend trend = Growth.fit(s, Sample::rssA, 300);

        assertThat(trend.bytesPerHour() / MIB).isCloseTo(60, within(0.01));
        assertThat(trend.atWarmUpEnd() / MIB).isCloseTo(300, within(0.01));
        assertThat(trend.atEnd() / MIB).isCloseTo(325, within(0.01));
        assertThat(trend.flat(SoakSettings.RSS_LIMIT_PER_HOUR)).isFalse();
    }

    @Test
    void theHeapFloorIgnoresTheSawToothOfGarbage() {
        // Garbage piles up 0..50 MiB and is collected every 50 s; what survives collections stays at 80 MiB.
        List<Sample> s = samples(30, i -> 80 * MIB + (i % 5) * 10 * MIB
                + (i % 5 != 0 && i % 7 == 0 ? 40 * MIB : 0), i -> 300 * MIB);

        Growth.Trend floor = Growth.floor(s, Sample::heapA, 300, 60);

        assertThat(floor.bytesPerHour()).isZero();
        assertThat(floor.atEnd() / MIB).isCloseTo(80, within(0.01));
        assertThat(floor.flat(SoakSettings.HEAP_LIMIT_PER_HOUR)).isTrue();
        assertThat(floor.points()).hasSize(26);
    }

    @Test
    void aLeakUnderTheSawToothIsFound() {
        // The same saw-tooth on top of 20 MiB an hour of growth.
        List<Sample> s = samples(30, i -> 80 * MIB + i * 20 * MIB / 360 + (i % 5) * 10 * MIB, i -> 300 * MIB);

        Growth.Trend floor = Growth.floor(s, Sample::heapA, 300, 60);

        assertThat(floor.bytesPerHour() / MIB).isCloseTo(20, within(1.0));
        assertThat(floor.flat(SoakSettings.HEAP_LIMIT_PER_HOUR)).isFalse();
    }

    @Test
    void tooFewSamplesAfterTheWarmUpAreRefused() {
        List<Sample> s = samples(1, i -> MIB, i -> MIB);

        assertThatThrownBy(() -> Growth.fit(s, Sample::rssA, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two points");
    }

    /** A gauge of the heap after each major collection: 0 before the first, then a value per collection. */
    private static List<Sample> majorCollections(java.util.function.IntToLongFunction afterCollection) {
        List<Sample> list = new ArrayList<>();
        long live = 0;
        for (int i = 0; i <= 180; i++) {
            if (i > 0 && i % 12 == 0) {
                live = afterCollection.applyAsLong(i);
            }
            Sample.Memory m = new Sample.Memory(100 * MIB, 256 * MIB, 300 * MIB, live);
            list.add(new Sample(i * 10.0, m, m, i, i));
        }
        return list;
    }

    @Test
    void theHeapAfterMajorCollectionsIsFittedThroughItsStepsAfterTheWarmUp() {
        // A collection every 2 minutes, each leaving 1 MiB more than the one before: 30 MiB/h.
        Growth.Trend rising = Growth.steps(majorCollections(i -> 40 * MIB + i / 12 * MIB), Sample::liveA, 300);
        assertThat(rising.bytesPerHour() / MIB).isCloseTo(30, within(3.0));
        assertThat(rising.flat(SoakSettings.HEAP_LIMIT_PER_HOUR)).isFalse();

        // A big jump during the warm-up, then the same give or take 100 KiB: flat.
        Growth.Trend flat = Growth.steps(majorCollections(i -> i < 30 ? 10 * MIB : 40 * MIB + (i % 24) * 8 * 1024),
                Sample::liveA, 300);
        assertThat(flat.flat(SoakSettings.HEAP_LIMIT_PER_HOUR)).isTrue();
        assertThat(flat.atWarmUpEnd() / MIB).isCloseTo(40, within(0.5));
    }

    @Test
    void withoutACollectionAfterTheWarmUpTheHeapCannotBeJudged() {
        List<Sample> s = majorCollections(i -> i < 30 ? 40 * MIB : 40 * MIB);
        assertThatThrownBy(() -> Growth.steps(s, Sample::liveA, 300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no step after the warm-up to fit (0)");
    }
}
