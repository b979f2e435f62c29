package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.upload.HttpUploader;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.media.MediaService;
import io.vertx.core.Future;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attachments of other networks put on the XMPP server's HTTP upload service (XEP-0363) as the sender's ghost,
 * when the {@code upload} setting is on. Each file is read through the media service (its signed URL, opened on
 * the connector's event loop, with the media service's checks and size cap) and streamed into the upload slot.
 * A file the upload does not take (no service, over its limit, unknown length) or that fails to move keeps the
 * media service's signed URL: the message goes out either way.
 */
final class Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);

    private final MediaService media;
    private final Optional<HttpUploader> uploader;

    Uploads(MediaService media, Optional<HttpUploader> uploader) {
        this.media = media;
        this.uploader = uploader;
    }

    /** The upload URL of each attachment that was uploaded, by its source URI. On the connector's context. */
    Future<Map<URI, URI>> upload(EntityBareJid ghost, List<Attachment> attachments) {
        Map<URI, URI> urls = new HashMap<>();
        if (uploader.isEmpty() || attachments.isEmpty()) {
            return Future.succeededFuture(urls);
        }
        Future<Void> chain = Future.succeededFuture();
        for (Attachment a : attachments) {
            // One after the other: files of one message go to the same service, no need to race them.
            chain = chain.compose(v -> one(ghost, a).map(url -> {
                url.ifPresent(u -> urls.put(a.uri(), u));
                return (Void) null;
            }));
        }
        return chain.map(urls);
    }

    private Future<Optional<URI>> one(EntityBareJid ghost, Attachment a) {
        String filename = a.name().filter(n -> !n.isBlank()).orElseGet(() -> defaultName(a));
        Future<Optional<URI>> uploaded;
        try {
            uploaded = media.open(media.publicUrl(a.uri(), a.mediaType()))
                    .compose(source -> uploader.get().upload(ghost, filename, source));
        } catch (RuntimeException e) {
            uploaded = Future.failedFuture(e);
        }
        return uploaded.recover(e -> {
            LOG.warn("Could not upload {} to the XMPP server; sending the media service's URL: {}", a.uri(),
                    e.toString());
            return Future.succeededFuture(Optional.empty());
        });
    }

    private static String defaultName(Attachment a) {
        String path = a.uri().getPath();
        String last = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? "file" : last;
    }
}
