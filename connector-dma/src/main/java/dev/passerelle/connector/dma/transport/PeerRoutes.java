package dev.passerelle.connector.dma.transport;

import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints a {@link MimiServer} serves to peers, as Vert.x Web paths ({@code /mimi/v1/update/:roomId}).
 * Immutable: each {@code with} returns a new set.
 */
public final class PeerRoutes {

    record Entry(HttpMethod method, String path, PeerHandler handler) {
    }

    private final List<Entry> entries;

    private PeerRoutes(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static PeerRoutes none() {
        return new PeerRoutes(List.of());
    }

    public PeerRoutes with(HttpMethod method, String path, PeerHandler handler) {
        if (method == null || handler == null || path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a route needs a method, a handler and a path starting with /");
        }
        if (path.startsWith("/.well-known/")) {
            throw new IllegalArgumentException(path + ": /.well-known/ is served by the server itself");
        }
        List<Entry> copy = new ArrayList<>(entries);
        copy.add(new Entry(method, path, handler));
        return new PeerRoutes(copy);
    }

    public PeerRoutes post(String path, PeerHandler handler) {
        return with(HttpMethod.POST, path, handler);
    }

    public PeerRoutes get(String path, PeerHandler handler) {
        return with(HttpMethod.GET, path, handler);
    }

    List<Entry> entries() {
        return entries;
    }
}
