package dev.passerelle.core.media;

import io.vertx.core.Future;
import java.net.URI;

/**
 * How one network's media is fetched with that network's credentials, e.g. {@code mxc:} URIs through Matrix
 * authenticated media. A connector registers one with {@link MediaService#register}; the service only ever
 * hands it source URIs that the gateway itself signed.
 */
public interface MediaFetcher {

    /** The URI scheme this fetcher serves ({@code mxc}, {@code mimi}, ...), compared case-insensitively. */
    String scheme();

    /**
     * Starts fetching {@code source}. Called on a Vert.x event loop; must not block. The body should come back
     * not yet flowing (paused, or with no data delivered before a handler is set): the service pauses it at
     * once, then pulls it at the pace of its reader. Fail with a {@link dev.passerelle.core.spi.GatewayException}
     * (not found, auth, transient) when the network refuses.
     */
    Future<MediaSource> fetch(URI source);
}
