package dev.passerelle.deploy;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.spi.ConnectorContext;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** What the launcher gives each connector: the router as its event sink and the shared services. */
record WiredConnectorContext(
        String name,
        EventSink events,
        Store store,
        GhostNaming ghosts,
        MediaService media,
        Vertx vertx,
        ConfigSection config,
        MeterRegistry metrics,
        Clock clock,
        java.util.function.Consumer<dev.passerelle.core.store.Link> linkMade) implements ConnectorContext {

    @Override
    public void linked(dev.passerelle.core.store.Link link) {
        linkMade.accept(link);
    }
}
