package dev.passerelle.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessRefusalsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AccessRefusals refusals = new AccessRefusals(registry);
    private final Logger logger = (Logger) LoggerFactory.getLogger(AccessRefusals.LOGGER);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    @Test
    void aRefusalIsCountedBySurfaceAndReasonAndScrapedUnderOneName() {
        refusals.refused(AccessRefusals.Surface.ADMIN, "missing_token", "127.0.0.1:5000", "no Authorization header");
        refusals.refused(AccessRefusals.Surface.ADMIN, "missing_token", "127.0.0.1:5001", "no Authorization header");
        refusals.refused(AccessRefusals.Surface.MEDIA, "expired", "127.0.0.1:5002", "the URL expired");

        assertThat(refusals.count(AccessRefusals.Surface.ADMIN, "missing_token")).isEqualTo(2.0);
        assertThat(refusals.count(AccessRefusals.Surface.MEDIA, "expired")).isEqualTo(1.0);
        assertThat(refusals.count(AccessRefusals.Surface.MEDIA, "forbidden")).isZero();
        assertThat(registry.scrape())
                .contains("passerelle_access_refused_total{reason=\"missing_token\",surface=\"admin\"} 2.0")
                .contains("passerelle_access_refused_total{reason=\"expired\",surface=\"media\"} 1.0");
    }

    @Test
    void eachRefusalIsOneWarnLineWithSurfaceReasonAndPeer() {
        refusals.refused(AccessRefusals.Surface.XMPP, "spoofed_sender", "mallory@evil.example/x", "claims a ghost");

        assertThat(log.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage())
                    .isEqualTo("access refused: surface=xmpp reason=spoofed_sender peer=mallory@evil.example/x: "
                            + "claims a ghost");
        });
    }

    @Test
    void aRepeatedRefusalCountsWithoutAnotherLogLine() {
        refusals.refused(AccessRefusals.Surface.COMPONENT, "not_authorized", "127.0.0.1:5347", "wrong secret");
        refusals.repeated(AccessRefusals.Surface.COMPONENT, "not_authorized");

        assertThat(refusals.count(AccessRefusals.Surface.COMPONENT, "not_authorized")).isEqualTo(2.0);
        assertThat(log.list).hasSize(1);
    }

    @Test
    void networkTextCannotForgeLogLines() {
        refusals.refused(AccessRefusals.Surface.MATRIX, "ghost_claimed", "@m:evil\nWARN forged", "x".repeat(500));

        String line = log.list.get(0).getFormattedMessage();
        assertThat(line).doesNotContain("\n").contains("peer=@m:evil?WARN forged").endsWith("x...");
        assertThat(line.length()).isLessThan(700);
    }

    @Test
    void aReasonMustBeAStableWord() {
        assertThatThrownBy(() -> refusals.refused(AccessRefusals.Surface.ADMIN, "Wrong Token", "p", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'Wrong Token'");
        assertThatThrownBy(() -> refusals.refused(AccessRefusals.Surface.ADMIN, null, "p", "d"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(log.list).isEmpty();
    }
}
