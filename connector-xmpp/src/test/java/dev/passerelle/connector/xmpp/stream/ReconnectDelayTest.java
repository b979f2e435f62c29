package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectDelayTest {
    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void delayStaysBetweenMinAndMax() {
        qt().forAll(integers().between(1, 200), doubles().between(0, 0.999999)).checkAssert((attempt, r) -> {
            Duration d = new ReconnectDelay(MIN, MAX, () -> r).delay(attempt);
            assertThat(d).isBetween(MIN, MAX);
        });
    }

    @Test
    void delayGrowsExponentiallyUntilTheCap() {
        ReconnectDelay top = new ReconnectDelay(MIN, MAX, () -> 0.999999);
        assertThat(top.delay(1).toMillis()).isBetween(999L, 1000L);
        assertThat(top.delay(3).toMillis()).isBetween(3990L, 4000L);
        assertThat(top.delay(7).toMillis()).isBetween(59_900L, 60_000L);
        ReconnectDelay bottom = new ReconnectDelay(MIN, MAX, () -> 0.0);
        assertThat(bottom.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(bottom.delay(50)).isEqualTo(Duration.ofSeconds(30));
    }
}
