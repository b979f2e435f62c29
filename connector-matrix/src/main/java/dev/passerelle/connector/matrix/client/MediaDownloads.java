package dev.passerelle.connector.matrix.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Downloads by {@code mxc:} URI: authenticated media ({@code /_matrix/client/v1/media/download}) first; a
 * homeserver that does not know that endpoint gets the legacy {@code /_matrix/media/v3/download} from then on.
 */
final class MediaDownloads {

    /** A successful answer whose body is still to be read, with its call to cancel it by. */
    record Opened(Call call, Response response) {
    }

    /** Marks the answer of a homeserver without authenticated media. */
    private static final Object UNRECOGNIZED = new Object();

    private final Vertx vertx;
    private final Transport transport;
    private final AtomicBoolean legacyOnly = new AtomicBoolean();

    MediaDownloads(Vertx vertx, Transport transport) {
        this.vertx = vertx;
        this.transport = transport;
    }

    Vertx vertx() {
        return vertx;
    }

    /** True once the homeserver showed it has no authenticated media endpoints. */
    boolean legacyOnly() {
        return legacyOnly.get();
    }

    /** The successful answer with its body not yet read; the caller closes it. */
    Future<Opened> open(Mxc mxc) {
        return download(mxc, (call, response, description) -> new Opened(call, response), true);
    }

    Future<Buffer> downloadAll(Mxc mxc, long maxBytes) {
        return download(mxc, (call, response, description) -> {
            try (response) {
                return Buffer.buffer(Transport.readCapped(response.body(), maxBytes, description));
            }
        }, false);
    }

    private <T> Future<T> download(Mxc mxc, Transport.CallReader<T> reader, boolean streaming) {
        if (legacyOnly.get()) {
            return legacy(mxc, reader, streaming);
        }
        Request request = transport.authenticated(transport.url("_matrix", "client", "v1", "media", "download",
                mxc.serverName(), mxc.mediaId()).build()).get().build();
        Transport.CallReader<Object> first = (call, response, description) -> {
            if (response.isSuccessful()) {
                return reader.read(call, response, description);
            }
            try (response) {
                MatrixApiException failure = transport.failure(response, description);
                if (unrecognized(failure)) {
                    return UNRECOGNIZED;
                }
                throw failure;
            }
        };
        Future<Object> answer = transport.exchange(request, first, streaming);
        return answer.compose(result -> {
            if (result == UNRECOGNIZED) {
                legacyOnly.set(true);
                return legacy(mxc, reader, streaming);
            }
            @SuppressWarnings("unchecked")
            T value = (T) result;
            return Future.succeededFuture(value);
        });
    }

    /** The unauthenticated endpoint takes no token: it must not travel where it is not needed. */
    private <T> Future<T> legacy(Mxc mxc, Transport.CallReader<T> reader, boolean streaming) {
        HttpUrl url = transport.url("_matrix", "media", "v3", "download", mxc.serverName(), mxc.mediaId()).build();
        Request request = new Request.Builder().url(url).get().build();
        Transport.CallReader<T> read = (call, response, description) -> {
            if (response.isSuccessful()) {
                return reader.read(call, response, description);
            }
            try (response) {
                throw transport.failure(response, description);
            }
        };
        return transport.exchange(request, read, streaming);
    }

    /**
     * A homeserver without the endpoint says {@code M_UNRECOGNIZED}, or, behind some proxies, 404 or 405 with
     * no Matrix body at all; a missing file is {@code 404 M_NOT_FOUND} and must not trigger the fallback.
     */
    private static boolean unrecognized(MatrixApiException failure) {
        Optional<String> errcode = failure.errcode();
        if (errcode.equals(Optional.of("M_UNRECOGNIZED"))) {
            return true;
        }
        return errcode.isEmpty() && (failure.status() == 404 || failure.status() == 405);
    }
}
