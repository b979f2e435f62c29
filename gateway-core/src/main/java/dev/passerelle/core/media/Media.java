package dev.passerelle.core.media;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** Builds the media service; the wiring in {@code deploy/} and tests call {@link #create}. */
public final class Media {

    private Media() {
    }

    /** A media service with its listener not yet started; {@code clock} decides when URLs expire. */
    public static MediaService create(Vertx vertx, MediaSettings settings, MeterRegistry registry, Clock clock) {
        if (vertx == null || settings == null || registry == null || clock == null) {
            throw new IllegalArgumentException("vertx, settings, registry and clock are all required");
        }
        return new SignedMediaService(vertx, settings, new MediaMetrics(registry), clock);
    }
}
