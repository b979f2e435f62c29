package dev.passerelle.connector.xmpp.translate;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Guesses an out-of-band file's media type and name from its URL, since XEP-0066 carries neither. The guess only
 * decides how the other network presents the file; the media service checks what it actually fetches.
 */
final class MediaTypes {
    static final String UNKNOWN = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"), Map.entry("png", "image/png"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("heic", "image/heic"),
            Map.entry("svg", "image/svg+xml"), Map.entry("bmp", "image/bmp"), Map.entry("avif", "image/avif"),
            Map.entry("mp4", "video/mp4"), Map.entry("m4v", "video/mp4"), Map.entry("webm", "video/webm"),
            Map.entry("mov", "video/quicktime"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("mp3", "audio/mpeg"), Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"),
            Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
            Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"),
            Map.entry("pdf", "application/pdf"), Map.entry("zip", "application/zip"),
            Map.entry("txt", "text/plain"), Map.entry("json", "application/json"));

    private MediaTypes() {}

    /** The media type suggested by the URL path's extension, or {@value #UNKNOWN}. */
    static String guess(URI uri) {
        return name(uri).map(name -> {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        }).orElse(UNKNOWN);
    }

    /** The last segment of the URL path, percent-decoded, if there is one. */
    static Optional<String> name(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.endsWith("/")) {
            return Optional.empty();
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        try {
            String decoded = URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
            return decoded.isBlank() ? Optional.empty() : Optional.of(decoded);
        } catch (IllegalArgumentException e) {
            return Optional.of(last);
        }
    }
}
