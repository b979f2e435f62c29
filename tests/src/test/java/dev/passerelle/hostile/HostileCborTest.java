package dev.passerelle.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.passerelle.connector.dma.content.ContentException;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus's CBOR cases against the MIMI content decoders: in service these bytes arrive only inside an MLS
 * application message from a group member, so the decoders are called directly. Each case is refused with a
 * {@link ContentException} naming its field path and reason, quickly (no allocation of announced lengths, no
 * runaway recursion), and never with another exception.
 */
class HostileCborTest {

    @TestFactory
    Stream<DynamicTest> everyCborCaseIsRefusedWithItsFieldPath() {
        List<HostileCase> cases = Corpus.load().on(Set.of(HostileCase.Surface.MIMI_CONTENT));
        assertThat(cases).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> refused(c)));
    }

    private static void refused(HostileCase c) {
        byte[] bytes = Corpus.payload(c, Map.of());
        Throwable t = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> catchThrowable(() -> {
            if (c.target().equals("content")) {
                MimiContent.decode(bytes);
            } else if (c.target().equals("status-report")) {
                MessageStatusReport.decode(bytes);
            } else {
                throw new IllegalArgumentException(c.name() + ": unknown decoder " + c.target());
            }
        }));
        assertThat(t).as(c.why()).isInstanceOf(ContentException.class);
        ContentException e = (ContentException) t;
        assertThat(e.path()).as(c.why() + ": " + e.getMessage()).isEqualTo(c.expect().path());
        assertThat(e.reason()).as(c.why() + ": " + e.getMessage()).startsWith(c.expect().reason());
    }
}
