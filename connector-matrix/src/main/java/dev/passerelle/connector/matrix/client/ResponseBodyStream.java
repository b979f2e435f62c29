package dev.passerelle.connector.matrix.client;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.Arrays;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An OkHttp response body as a Vert.x stream that reads only on demand: each chunk is pulled from the socket
 * by one blocking read on a worker, and only while the reader has asked for more, so a paused reader leaves
 * the rest of the body in the network rather than in memory. Starts paused. All handlers run on the context
 * given at construction; reads and the final close run in order on that context's worker queue, never at once.
 */
final class ResponseBodyStream implements ReadStream<Buffer> {

    static final int CHUNK = 64 * 1024;

    private final Context context;
    private final Call call;
    private final Response response;
    private final BufferedSource source;

    private long demand;
    private boolean reading;
    private boolean done;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    ResponseBodyStream(Context context, Call call, Response response) {
        this.context = context;
        this.call = call;
        this.response = response;
        this.source = response.body().source();
    }

    @Override
    public ResponseBodyStream handler(Handler<Buffer> handler) {
        this.handler = handler;
        return this;
    }

    @Override
    public ResponseBodyStream endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public ResponseBodyStream exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public ResponseBodyStream pause() {
        demand = 0;
        return this;
    }

    @Override
    public ResponseBodyStream resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ResponseBodyStream fetch(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must not be negative, was " + amount);
        }
        demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
        pull();
        return this;
    }

    /** Gives up on the rest of the body and releases the connection; no handler is called afterwards. */
    void cancel() {
        if (done) {
            return;
        }
        done = true;
        // Cancelling the call breaks a read that waits on a slow server, so the close behind it runs at once.
        call.cancel();
        closeQuietly();
    }

    private void pull() {
        if (done || reading || demand == 0) {
            return;
        }
        reading = true;
        context.<byte[]>executeBlocking(this::readChunk, true).onComplete(result -> {
            reading = false;
            if (done) {
                return;
            }
            if (result.failed()) {
                done = true;
                closeQuietly();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(result.cause());
                }
                return;
            }
            byte[] chunk = result.result();
            if (chunk == null) {
                done = true;
                closeQuietly();
                if (endHandler != null) {
                    endHandler.handle(null);
                }
                return;
            }
            if (demand != Long.MAX_VALUE) {
                demand--;
            }
            if (handler != null) {
                handler.handle(Buffer.buffer(chunk));
            }
            pull();
        });
    }

    /** One blocking read of at most a chunk; null at the end of the body. Runs on a worker. */
    private byte[] readChunk() throws IOException {
        byte[] buffer = new byte[CHUNK];
        int n = source.read(buffer);
        if (n < 0) {
            return null;
        }
        return n == buffer.length ? buffer : Arrays.copyOf(buffer, n);
    }

    /** Closing may drain a little of the body to reuse the connection: never on the event loop. */
    private void closeQuietly() {
        context.executeBlocking(() -> {
            response.close();
            return null;
        }, true);
    }
}
