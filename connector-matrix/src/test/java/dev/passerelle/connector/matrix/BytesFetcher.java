package dev.passerelle.connector.matrix;

import dev.passerelle.core.media.MediaFetcher;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** Serves files of the test network ({@code files:} URIs) from memory, as XMPP's HTTP uploads would be fetched. */
final class BytesFetcher implements MediaFetcher {
    static final String SCHEME = "files";

    private final Map<URI, byte[]> files = new ConcurrentHashMap<>();

    URI put(String name, byte[] bytes) {
        URI uri = URI.create(SCHEME + ":" + name);
        files.put(uri, bytes.clone());
        return uri;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Future<MediaSource> fetch(URI source) {
        byte[] bytes = files.get(source);
        if (bytes == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND, "no file " + source));
        }
        return Future.succeededFuture(MediaSource.of("application/octet-stream", OptionalLong.of(bytes.length),
                new OneBuffer(Buffer.buffer(bytes))));
    }

    /** A stream of one buffer, delivered when resumed. */
    private static final class OneBuffer implements ReadStream<Buffer> {
        private final Buffer data;
        private io.vertx.core.Handler<Buffer> handler;
        private io.vertx.core.Handler<Void> end;
        private boolean paused = true;
        private boolean done;

        OneBuffer(Buffer data) {
            this.data = data;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(io.vertx.core.Handler<Throwable> h) {
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(io.vertx.core.Handler<Buffer> h) {
            handler = h;
            flush();
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            flush();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return resume();
        }

        @Override
        public ReadStream<Buffer> endHandler(io.vertx.core.Handler<Void> h) {
            end = h;
            flush();
            return this;
        }

        private void flush() {
            if (paused || done || handler == null || end == null) {
                return;
            }
            done = true;
            handler.handle(data);
            end.handle(null);
        }
    }
}
