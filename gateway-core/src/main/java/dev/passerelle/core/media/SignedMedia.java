package dev.passerelle.core.media;

import java.net.URI;
import java.time.Instant;

/** What a media URL grants: the source to fetch, the type to serve it as, and until when. */
record SignedMedia(URI source, MediaType mediaType, Instant expiresAt) {

    SignedMedia {
        if (source == null || !source.isAbsolute()) {
            throw new IllegalArgumentException("source must be an absolute URI, was " + source);
        }
        if (mediaType == null || expiresAt == null) {
            throw new IllegalArgumentException("mediaType and expiresAt are required");
        }
        if (expiresAt.getNano() != 0) {
            throw new IllegalArgumentException("expiresAt must be a whole second, was " + expiresAt);
        }
    }

    boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
