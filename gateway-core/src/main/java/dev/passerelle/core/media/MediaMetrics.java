package dev.passerelle.core.media;

import dev.passerelle.core.spi.AccessRefusals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The media service's meters: {@code passerelle.media.served} (bytes handed to readers, by source scheme
 * and by {@code via}: {@code http} for the listener, {@code open} for connectors) and
 * {@code passerelle.media.refusals} (by reason code and {@code via}); a listener request whose URL this gateway did
 * not sign, or whose time is up, also counts in {@code passerelle.access.refused{surface=media}}.
 */
final class MediaMetrics {

    static final String SERVED = "passerelle.media.served";
    static final String REFUSALS = "passerelle.media.refusals";

    private final MeterRegistry registry;
    private final AccessRefusals access;

    MediaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.access = new AccessRefusals(registry);
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

    /**
     * A reader refused for access: {@code bad_signature} for a token this gateway did not sign (or altered),
     * {@code expired} for one whose time is up. Other refusals are not about access and only count above.
     */
    void refusedAccess(MediaException refusal, String peer) {
        if (refusal.reason() == MediaException.Reason.FORBIDDEN) {
            access.refused(AccessRefusals.Surface.MEDIA, "bad_signature", peer, refusal.getMessage());
        } else if (refusal.reason() == MediaException.Reason.EXPIRED) {
            access.refused(AccessRefusals.Surface.MEDIA, "expired", peer, refusal.getMessage());
        }
    }
}
