package dev.passerelle.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void newIdsAreVersion7TimeOrderedAndDistinct() {
        long before = System.currentTimeMillis();
        List<EventId> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventId.random());
        }
        long after = System.currentTimeMillis();
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (EventId id : ids) {
            assertThat(id.value().version()).isEqualTo(7);
            assertThat(id.value().variant()).isEqualTo(2);
            long millis = id.value().getMostSignificantBits() >>> 16;
            assertThat(millis).isBetween(before, after);
        }
    }

    @Test
    void anIdMadeInALaterMillisecondSortsLater() {
        EventId first = EventId.random();
        long firstMillis = first.value().getMostSignificantBits() >>> 16;
        org.awaitility.Awaitility.await().until(() -> System.currentTimeMillis() > firstMillis);
        EventId later = EventId.random();
        // As text (how the store's UUID columns and indexes order them) and as numbers.
        assertThat(later.toString()).isGreaterThan(first.toString());
        assertThat(Long.compareUnsigned(later.value().getMostSignificantBits(),
                first.value().getMostSignificantBits())).isPositive();
    }

    @Test
    void printedIdsParseBack() {
        EventId id = EventId.random();
        assertThat(EventId.parse(id.toString())).isEqualTo(id);
    }
}
