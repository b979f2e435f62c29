package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.Opaque;
import dev.passerelle.connector.dma.protocol.ProxyDownloadRequest;
import dev.passerelle.connector.dma.protocol.ProxyDownloadResponse;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.TrustOptions;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * proxyDownload (protocol-06 section 5.10.2), which the hub must offer, kept from becoming an open proxy: a URL is
 * fetched for a peer only if the connector reported it ({@link #seen}) from a message of a room we host in which
 * that peer has a participant (a stricter form of the draft's "an asset domain of one of its peers": the hub can only
 * know URLs from messages it can read, which as a member it can). The fetch is https only (the request type checks
 * it), to addresses the address rule allows (public unicast by default: no loopback, private, link-local or
 * multicast address, checked on the resolved address that is then connected to, so a DNS change between check and
 * connection does not matter), with no redirect followed, within a time limit and a size cap.
 */
public final class ProxyDownloads {

    private final Vertx vertx;
    private final ProviderState state;
    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;
    private final Predicate<InetAddress> addressAllowed;

    /**
     * @param trust what servers are trusted (null: the JVM's default CAs)
     * @param addressAllowed which resolved addresses may be connected to ({@link #publicAddress} in production)
     */
    public ProxyDownloads(Vertx vertx, ProviderStore store, TrustOptions trust, long maxBytes, Duration timeout,
            Predicate<InetAddress> addressAllowed) {
        if (vertx == null || store == null || timeout == null || addressAllowed == null || maxBytes < 1) {
            throw new IllegalArgumentException("no argument may be null and maxBytes must be positive");
        }
        this.vertx = vertx;
        this.state = new ProviderState(store);
        HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true).setForceSni(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (trust != null) {
            options.setTrustOptions(trust);
        }
        this.http = vertx.createHttpClient(options);
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.addressAllowed = addressAllowed;
    }

    /** Whether {@code address} is a public unicast address. */
    public static boolean publicAddress(InetAddress address) {
        return dev.passerelle.core.media.WebAddresses.publicAddress(address);
    }

    /**
     * Records that {@code url} appeared in a message of {@code roomUri}: for a room we host, peers of the room may
     * then download it; for a room hosted elsewhere, {@link #hubOf} names the hub to download it through.
     */
    public Future<Void> seen(String roomUri, URI url) {
        String text = url.toString();
        return vertx.executeBlocking(() -> {
            synchronized (this) {
                state.addAssetRoom(text, roomUri);
            }
            return null;
        }, false);
    }

    /**
     * The hub of a room hosted elsewhere in which {@code url} was seen (recorded by {@link #seen} for followed rooms
     * too), to download it through; empty if none.
     */
    public Future<Optional<String>> hubOf(URI url) {
        String text = url.toString();
        return vertx.executeBlocking(() -> state.assetRooms(text).stream()
                .map(state::room)
                .flatMap(Optional::stream)
                .filter(r -> r.role() == ProviderRoom.Role.FOLLOWER)
                .map(ProviderRoom::hubDomain)
                .findFirst(), false);
    }

    /** Fetches the asset for {@code peerDomain}; NOT_FOUND unless the URL was seen in a room the peer is in. */
    public Future<ProxyDownloadResponse> download(ProxyDownloadRequest request, String peerDomain) {
        URI url = request.downloadUrl();
        return vertx.executeBlocking(() -> {
            boolean allowed = state.assetRooms(url.toString()).stream()
                    .map(state::room)
                    .flatMap(Optional::stream)
                    .anyMatch(r -> r.role() == ProviderRoom.Role.HUB && r.domains().contains(peerDomain));
            if (!allowed) {
                throw new GatewayException(GatewayException.Reason.NOT_FOUND,
                        "no room of " + peerDomain + " hosted here has that URL");
            }
            return GuardedDownload.resolve(request.host(), addressAllowed);
        }, false).compose(address -> GuardedDownload.get(vertx, http, url, address, maxBytes, timeout, "the asset"))
                .map(f -> new ProxyDownloadResponse(f.contentType(), Opaque.of(f.body().getBytes())));
    }

    /** Closes the HTTP client. */
    public Future<Void> close() {
        return http.close();
    }
}
