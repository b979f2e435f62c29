package dev.passerelle.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SoakSettingsTest {

    private static final Path ROOT = Path.of("/checkout");

    @Test
    void aFullSoakWarmsUpForTenMinutesAtTwiceTheRate() {
        SoakSettings s = SoakSettings.of(30, 12, ROOT, "scripts/soak");
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.warmUp()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.rate()).isEqualTo(12);
        assertThat(s.warmUpRate()).isEqualTo(24);
        assertThat(s.outDir()).isEqualTo(ROOT.resolve("docs/soak"));
    }

    @Test
    void aShortSoakWarmsUpForItsFirstThirdAndALongOneForTenMinutes() {
        assertThat(SoakSettings.of(6, 12, ROOT, "c").warmUp()).isEqualTo(Duration.ofMinutes(2));
        assertThat(SoakSettings.of(120, 12, ROOT, "c").warmUp()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theWarmUpRateStaysWithinTheTrafficsBound() {
        assertThat(SoakSettings.of(30, 800, ROOT, "c").warmUpRate()).isEqualTo(1000);
        assertThatThrownBy(() -> new SoakSettings(Duration.ofMinutes(1), 12, Duration.ofSeconds(10), 0,
                Duration.ofSeconds(1), Duration.ofMinutes(1), ROOT, ROOT.resolve("B.md"), "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up rate");
    }
}
