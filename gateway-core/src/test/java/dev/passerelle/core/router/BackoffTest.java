package dev.passerelle.core.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void delaysDoubleFromTheInitialOneUpToTheCap() {
        Backoff noJitter = new Backoff(SECOND, FIVE_MINUTES, () -> 1.0);
        assertThat(noJitter.delay(1, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(2, Optional.empty())).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(5, Optional.empty())).isEqualTo(Duration.ofSeconds(16));
        assertThat(noJitter.delay(9, Optional.empty())).isEqualTo(Duration.ofSeconds(256));
        assertThat(noJitter.delay(10, Optional.empty())).isEqualTo(FIVE_MINUTES);
        assertThat(noJitter.delay(1_000, Optional.empty())).isEqualTo(FIVE_MINUTES);
    }

    @Test
    void jitterTakesBetweenHalfAndAllOfTheDelay() {
        assertThat(new Backoff(SECOND, FIVE_MINUTES, () -> 0.0).delay(3, Optional.empty()))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(new Backoff(SECOND, FIVE_MINUTES, () -> 0.5).delay(3, Optional.empty()))
                .isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTargetsRetryAfterIsHonouredEvenAboveTheCap() {
        Backoff backoff = new Backoff(SECOND, FIVE_MINUTES, () -> 1.0);
        assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(30)))).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(1, Optional.of(Duration.ofMinutes(10)))).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delay(4, Optional.of(Duration.ofMillis(10)))).isEqualTo(Duration.ofSeconds(8));
    }
}
