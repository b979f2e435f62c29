package dev.passerelle.core.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The media service's meters: {@code passerelle.media.served} (bytes handed to readers, by source scheme
 * and by {@code via}: {@code http} for the listener, {@code open} for connectors) and
 * {@code passerelle.media.refusals} (by reason code and {@code via}).
 */
final class MediaMetrics {

    static final String SERVED = "passerelle.media.served";
    static final String REFUSALS = "passerelle.media.refusals";

    private final MeterRegistry registry;

    MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter served(String scheme, String via) {
        return Counter.builder(SERVED)
                .description("Media bytes handed to readers")
                .baseUnit("bytes")
                .tag("scheme", scheme)
                .tag("via", via)
                .register(registry);
    }

    void refused(String reason, String via) {
        Counter.builder(REFUSALS)
                .description("Media requests refused or cut off, by reason")
                .tag("reason", reason)
                .tag("via", via)
                .register(registry)
                .increment();
    }
}
