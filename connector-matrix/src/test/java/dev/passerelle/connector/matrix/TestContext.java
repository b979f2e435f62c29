package dev.passerelle.connector.matrix;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** A connector context made of parts, as the launcher wires one. */
record TestContext(String name, EventSink events, Store store, GhostNaming ghosts, MediaService media, Vertx vertx,
        ConfigSection config, MeterRegistry metrics, Clock clock) implements ConnectorContext {
}
