package dev.passerelle.core.media;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.OptionalLong;

/**
 * A media body being fetched: its declared media type, its length when the source said, the bytes as a
 * stream, and how to give up on the stream early (close the upstream connection) when the reader stops
 * before its end because of a size cap, a bad type, or a reader that went away.
 */
public record MediaSource(String mediaType, OptionalLong length, ReadStream<Buffer> body, Runnable cancel) {

    public MediaSource {
        if (mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("mediaType must not be blank");
        }
        if (length == null) {
            throw new IllegalArgumentException("length must not be null (use OptionalLong.empty())");
        }
        if (length.isPresent() && length.getAsLong() < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length.getAsLong());
        }
        if (body == null) {
            throw new IllegalArgumentException("body must not be null");
        }
        if (cancel == null) {
            throw new IllegalArgumentException("cancel must not be null");
        }
    }

    /** A source whose stream needs nothing beyond being paused when abandoned. */
    public static MediaSource of(String mediaType, OptionalLong length, ReadStream<Buffer> body) {
        return new MediaSource(mediaType, length, body, () -> { });
    }
}
