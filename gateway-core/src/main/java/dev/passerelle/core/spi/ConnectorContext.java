package dev.passerelle.core.spi;

import dev.passerelle.core.config.ConfigSection;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;

/** What the core gives a connector: where to send events, the store, media, Vert.x, its config, metrics, time. */
public interface ConnectorContext {

    /** The connector's name, the key of its config section (e.g. {@code xmpp}). */
    String name();

    /** Where inbound events go. */
    EventSink events();

    /** The durable store (blocking: use from worker threads). */
    Store store();

    /** Ghost addresses of other networks' users on this connector's network, and back. */
    GhostNaming ghosts();

    MediaService media();

    Vertx vertx();

    /** This connector's own config section; validate it in {@link ConnectorFactory#create}. */
    ConfigSection config();

    MeterRegistry metrics();

    Clock clock();

    /**
     * Tells the gateway that this connector made {@code link} (e.g. a bot command), so that the connectors of its
     * other rooms can prepare (see {@link Connector#linked}). Nothing happens by default.
     */
    default void linked(dev.passerelle.core.store.Link link) {
    }
}
