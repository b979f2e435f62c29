package dev.passerelle.core.media;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A media body made up on demand: it produces one chunk per event-loop turn, only while its reader wants
 * more, and stops for good when cancelled. What it has produced so far shows whether a reader paused it or
 * gathered everything. Optionally fails after a number of bytes, like a dropped upstream connection.
 */
final class GeneratedStream implements ReadStream<Buffer> {

    static final int CHUNK = 64 * 1024;

    private final Context context;
    private final long size;
    private final long failAt;
    private final AtomicLong produced = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private long demand = Long.MAX_VALUE;
    private boolean scheduled;
    private boolean finished;
    private Handler<Buffer> handler;
    private Handler<Void> endHandler;
    private Handler<Throwable> exceptionHandler;

    GeneratedStream(Context context, long size, long failAt) {
        this.context = context;
        this.size = size;
        this.failAt = failAt;
    }

    /** The byte at {@code index} of every generated body: varied enough that a shifted or repeated chunk shows. */
    static byte byteAt(long index) {
        return (byte) (index * 131 + (index >>> 9) + 7);
    }

    /** The whole body a stream of {@code size} bytes produces, for comparing (small sizes only). */
    static Buffer expected(long size) {
        byte[] bytes = new byte[Math.toIntExact(size)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = byteAt(i);
        }
        return Buffer.buffer(bytes);
    }

    long produced() {
        return produced.get();
    }

    boolean cancelled() {
        return cancelled.get();
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public GeneratedStream handler(Handler<Buffer> handler) {
        this.handler = handler;
        schedule();
        return this;
    }

    @Override
    public GeneratedStream endHandler(Handler<Void> endHandler) {
        this.endHandler = endHandler;
        return this;
    }

    @Override
    public GeneratedStream exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        return this;
    }

    @Override
    public GeneratedStream pause() {
        demand = 0;
        return this;
    }

    @Override
    public GeneratedStream resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public GeneratedStream fetch(long amount) {
        demand = amount == Long.MAX_VALUE || demand > Long.MAX_VALUE - amount ? Long.MAX_VALUE : demand + amount;
        schedule();
        return this;
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            context.runOnContext(v -> {
                scheduled = false;
                emit();
            });
        }
    }

    private void emit() {
        if (finished || cancelled.get() || handler == null || demand == 0) {
            return;
        }
        long done = produced.get();
        if (done >= failAt) {
            finished = true;
            if (exceptionHandler != null) {
                exceptionHandler.handle(new IOException("upstream connection dropped after " + done + " bytes"));
            }
            return;
        }
        if (done == size) {
            finished = true;
            if (endHandler != null) {
                endHandler.handle(null);
            }
            return;
        }
        int length = (int) Math.min(CHUNK, size - done);
        byte[] chunk = new byte[length];
        for (int i = 0; i < length; i++) {
            chunk[i] = byteAt(done + i);
        }
        produced.addAndGet(length);
        if (demand != Long.MAX_VALUE) {
            demand--;
        }
        handler.handle(Buffer.buffer(chunk));
        schedule();
    }
}
