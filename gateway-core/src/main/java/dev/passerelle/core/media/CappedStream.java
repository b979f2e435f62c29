package dev.passerelle.core.media;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A source's body held to a byte limit: the declared length when the source gave one (a source that sends
 * more or less broke its word), else the configured cap. Passing the limit fails the stream with a
 * {@link MediaException} rather than ending it, so a reader can never mistake a cut file for a whole one;
 * the source is then paused and cancelled so it stops producing. Bytes are forwarded as they come, never
 * gathered. Like any {@link ReadStream}, used from the one context the source emits on.
 */
final class CappedStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final OptionalLong declared;
    private final long limit;
    private final Runnable cancel;
    private final LongConsumer onBytes;
    private final Consumer<MediaException> onRefusal;

    private long count;
    /** Set once the stream ended, failed or was abandoned: nothing more is forwarded. */
    private boolean done;
    private Handler<Throwable> exceptionHandler;

    CappedStream(MediaSource source, long maxBytes, LongConsumer onBytes, Consumer<MediaException> onRefusal) {
        this.source = source.body();
        this.declared = source.length();
        this.limit = declared.isPresent() ? declared.getAsLong() : maxBytes;
        this.cancel = source.cancel();
        this.onBytes = onBytes;
        this.onRefusal = onRefusal;
        // Nothing may flow before a reader asks for it.
        this.source.pause();
    }

    /** The length the source declared, which the stream holds it to. */
    OptionalLong length() {
        return declared;
    }

    /** Gives up on the rest (the reader went away); a no-op once the stream has finished. */
    void abandon() {
        if (!done) {
            done = true;
            source.pause();
            cancel.run();
        }
    }

    @Override
    public CappedStream handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
        } else {
            source.handler(buffer -> forward(buffer, handler));
        }
        return this;
    }

    private void forward(Buffer buffer, Handler<Buffer> handler) {
        if (done) {
            return;
        }
        count += buffer.length();
        if (count > limit) {
            if (declared.isPresent()) {
                fail(new MediaException(MediaException.Reason.UPSTREAM_FAILED,
                        "the source sent more than the " + limit + " bytes it declared"));
            } else {
                fail(new MediaException(MediaException.Reason.TOO_LARGE,
                        "the media grew past the cap of " + limit + " bytes"));
            }
            return;
        }
        onBytes.accept(buffer.length());
        handler.handle(buffer);
    }

    @Override
    public CappedStream endHandler(Handler<Void> handler) {
        if (handler == null) {
            source.endHandler(null);
        } else {
            source.endHandler(v -> {
                if (done) {
                    return;
                }
                if (declared.isPresent() && count != limit) {
                    fail(new MediaException(MediaException.Reason.UPSTREAM_FAILED,
                            "the source ended after " + count + " of the " + limit + " bytes it declared"));
                    return;
                }
                done = true;
                handler.handle(null);
            });
        }
        return this;
    }

    @Override
    public CappedStream exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler == null ? null : cause -> {
            if (!done) {
                fail(new MediaException(MediaException.Reason.UPSTREAM_FAILED,
                        "the source failed after " + count + " bytes", cause));
            }
        });
        return this;
    }

    private void fail(MediaException refusal) {
        abandon();
        onRefusal.accept(refusal);
        if (exceptionHandler != null) {
            exceptionHandler.handle(refusal);
        }
    }

    @Override
    public CappedStream pause() {
        source.pause();
        return this;
    }

    @Override
    public CappedStream resume() {
        if (!done) {
            source.resume();
        }
        return this;
    }

    @Override
    public CappedStream fetch(long amount) {
        if (!done) {
            source.fetch(amount);
        }
        return this;
    }
}
