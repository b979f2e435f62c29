package dev.passerelle.core.event;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A file attached to a message. {@code uri} is where the source network serves it (an {@code mxc:} URI,
 * an HTTP upload URL, a MIMI external part); other networks receive it through the media service.
 */
public record Attachment(
        URI uri,
        String mediaType,
        OptionalLong size,
        Optional<String> name,
        OptionalInt width,
        OptionalInt height,
        Optional<String> sha256) {

    public Attachment {
        if (uri == null) {
            throw new IllegalArgumentException("attachment uri must not be null");
        }
        if (mediaType == null || !mediaType.contains("/")) {
            throw new IllegalArgumentException("attachment media type must be type/subtype, was " + mediaType);
        }
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("attachment size must not be negative");
        }
    }

    /** An attachment with only a location and a media type. */
    public static Attachment of(URI uri, String mediaType) {
        return new Attachment(uri, mediaType, OptionalLong.empty(), Optional.empty(), OptionalInt.empty(),
                OptionalInt.empty(), Optional.empty());
    }
}
