package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.AbuseReport;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.KeyMaterialRequest;
import dev.passerelle.connector.dma.protocol.MimiDirectory;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.ProtocolException;
import dev.passerelle.connector.dma.protocol.ProxyDownloadRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.UpdateRequest;
import dev.passerelle.connector.dma.transport.PeerHandler;
import dev.passerelle.connector.dma.transport.PeerReply;
import dev.passerelle.connector.dma.transport.PeerRequest;
import dev.passerelle.connector.dma.transport.PeerRoutes;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/**
 * Every MIMI endpoint of protocol-06 section 5 as {@link PeerRoutes} for the transport's server, at the paths of
 * {@link MimiEndpoint}. Each handler reads its path parameter (one percent-encoded segment) and body, where a
 * {@link ProtocolException} becomes 400 with the field path; checks every provider domain the body claims against
 * the caller's certificate (403); calls the hub, follower or directory logic; and writes the answer. A room we do
 * not host answers 404; a body over the limit is answered 413 by the transport. groupInfo, requestConsent and
 * updateConsent answer 501 (not implemented). The directory document is served by the transport from
 * {@link #directory}.
 */
public final class ProviderEndpoints {

    private final Vertx vertx;
    private final String ownDomain;
    private final Hub hub;
    private final Follower follower;
    private final KeyPackages keys;
    private final IdentifierQueries identifiers;
    private final AbuseReports abuse;
    private final ProxyDownloads downloads;

    /** The endpoints of the provider {@code ownDomain}. */
    public ProviderEndpoints(Vertx vertx, String ownDomain, Hub hub, Follower follower, KeyPackages keys,
            IdentifierQueries identifiers, AbuseReports abuse, ProxyDownloads downloads) {
        if (vertx == null || ownDomain == null || hub == null || follower == null || keys == null
                || identifiers == null || abuse == null || downloads == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        this.vertx = vertx;
        this.ownDomain = ownDomain;
        this.hub = hub;
        this.follower = follower;
        this.keys = keys;
        this.identifiers = identifiers;
        this.abuse = abuse;
        this.downloads = downloads;
    }

    /** The directory document listing every endpoint under {@code baseUrl}, for the transport's server. */
    public static Supplier<Buffer> directory(String baseUrl) {
        Buffer document = Buffer.buffer(MimiDirectory.under(baseUrl).toJson());
        return () -> document;
    }

    /** The routes of every endpoint. */
    public PeerRoutes routes() {
        PeerRoutes routes = PeerRoutes.none();
        for (MimiEndpoint endpoint : MimiEndpoint.values()) {
            if (endpoint == MimiEndpoint.DIRECTORY) {
                continue;
            }
            String path = endpoint.pathTemplate().replace("{" + endpoint.parameter().orElseThrow() + "}",
                    ":" + endpoint.parameter().orElseThrow());
            PeerHandler handler = handlerOf(endpoint);
            routes = endpoint.method().equals("GET") ? routes.get(path, handler) : routes.post(path, handler);
        }
        return routes;
    }

    private PeerHandler handlerOf(MimiEndpoint endpoint) {
        if (endpoint == MimiEndpoint.KEY_MATERIAL) {
            return r -> keyMaterial(r);
        } else if (endpoint == MimiEndpoint.UPDATE) {
            return r -> update(r);
        } else if (endpoint == MimiEndpoint.NOTIFY) {
            return r -> notify(r);
        } else if (endpoint == MimiEndpoint.SUBMIT_MESSAGE) {
            return r -> submitMessage(r);
        } else if (endpoint == MimiEndpoint.IDENTIFIER_QUERY) {
            return r -> identifierQuery(r);
        } else if (endpoint == MimiEndpoint.REPORT_ABUSE) {
            return r -> reportAbuse(r);
        } else if (endpoint == MimiEndpoint.PROXY_DOWNLOAD) {
            return r -> proxyDownload(r);
        }
        return r -> Future.failedFuture(new GatewayException(GatewayException.Reason.UNSUPPORTED,
                endpoint.directoryKey().orElseThrow() + " is not implemented by this provider"));
    }

    private Future<PeerReply> keyMaterial(PeerRequest r) {
        String target = parameter(r, MimiEndpoint.KEY_MATERIAL);
        KeyMaterialRequest request = decode(() -> KeyMaterialRequest.decode(bytes(r)));
        return vertx.executeBlocking(() -> keys.claim(request, target, r.peerDomain()), false)
                .map(response -> ok(response.toBytes()));
    }

    private Future<PeerReply> update(PeerRequest r) {
        String room = parameter(r, MimiEndpoint.UPDATE);
        UpdateRequest request = decode(() -> UpdateRequest.decode(bytes(r)));
        return hub.update(room, request, r.peerDomain()).map(response -> ok(response.toBytes()));
    }

    private Future<PeerReply> notify(PeerRequest r) {
        String room = parameter(r, MimiEndpoint.NOTIFY);
        byte[] body = bytes(r);
        List<FanoutMessage> messages = decode(() -> FanoutMessage.decodeAll(body));
        return follower.notify(room, messages, body, r.peerDomain()).map(v -> PeerReply.empty(201));
    }

    private Future<PeerReply> submitMessage(PeerRequest r) {
        String room = parameter(r, MimiEndpoint.SUBMIT_MESSAGE);
        SubmitMessageRequest request = decode(() -> SubmitMessageRequest.decode(bytes(r)));
        r.requireDomain(MimiUris.tryDomainOf(request.sendingUri().uri()).orElse(request.sendingUri().uri()));
        return hub.accept(room, request, r.peerDomain()).map(response -> ok(response.toBytes()));
    }

    private Future<PeerReply> identifierQuery(PeerRequest r) {
        String domain = parameter(r, MimiEndpoint.IDENTIFIER_QUERY);
        IdentifierRequest request = decode(() -> IdentifierRequest.decode(bytes(r)));
        if (!domain.equalsIgnoreCase(ownDomain)) {
            throw new GatewayException(GatewayException.Reason.NOT_FOUND, "this provider answers for " + ownDomain
                    + ", not " + domain);
        }
        return vertx.executeBlocking(() -> identifiers.query(request), false).map(response -> ok(response.toBytes()));
    }

    private Future<PeerReply> reportAbuse(PeerRequest r) {
        String room = parameter(r, MimiEndpoint.REPORT_ABUSE);
        AbuseReport report = decode(() -> AbuseReport.decode(bytes(r)));
        if (!report.reportingUser().uri().isEmpty()) {
            r.requireDomain(MimiUris.tryDomainOf(report.reportingUser().uri()).orElse(report.reportingUser().uri()));
        }
        return hub.room(room).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new GatewayException(GatewayException.Reason.NOT_FOUND,
                        "no room " + room + " is hosted here"));
            }
            return vertx.executeBlocking(() -> abuse.record(room, r.peerDomain(), report), false);
        }).map(stored -> PeerReply.empty(201));
    }

    private Future<PeerReply> proxyDownload(PeerRequest r) {
        ProxyDownloadRequest request = decode(() -> ProxyDownloadRequest.fromPathSegment(rawSegment(r)));
        return downloads.download(request, r.peerDomain()).map(response -> PeerReply.ok(
                response.contentType().orElse("application/octet-stream"), Buffer.buffer(response.content().bytes())));
    }

    private static PeerReply ok(byte[] body) {
        return PeerReply.ok(FanoutWorker.CONTENT_TYPE, Buffer.buffer(body));
    }

    private static byte[] bytes(PeerRequest r) {
        return r.body().getBytes();
    }

    /** The path parameter as sent (the raw last segment), decoded by the endpoint's rules. */
    private static String parameter(PeerRequest r, MimiEndpoint endpoint) {
        return decode(() -> endpoint.decodeSegment(rawSegment(r)));
    }

    private static String rawSegment(PeerRequest r) {
        String path = r.request().path();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static <T> T decode(Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (ProtocolException e) {
            throw new GatewayException(GatewayException.Reason.INVALID, e.error().describe(), e);
        }
    }
}
