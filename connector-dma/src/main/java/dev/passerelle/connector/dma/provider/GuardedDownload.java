package dev.passerelle.connector.dma.provider;

import dev.passerelle.core.media.WebAddresses;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A GET of a URL named by a peer or a message, guarded the way a gateway must fetch such URLs: the host's addresses
 * checked against a rule (public addresses only, in production) and the connection made to the checked address
 * (no second lookup an attacker could answer differently), no redirects, a size cap enforced while reading, and an
 * overall timeout.
 */
public final class GuardedDownload {

    /** A fetched body and the media type the server declared, if any. */
    public record Fetched(Buffer body, Optional<String> contentType) {
    }

    private GuardedDownload() {
    }

    /**
     * The address to connect to for {@code host}: every address it resolves to must pass {@code allowed}. Blocking
     * (DNS): call on a worker.
     *
     * @throws GatewayException NOT_FOUND for an unknown host, AUTH when an address is refused
     */
    public static InetAddress resolve(String host, Predicate<InetAddress> allowed) {
        return WebAddresses.resolve(host, allowed);
    }

    /**
     * GETs {@code url} from {@code address}. Fails TRANSIENT on network trouble or the timeout, NOT_FOUND on a non-2xx
     * answer, PERMANENT once the body passes {@code maxBytes} ({@code what} names the body in that message).
     */
    public static Future<Fetched> get(Vertx vertx, HttpClient http, URI url, InetAddress address, long maxBytes,
            Duration timeout, String what) {
        boolean tls = url.getScheme().toLowerCase(Locale.ROOT).equals("https");
        int port = url.getPort() == -1 ? (tls ? 443 : 80) : url.getPort();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost()).setPort(port)
                .setSsl(tls).setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress())).setURI(path)
                .setFollowRedirects(false).setIdleTimeout(timeout.toMillis());
        Promise<Fetched> result = Promise.promise();
        long timer = vertx.setTimer(timeout.toMillis(), id -> result.tryFail(new GatewayException(
                GatewayException.Reason.TRANSIENT, "downloading from " + url.getHost() + " took over " + timeout)));
        http.request(options).compose(req -> req.send()).onComplete(ar -> {
            if (ar.failed()) {
                result.tryFail(new GatewayException(GatewayException.Reason.TRANSIENT,
                        "downloading from " + url.getHost() + " failed: " + ar.cause().getMessage(), ar.cause()));
                return;
            }
            var response = ar.result();
            if (response.statusCode() < 200 || response.statusCode() > 299) {
                response.request().connection().close();
                result.tryFail(new GatewayException(GatewayException.Reason.NOT_FOUND,
                        url.getHost() + " answered " + response.statusCode()));
                return;
            }
            Buffer body = Buffer.buffer();
            response.handler(chunk -> {
                if (body.length() + chunk.length() > maxBytes) {
                    result.tryFail(new GatewayException(GatewayException.Reason.PERMANENT,
                            what + " is over the cap of " + maxBytes + " bytes"));
                    response.request().connection().close();
                } else {
                    body.appendBuffer(chunk);
                }
            });
            response.exceptionHandler(result::tryFail);
            response.endHandler(v -> result.tryComplete(
                    new Fetched(body, Optional.ofNullable(response.getHeader("Content-Type")))));
        });
        return result.future().onComplete(v -> vertx.cancelTimer(timer));
    }
}
