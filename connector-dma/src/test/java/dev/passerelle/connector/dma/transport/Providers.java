package dev.passerelle.connector.dma.transport;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.spi.AccessRefusals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Builds the trust, servers and clients of the loopback providers in the transport tests. */
final class Providers {

    static final String NOTIFY = "/mimi/v1/notify";

    private Providers() {
    }

    static PeerTrust trust(TestCa.Issued own, Path caBundle, Set<String> allowed, Map<String, String> pins) {
        return PeerTrust.load(new TrustSettings(own.certChain(), own.key(), caBundle, allowed, pins, false, false));
    }

    /** A notify endpoint that checks the provider the body claims and answers with the caller's domain. */
    static PeerRoutes notifyRoutes() {
        return PeerRoutes.none().post(NOTIFY, request -> {
            String claimed = request.body().toJsonObject().getString("provider");
            request.requireDomain(claimed);
            return Future.succeededFuture(PeerReply.ok("application/json",
                    new JsonObject().put("peer", request.peerDomain()).toBuffer()));
        });
    }

    static JsonObject directory(String domain) {
        return new JsonObject().put("notify", "https://" + domain + NOTIFY);
    }

    static MimiServer server(Vertx vertx, PeerTrust trust, String domain, long maxBody, SimpleMeterRegistry meters) {
        return new MimiServer(vertx, new MimiServerSettings("127.0.0.1", 0, maxBody), trust, notifyRoutes(),
                () -> directory(domain).toBuffer(), meters);
    }

    static MimiHttpClient client(Vertx vertx, PeerTrust trust, String peer, int port) {
        return new MimiHttpClient(vertx, new MimiClientSettings(Map.of(peer, URI.create("https://127.0.0.1:" + port + "/")),
                Duration.ofSeconds(5), Duration.ofSeconds(10), 1 << 20), trust);
    }

    /**
     * The refusals of a reason, after checking that {@code passerelle.access.refused{surface=mimi}} counted the same
     * ones (operators alert on that one).
     */
    static double refused(SimpleMeterRegistry meters, RefusalReason reason) {
        double mimi = meters.get(MimiServer.REFUSED_METRIC).tag("reason", reason.tag()).counter().count();
        double access = new AccessRefusals(meters).count(AccessRefusals.Surface.MIMI, MimiServer.accessReason(reason));
        if (access != mimi) {
            throw new AssertionError("passerelle.access.refused{surface=mimi,reason=" + MimiServer.accessReason(reason)
                    + "} is " + access + " but " + MimiServer.REFUSED_METRIC + " is " + mimi);
        }
        return mimi;
    }
}
