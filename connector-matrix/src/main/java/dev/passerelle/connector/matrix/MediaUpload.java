package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.client.MatrixClient;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.media.MediaService;
import dev.passerelle.core.media.MediaSource;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts other networks' attachments on the homeserver: each goes through the core's media service (a signed
 * URL, fetched with the same checks and size cap as the public listener) and is uploaded as the sending
 * ghost. An attachment that cannot be fetched or uploaded is sent as a link to its signed URL instead, so the
 * message still arrives. Runs on an event loop.
 */
final class MediaUpload {
    private static final Logger LOG = LoggerFactory.getLogger(MediaUpload.class);

    private final MediaService media;
    private final MatrixClient client;

    MediaUpload(MediaService media, MatrixClient client) {
        this.media = media;
        this.client = client;
    }

    /** Where each attachment's URI is to be sent from: an {@code mxc:} URI, or a signed URL when upload failed. */
    Future<Map<URI, URI>> upload(MatrixUserId as, List<Attachment> attachments) {
        Map<URI, URI> out = new LinkedHashMap<>();
        Future<Void> chain = Future.succeededFuture();
        for (Attachment a : attachments) {
            if ("mxc".equalsIgnoreCase(a.uri().getScheme())) {
                out.put(a.uri(), a.uri());
                continue;
            }
            chain = chain.compose(v -> one(as, a).map(uri -> {
                out.put(a.uri(), uri);
                return null;
            }));
        }
        return chain.map(v -> out);
    }

    private Future<URI> one(MatrixUserId as, Attachment a) {
        URI signed;
        try {
            signed = media.publicUrl(a.uri(), a.mediaType());
        } catch (IllegalArgumentException noFetcher) {
            return Future.succeededFuture(a.uri());
        }
        return media.open(signed)
                .compose(MediaUpload::readAll)
                .compose(bytes -> client.upload(Optional.of(as), bytes, a.mediaType(), a.name()))
                .recover(failure -> {
                    LOG.warn("Attachment {} could not be uploaded to the homeserver, sending a link: {}", a.uri(),
                            failure.toString());
                    return Future.succeededFuture(signed);
                });
    }

    private static Future<byte[]> readAll(MediaSource source) {
        Promise<byte[]> done = Promise.promise();
        Buffer all = Buffer.buffer();
        source.body().exceptionHandler(done::tryFail);
        source.body().handler(all::appendBuffer);
        source.body().endHandler(v -> done.tryComplete(all.getBytes()));
        source.body().resume();
        return done.future();
    }
}
