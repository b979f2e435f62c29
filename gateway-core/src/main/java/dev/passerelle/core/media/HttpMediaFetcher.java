package dev.passerelle.core.media;

import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Fetches attachments that other networks give as http(s) URLs (an XMPP server's upload service, another MIMI
 * provider's media), as a stream. A URL in a message is untrusted: the host's addresses are checked first (public
 * only unless the operator allows private ones) and the connection goes to the checked address; redirects are not
 * followed; the declared length and the bytes are capped by the media service; a stall longer than the timeout
 * fails the fetch. https uses the JVM's trusted CAs and checks the host name.
 */
public final class HttpMediaFetcher implements MediaFetcher {

    private static final String FALLBACK_TYPE = "application/octet-stream";

    private final Vertx vertx;
    private final String scheme;
    private final HttpClient http;
    private final WebFetchSettings settings;
    private final Predicate<InetAddress> allowed;

    /** A fetcher for {@code scheme} ({@code http} or {@code https}). */
    public HttpMediaFetcher(Vertx vertx, String scheme, WebFetchSettings settings) {
        if (vertx == null || settings == null) {
            throw new IllegalArgumentException("vertx and settings must not be null");
        }
        this.scheme = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!this.scheme.equals("http") && !this.scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, was " + scheme);
        }
        this.vertx = vertx;
        this.settings = settings;
        this.allowed = settings.privateAddresses() ? a -> true : WebAddresses::publicAddress;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE,
                settings.timeout().toMillis())).setVerifyHost(true).setTrustAll(false));
    }

    @Override
    public String scheme() {
        return scheme;
    }

    /**
     * Starts the download; the body comes back paused. Fails INVALID for a URL without a host, NOT_FOUND for an
     * unknown host or a non-2xx answer, AUTH for a host on a refused address, TRANSIENT on network trouble.
     */
    @Override
    public Future<MediaSource> fetch(URI source) {
        if (source.getHost() == null || !scheme.equalsIgnoreCase(source.getScheme())) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.INVALID,
                    "not an " + scheme + " URL with a host: " + source));
        }
        String host = source.getHost();
        boolean tls = scheme.equals("https");
        int port = source.getPort() == -1 ? (tls ? 443 : 80) : source.getPort();
        String path = source.getRawPath() == null || source.getRawPath().isEmpty() ? "/" : source.getRawPath();
        if (source.getRawQuery() != null) {
            path += "?" + source.getRawQuery();
        }
        String target = path;
        return vertx.executeBlocking(() -> WebAddresses.resolve(host, allowed), false).compose(address -> {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                    .setSsl(tls).setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setURI(target).setFollowRedirects(false).setIdleTimeout(settings.timeout().toMillis());
            return http.request(options).compose(req -> req.send()).recover(e -> Future.failedFuture(
                    new GatewayException(GatewayException.Reason.TRANSIENT,
                            "fetching from " + host + " failed: " + e.getMessage(), e)));
        }).compose(response -> source(host, response));
    }

    /** Runs as the response arrives, before any of its body: pausing here loses nothing. */
    private static Future<MediaSource> source(String host, HttpClientResponse response) {
        response.pause();
        if (response.statusCode() < 200 || response.statusCode() > 299) {
            response.request().connection().close();
            return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                    host + " answered " + response.statusCode()));
        }
        String type = response.getHeader("Content-Type");
        OptionalLong length = OptionalLong.empty();
        String declared = response.getHeader("Content-Length");
        if (declared != null) {
            try {
                long n = Long.parseLong(declared.trim());
                length = n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
            } catch (NumberFormatException e) {
                // No usable length: the media service caps the bytes as they come.
            }
        }
        return Future.succeededFuture(new MediaSource(type == null || type.isBlank() ? FALLBACK_TYPE : type, length,
                response, () -> response.request().connection().close()));
    }
}
