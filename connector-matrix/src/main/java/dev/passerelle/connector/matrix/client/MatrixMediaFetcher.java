package dev.passerelle.connector.matrix.client;

import dev.passerelle.core.media.MediaFetcher;
import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.GatewayException.Reason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.net.URI;
import java.util.OptionalLong;
import okhttp3.MediaType;
import okhttp3.Response;

/**
 * Fetches {@code mxc:} media for the core's media service with the appservice's token, through authenticated
 * media or, on homeservers without it, the legacy download endpoint. The body streams at the reader's pace.
 */
public final class MatrixMediaFetcher implements MediaFetcher {

    private static final String FALLBACK_TYPE = "application/octet-stream";

    private final MediaDownloads downloads;

    public MatrixMediaFetcher(MatrixClient client) {
        if (client == null) {
            throw new IllegalArgumentException("client must not be null");
        }
        this.downloads = client.media();
    }

    @Override
    public String scheme() {
        return "mxc";
    }

    /**
     * Starts the download; the body comes back paused. Fails INVALID for a URI that is not {@code mxc://server/id},
     * and as {@link MatrixClient} calls do otherwise (NOT_FOUND for missing media).
     */
    @Override
    public Future<MediaSource> fetch(URI source) {
        Mxc mxc;
        try {
            mxc = Mxc.parse(source);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new GatewayException(Reason.INVALID, e.getMessage(), e));
        }
        Context context = downloads.vertx().getOrCreateContext();
        return downloads.open(mxc).map(opened -> toSource(context, opened));
    }

    private static MediaSource toSource(Context context, MediaDownloads.Opened opened) {
        Response response = opened.response();
        MediaType type = response.body().contentType();
        String mediaType = type == null ? FALLBACK_TYPE : type.type() + "/" + type.subtype();
        long length = response.body().contentLength();
        ResponseBodyStream body = new ResponseBodyStream(context, opened.call(), response);
        return new MediaSource(mediaType, length >= 0 ? OptionalLong.of(length) : OptionalLong.empty(), body,
                body::cancel);
    }
}
