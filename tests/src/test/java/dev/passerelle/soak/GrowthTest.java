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
            Sample.Memory m = new Sample.Memory(heap.applyAsLong(i), 256 * MIB, rss.applyAsLong(i));
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
}
