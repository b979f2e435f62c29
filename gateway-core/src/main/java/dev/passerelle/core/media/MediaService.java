package dev.passerelle.core.media;

import io.vertx.core.Future;
import java.net.URI;

/**
 * Attachments across networks: a connector registers how its network's media is fetched, the core hands
 * other networks signed, expiring URLs on the public media listener, and only those URLs are ever served
 * (never an open proxy). Build one with {@link Media#create}.
 */
public interface MediaService {

    /**
     * Adds the fetcher for its scheme; call before media of that scheme is signed. Thread-safe.
     *
     * @throws IllegalArgumentException if the scheme is not a URI scheme
     * @throws IllegalStateException if a fetcher for that scheme is already registered
     */
    void register(MediaFetcher fetcher);

    /**
     * A URL on the public listener that serves {@code source} as {@code mediaType} until the configured time to
     * live has passed. Pure computation; call from any thread.
     *
     * @throws IllegalArgumentException if the media type is not a valid {@code type/subtype}, the source is not an
     *     absolute URI, or no fetcher is registered for its scheme
     */
    URI publicUrl(URI source, String mediaType);

    /**
     * Fetches what a URL from {@link #publicUrl} stands for, with the same checks as the listener (signature,
     * expiry, type, size cap), for a connector that uploads media to its own network. The returned body fails
     * with a {@link MediaException} of reason {@code TOO_LARGE} if it grows past the cap; the returned media type
     * is the signed one. The body comes paused: set its handlers, then resume or pipe it; call the source's
     * {@code cancel} to give up early. Needs no running listener. Call from an event loop or a non-Vert.x
     * thread, not from a worker; fails with a {@link MediaException} on refusal.
     */
    Future<MediaSource> open(URI signedUrl);

    /** Starts the public listener. */
    Future<Void> start();

    /** Stops the listener; transfers in progress are cut off. */
    Future<Void> stop();
}
