package dev.passerelle.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.event.Event;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Every event survives writing and reading unchanged, and has exactly one encoding. */
class EventJsonRoundTripProperties {

    @Property(tries = 2000)
    void readingWhatWasWrittenGivesAnEqualEvent(@ForAll("events") Event event) {
        Statistics.label("type").collect(event.getClass().getSimpleName());
        assertThat(EventJson.read(EventJson.write(event))).isEqualTo(event);
        Statistics.label("type").coverage(coverage -> {
            for (Class<?> type : Event.class.getPermittedSubclasses()) {
                coverage.check(type.getSimpleName()).count(n -> n > 0);
            }
        });
    }

    @Property(tries = 500)
    void theEncodingIsCanonical(@ForAll("events") Event event) {
        byte[] once = EventJson.write(event);
        assertThat(EventJson.write(EventJson.read(once))).isEqualTo(once);
    }

    @Property(tries = 300)
    void theStringFormsAgreeWithTheByteForms(@ForAll("events") Event event) {
        String json = EventJson.writeString(event);
        assertThat(EventJson.read(json)).isEqualTo(event);
        assertThat(json.getBytes(StandardCharsets.UTF_8)).isEqualTo(EventJson.write(event));
    }

    @Provide
    Arbitrary<Event> events() {
        return EventArbitraries.events();
    }
}
