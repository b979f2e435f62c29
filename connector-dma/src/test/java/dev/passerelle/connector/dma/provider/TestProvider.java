package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.MimiServer;
import dev.passerelle.connector.dma.transport.MimiServerSettings;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.transport.TrustSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One loopback provider of the tests, with every part of the provider wired as the connector will wire it. */
final class TestProvider {

    final String domain;
    final int port;
    final ProviderStore store;
    final Map<String, MlsClient> clients = new HashMap<>();
    final Members members;
    final PeerTrust trust;
    final MimiHttpClient client;
    final FanoutWorker fanout;
    final Hub hub;
    final Follower follower;
    final KeyPackages keys;
    final PhoneDirectory phones;
    final AbuseReports abuse;
    final ProxyDownloads downloads;
    final ProviderEndpoints endpoints;
    private final Vertx vertx;
    private MimiServer server;

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A provider {@code domain} on {@code port} calling the {@code peers} (domain to port). */
    TestProvider(Vertx vertx, TestCa ca, String domain, int port, Map<String, Integer> peers, ProviderStore store,
            Set<String> users) {
        this.vertx = vertx;
        this.domain = domain;
        this.port = port;
        this.store = store;
        for (String user : users) {
            clients.put(user, Mls.client(user));
        }
        TestCa.Issued cert = ca.issue(domain);
        trust = PeerTrust.load(new TrustSettings(cert.certChain(), cert.key(), ca.caBundle(), peers.keySet(), Map.of(),
                false, false));
        Map<String, URI> urls = new HashMap<>();
        peers.forEach((d, p) -> urls.put(d, URI.create("https://127.0.0.1:" + p + "/")));
        client = new MimiHttpClient(vertx, new MimiClientSettings(urls, Duration.ofSeconds(15), Duration.ofSeconds(30),
                1 << 20), trust);
        members = new Members(vertx, clients);
        UserDirectory directory = uri -> Optional.ofNullable(clients.get(uri))
                .map(c -> new LocalUser(uri, uri.replace("/u/", "/d/"), c));
        keys = new KeyPackages(domain, store, directory, Clock.systemUTC(), Mls.RANDOM, Duration.ofDays(7));
        members.keys(keys);
        fanout = new FanoutWorker(vertx, domain, store, client, members, Duration.ofMillis(20),
                Duration.ofMillis(200));
        hub = new Hub(vertx, domain, store, Clock.systemUTC(), fanout);
        follower = new Follower(vertx, domain, store, client, members);
        phones = new PhoneDirectory(domain, store);
        abuse = new AbuseReports(store, Clock.systemUTC());
        downloads = new ProxyDownloads(vertx, store, new PemTrustOptions().addCertPath(ca.caBundle().toString()),
                1 << 16, Duration.ofSeconds(20), address -> true);
        endpoints = new ProviderEndpoints(vertx, domain, hub, follower, keys,
                new IdentifierQueries(domain, directory, phones), abuse, downloads);
    }

    Future<Void> start() {
        return fanout.start().compose(v -> startServer());
    }

    Future<Void> startServer() {
        server = new MimiServer(vertx, new MimiServerSettings("127.0.0.1", port, 1 << 16), trust, endpoints.routes(),
                ProviderEndpoints.directory("https://" + domain), new SimpleMeterRegistry());
        return server.start().mapEmpty();
    }

    Future<Void> stopServer() {
        return server.stop();
    }

    /** Stops the server and closes the clients. */
    Future<Void> close() {
        return Future.all(server.stop(), client.close(), downloads.close()).mapEmpty();
    }

}
