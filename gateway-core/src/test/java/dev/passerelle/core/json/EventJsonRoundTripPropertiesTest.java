package dev.passerelle.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.passerelle.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every event survives writing and reading unchanged, and has exactly one encoding. */
class EventJsonRoundTripPropertiesTest {

    @Test
    void readingWhatWasWrittenGivesAnEqualEvent() {
        Set<Class<?>> seen = new HashSet<>();
        qt().withExamples(1000).forAll(EventGens.events()).checkAssert(event -> {
            seen.add(event.getClass());
            assertThat(EventJson.read(EventJson.write(event))).isEqualTo(event);
        });
        // A generator that lost an event type would otherwise pass silently.
        assertThat(seen).as("event types generated").containsExactlyInAnyOrder(Event.class.getPermittedSubclasses());
    }

    @Test
    void theEncodingIsCanonical() {
        qt().withExamples(500).forAll(EventGens.events()).checkAssert(event -> {
            byte[] once = EventJson.write(event);
            assertThat(EventJson.write(EventJson.read(once))).isEqualTo(once);
        });
    }

    @Test
    void theStringFormsAgreeWithTheByteForms() {
        qt().withExamples(300).forAll(EventGens.events()).checkAssert(event -> {
            String json = EventJson.writeString(event);
            assertThat(EventJson.read(json)).isEqualTo(event);
            assertThat(json.getBytes(StandardCharsets.UTF_8)).isEqualTo(EventJson.write(event));
        });
    }
}
