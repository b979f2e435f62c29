package dev.passerelle.core.media;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public listener's requests: {@code GET /media/v1/<token>} streams the source with backpressure, under
 * the signed type, with headers that keep browsers from sniffing or running it; everything else gets a
 * small JSON error. A body cut off mid-way aborts the connection, since its status is already sent.
 */
final class MediaListener {

    private static final Logger LOG = LoggerFactory.getLogger(MediaListener.class);
    private static final String PREFIX = "/" + SignedMediaService.PATH;

    private final SignedMediaService service;
    private final Clock clock;

    MediaListener(SignedMediaService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET) {
            service.refusedRequest("method_not_allowed");
            response.putHeader(HttpHeaders.ALLOW, "GET");
            error(response, 405, "method_not_allowed", "only GET is served here");
            return;
        }
        String path = request.path();
        if (path == null || !path.startsWith(PREFIX) || path.length() == PREFIX.length()
                || path.indexOf('/', PREFIX.length()) >= 0) {
            service.refusedRequest(MediaException.Reason.NOT_FOUND.code());
            error(response, 404, MediaException.Reason.NOT_FOUND.code(), "not a media URL of this gateway");
            return;
        }
        service.resolve(path.substring(PREFIX.length()), SignedMediaService.VIA_HTTP).onComplete(ar -> {
            if (ar.succeeded()) {
                serve(response, ar.result());
            } else {
                refuse(request, ar.cause());
            }
        });
    }

    private void serve(HttpServerResponse response, SignedMediaService.Opened opened) {
        CappedStream body = opened.body();
        if (response.closed()) {
            body.abandon();
            return;
        }
        MediaType type = opened.grant().mediaType();
        long maxAge = Math.max(0, Duration.between(clock.instant(), opened.grant().expiresAt()).getSeconds());
        response.putHeader(HttpHeaders.CONTENT_TYPE, type.toString())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAge);
        if (!type.inline()) {
            response.putHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment");
        }
        if (body.length().isPresent()) {
            response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length().getAsLong()));
        } else {
            response.setChunked(true);
        }
        // A reader that goes away must release the upstream transfer too.
        response.closeHandler(v -> body.abandon());
        body.pipe().endOnFailure(false).to(response).onFailure(cause -> {
            body.abandon();
            // Headers and part of the body are out: only an abort tells the reader the file is incomplete
            // (HTTP/1.x closes the connection, HTTP/2 resets the stream).
            response.reset();
        });
    }

    private void refuse(HttpServerRequest request, Throwable cause) {
        HttpServerResponse response = request.response();
        MediaException refusal = cause instanceof MediaException m ? m
                : new MediaException(MediaException.Reason.UPSTREAM_FAILED, "the media could not be served", cause);
        service.refusedAccess(refusal, String.valueOf(request.remoteAddress()));
        if (refusal.getCause() != null) {
            LOG.warn("media request refused ({}): {}", refusal.reason().code(), refusal.getCause().toString());
        }
        error(response, refusal.reason().status(), refusal.reason().code(), refusal.getMessage());
    }

    private static void error(HttpServerResponse response, int status, String code, String reason) {
        if (response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(new JsonObject().put("error", code).put("reason", reason).encode());
    }
}
