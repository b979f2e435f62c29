package dev.passerelle.connector.xmpp.upload;

import dev.passerelle.core.media.MediaSource;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.httpfileupload.element.Slot;
import org.jivesoftware.smackx.httpfileupload.element.SlotRequest;
import org.jivesoftware.smackx.xdata.FormField;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Puts media from other networks on the XMPP server's own HTTP upload service (XEP-0363), as the ghost who sent
 * it, and returns the URL XMPP users download it from. Returns empty, so the connector falls back to the media
 * service's signed URL, when the server has no upload service, the file is over its limit, or the length is
 * unknown (a slot request must state the size).
 *
 * <p>The service is discovered once (disco#items on the server's domain, then disco#info on each item and the
 * domain itself, looking for {@code urn:xmpp:http:upload:0}); a failed discovery is retried on the next upload.
 */
public final class HttpUploader {
    static final String NAMESPACE = "urn:xmpp:http:upload:0";
    /** XEP-0363 allows the slot to ask for these headers only; anything else is ignored. */
    static final Set<String> SLOT_HEADERS = Set.of("authorization", "cookie", "expires");

    private final IqRequester iq;
    private final DomainBareJid serverDomain;
    private final DomainBareJid componentDomain;
    private final HttpClient http;
    private Future<Optional<UploadService>> service;

    public HttpUploader(Vertx vertx, IqRequester iq, DomainBareJid serverDomain, DomainBareJid componentDomain,
            Duration httpTimeout) {
        if (vertx == null || iq == null || serverDomain == null || componentDomain == null) {
            throw new IllegalArgumentException("vertx, iq, serverDomain and componentDomain are required");
        }
        if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()) {
            throw new IllegalArgumentException("httpTimeout must be positive, was " + httpTimeout);
        }
        this.iq = iq;
        this.serverDomain = serverDomain;
        this.componentDomain = componentDomain;
        int millis = (int) Math.min(Integer.MAX_VALUE, httpTimeout.toMillis());
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(millis).setIdleTimeout(
                Math.max(1, millis / 1000)));
    }

    /** The server's upload service, discovered on first use; empty if it has none. */
    public synchronized Future<Optional<UploadService>> service() {
        Future<Optional<UploadService>> found = service;
        if (found == null) {
            Future<Optional<UploadService>> discovered = discover();
            service = discovered;
            // May run at once (and clear the field) when the discovery failed synchronously.
            discovered.onFailure(e -> forget(discovered));
            found = discovered;
        }
        return found;
    }

    /** Uploads {@code bytes} as {@code ghost}; the URL to download them from, or empty to fall back. */
    public Future<Optional<URI>> upload(EntityBareJid ghost, String filename, String mediaType, Buffer bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return upload(ghost, filename, mediaType, bytes.length(), () -> { }, request -> request.send(bytes));
    }

    /**
     * Uploads {@code source} as {@code ghost}, streaming its body into the PUT. The source is cancelled when it is
     * not used (no service, too large, unknown length, or a failed slot request).
     */
    public Future<Optional<URI>> upload(EntityBareJid ghost, String filename, MediaSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source must not be null");
        }
        if (source.length().isEmpty()) {
            source.cancel().run();
            return Future.succeededFuture(Optional.empty());
        }
        source.body().pause();
        return upload(ghost, filename, source.mediaType(), source.length().getAsLong(), source.cancel(), request -> {
            source.body().resume();
            return request.send(source.body());
        });
    }

    private Future<Optional<URI>> upload(EntityBareJid ghost, String filename, String mediaType, long size,
            Runnable cancel, Function<HttpClientRequest, Future<HttpClientResponse>> body) {
        if (ghost == null || filename == null || filename.isBlank() || mediaType == null || mediaType.isBlank()) {
            throw new IllegalArgumentException("ghost, a non-blank filename and a media type are required");
        }
        return service().compose(found -> {
            if (found.isEmpty() || !found.get().admits(size)) {
                cancel.run();
                return Future.succeededFuture(Optional.<URI>empty());
            }
            SlotRequest request = new SlotRequest(found.get().address(), filename, size, mediaType);
            request.setFrom(ghost);
            return iq.request(request).compose(reply -> put(asSlot(reply), mediaType, size, body))
                    .recover(e -> {
                        cancel.run();
                        if (e instanceof IqErrorException && ((IqErrorException) e).error().getCondition()
                                == StanzaError.Condition.not_acceptable) {
                            // The service's way of saying "too large" (XEP-0363 §5): fall back to the media service.
                            return Future.succeededFuture(Optional.empty());
                        }
                        return Future.failedFuture(e);
                    });
        });
    }

    private Future<Optional<URI>> put(Slot slot, String mediaType, long size,
            Function<HttpClientRequest, Future<HttpClientResponse>> body) {
        URI get;
        try {
            get = slot.getGetUrl().toURI();
        } catch (URISyntaxException e) {
            return Future.failedFuture(new IqErrorException(
                    StanzaError.getBuilder(StanzaError.Condition.bad_request).build(), "the slot's GET URL " + e));
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT)
                .setAbsoluteURI(slot.getPutUrl().toString());
        return http.request(options).compose(request -> {
            headers(request, slot.getHeaders(), mediaType, size);
            return body.apply(request);
        }).compose(response -> response.body().compose(content -> {
            if (response.statusCode() / 100 != 2) {
                return Future.failedFuture(new GatewayException(
                        response.statusCode() >= 500 || response.statusCode() == 429
                                ? GatewayException.Reason.TRANSIENT
                                : GatewayException.Reason.PERMANENT,
                        "the upload PUT to " + slot.getPutUrl().getHost() + " answered " + response.statusCode()));
            }
            return Future.succeededFuture(Optional.of(get));
        }));
    }

    private static void headers(HttpClientRequest request, Map<String, String> slotHeaders, String mediaType, long size) {
        request.putHeader(HttpHeaders.CONTENT_TYPE, mediaType);
        request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(size));
        slotHeaders.forEach((name, value) -> {
            // Newlines in a header value would let the server split our request: drop such headers.
            if (SLOT_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
                request.putHeader(name, value);
            }
        });
    }

    private static Slot asSlot(IQ reply) {
        if (reply instanceof Slot) {
            return (Slot) reply;
        }
        throw new IqErrorException(StanzaError.getBuilder(StanzaError.Condition.undefined_condition).build(),
                "the slot request answered with " + reply.getChildElementName() + " (" + reply.getChildElementNamespace()
                        + "), not a slot,");
    }

    private synchronized void forget(Future<Optional<UploadService>> failed) {
        if (service == failed) {
            service = null;
        }
    }

    private Future<Optional<UploadService>> discover() {
        DiscoverItems items = new DiscoverItems();
        items.setType(IQ.Type.get);
        items.setFrom(componentDomain);
        items.setTo(serverDomain);
        return iq.request(items).compose(reply -> {
            List<Jid> candidates = new ArrayList<>();
            if (reply instanceof DiscoverItems) {
                for (DiscoverItems.Item item : ((DiscoverItems) reply).getItems()) {
                    Jid jid = item.getEntityID();
                    // The server lists this component too: asking ourselves would only wait for ourselves.
                    if (item.getNode() == null && jid != null && !jid.equals(componentDomain)) {
                        candidates.add(jid);
                    }
                }
            }
            candidates.add(serverDomain);
            return firstService(candidates, 0, null);
        });
    }

    /**
     * Asks the candidates in turn. A candidate that errs or does not answer is passed over, so one silent item
     * cannot hide the upload service behind it; but if none offers the service and one did not answer, the
     * discovery fails rather than caching "no service" that may be wrong.
     */
    private Future<Optional<UploadService>> firstService(List<Jid> candidates, int index, Throwable silent) {
        if (index >= candidates.size()) {
            return silent == null ? Future.succeededFuture(Optional.empty()) : Future.failedFuture(silent);
        }
        Jid candidate = candidates.get(index);
        DiscoverInfo info = new DiscoverInfo();
        info.setType(IQ.Type.get);
        info.setFrom(componentDomain);
        info.setTo(candidate);
        return iq.request(info).transform(ar -> {
            if (ar.succeeded()) {
                Optional<UploadService> found = serviceIn(candidate, ar.result());
                return found.isPresent() ? Future.succeededFuture(found) : firstService(candidates, index + 1, silent);
            }
            boolean answered = ar.cause() instanceof IqErrorException;
            return firstService(candidates, index + 1, answered ? silent : ar.cause());
        });
    }

    static Optional<UploadService> serviceIn(Jid candidate, IQ reply) {
        if (!(reply instanceof DiscoverInfo) || !((DiscoverInfo) reply).containsFeature(NAMESPACE)) {
            return Optional.empty();
        }
        DomainBareJid address = candidate.asDomainBareJid();
        if (!candidate.equals(address)) {
            return Optional.empty();
        }
        OptionalLong max = OptionalLong.empty();
        DataForm form = DataForm.from(reply, NAMESPACE);
        if (form != null) {
            FormField field = form.getField("max-file-size");
            if (field != null && field.getFirstValue() != null) {
                try {
                    max = OptionalLong.of(Long.parseLong(field.getFirstValue().trim()));
                } catch (NumberFormatException e) {
                    // A limit we cannot read is no limit we can honour; the slot request will say if it is too large.
                    max = OptionalLong.empty();
                }
            }
        }
        return Optional.of(new UploadService(address, max));
    }
}
