package dev.passerelle.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.state.MlsClient;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.matrix.homeserver.ClientEvents;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.connector.xmpp.servers.XmppServers;
import dev.passerelle.connector.xmpp.stream.FakeComponentServer;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.e2e.GatewayProcess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.SocketAddress;
import java.net.URI;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every access refusal of issue 7 against the distribution jar in its own process: each one refused on the wire,
 * logged once at WARN with its surface and reason, counted in {@code passerelle_access_refused_total}, and the
 * gateway still serving legitimate traffic afterwards.
 *
 * <p>Instance {@code access} holds every listener: admin, media, the Matrix appservice (against a stub homeserver),
 * the MIMI provider {@code a.test} (mutual TLS with a test CA) and the XMPP component (against a test XEP-0114
 * server, since a real server would not let a stanza claiming the component's domain through). Instances
 * {@code refused-prosody} and {@code refused-ejabberd} are the ones the peers refuse: a wrong component secret
 * against the real servers of {@code scripts/test-servers}, and an {@code as_token} the homeserver does not know.
 */
class AccessIT {

    private static final String METRIC = "passerelle_access_refused_total";
    private static final String SERVER = "hs.test";
    private static final String AS_TOKEN = "access-as-token-0123456789abcdef";
    private static final String HS_TOKEN = "access-hs-token-0123456789abcdef";
    private static final String SECRET = "component-secret-0123456789";
    private static final byte[] MEDIA_KEY = "the media key of the access test".getBytes(StandardCharsets.US_ASCII);
    private static final GhostNaming NAMING = new GhostNaming(new GhostSpaces("gw.localhost", SERVER, "_passerelle_",
            "a.test"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Vertx vertx;
    private static StubHomeserver hs;
    private static FakeComponentServer component;
    private static TestCa ca;
    private static int mimiPort;
    private static int mediaPort;
    private static int appServicePort;
    private static GatewayProcess gateway;
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .followRedirects(Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        hs = StubHomeserver.start(SERVER, AS_TOKEN, "_passerelle_bot");
        hs.registerUser("@alice:" + SERVER);
        component = new FakeComponentServer(vertx, "gw.localhost", SECRET).listen()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ca = TestCa.create(Files.createDirectories(dir.resolve("ca")), "Access Test CA");
        TestCa.Issued aCert = ca.issue("a.test");
        mimiPort = GatewayProcess.freePort();
        mediaPort = GatewayProcess.freePort();
        appServicePort = GatewayProcess.freePort();
        int adminPort = GatewayProcess.freePort();
        String config = common("access", adminPort, mediaPort)
                + "  xmpp:\n    type: xmpp\n    component:\n      host: 127.0.0.1\n      port: " + component.port()
                + "\n      domain: gw.localhost\n      secret: \"" + SECRET + "\"\n"
                + matrix(AS_TOKEN, appServicePort)
                + "  dma:\n    type: dma\n    provider: a.test\n"
                + "    server: {host: 127.0.0.1, port: " + mimiPort + "}\n"
                + "    tls: {cert: \"" + aCert.certChain() + "\", key: \"" + aCert.key() + "\"}\n"
                + "    trust: {ca-bundle: \"" + ca.caBundle() + "\", allowed-domains: [b.test]}\n";
        gateway = GatewayProcess.start("access", dir.resolve("access"), adminPort, config);
        gateway.awaitReady(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (component != null) {
            component.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (hs != null) {
            hs.close();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String common(String name, int adminPort, int media) {
        return "data-dir: \"" + dir.resolve(name).resolve("data") + "\"\n"
                + "admin:\n  port: " + adminPort + "\n  token: " + GatewayProcess.ADMIN_TOKEN + "\n"
                + "media:\n  port: " + media + "\n  signing-key: " + Base64.getEncoder().encodeToString(MEDIA_KEY)
                + "\n"
                + "ghosts:\n  xmpp-domain: gw.localhost\n  matrix-server: " + SERVER + "\n  mimi-provider: a.test\n"
                + "connectors:\n";
    }

    private static String matrix(String asToken, int port) {
        return "  matrix:\n    type: matrix\n    homeserver-url: \"" + hs.baseUrl() + "\"\n    as-token: " + asToken
                + "\n    hs-token: " + HS_TOKEN + "\n    listen-port: " + port + "\n";
    }

    /** The refusal is counted with its surface and reason, and logged once per refusal as a WARN line. */
    private static void assertRefused(GatewayProcess p, String surface, String reason, int times) {
        await("refusal " + surface + "/" + reason + " counted").atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(p.metric(METRIC, Map.of("surface", surface, "reason", reason)))
                        .isEqualTo(times));
        String line = "access refused: surface=" + surface + " reason=" + reason + " ";
        assertThat(p.logText().lines().filter(l -> l.contains(line)).toList())
                .hasSize(times).allMatch(l -> l.contains(" WARN "));
    }

    @Test
    void adminCallsWithoutTheTokenOrWithAnotherOneAreRefused() throws Exception {
        assertThat(gateway.adminWithoutToken("GET", "/api/v1/links").statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gateway.adminPort() + "/api/v1/ghosts")).header("Authorization", "Bearer not-the-admin-token")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        assertRefused(gateway, "admin", "missing_token", 1);
        assertRefused(gateway, "admin", "wrong_token", 1);
        assertThat(gateway.logText()).doesNotContain("not-the-admin-token");
        assertThat(gateway.admin("GET", "/api/v1/links", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theAppserviceRefusesRequestsWithoutTheHsTokenAndRelaysNothingOfThem() {
        String url = "http://127.0.0.1:" + appServicePort + "/_matrix/app/v1/transactions/" + UUID.randomUUID();
        byte[] body = ("{\"events\":[" + ClientEvents.text("!r:" + SERVER, "@alice:" + SERVER, "sneaked in")
                + "]}").getBytes(StandardCharsets.UTF_8);
        double eventsBefore = gateway.metric("passerelle_matrix_as_events_total", Map.of());
        HttpResponse<String> missing = hs.rawRequestUnvalidated("PUT", url,
                Map.of("Content-Type", "application/json"), body);
        HttpResponse<String> wrong = hs.rawRequestUnvalidated("PUT", url,
                Map.of("Content-Type", "application/json", "Authorization", "Bearer not-the-hs-token-at-all"), body);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).contains("M_UNAUTHORIZED");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).contains("M_FORBIDDEN");
        assertRefused(gateway, "appservice", "missing_token", 1);
        assertRefused(gateway, "appservice", "wrong_token", 1);
        assertThat(gateway.metric("passerelle_matrix_as_events_total", Map.of())).isEqualTo(eventsBefore);
        assertThat(gateway.logText()).doesNotContain("not-the-hs-token-at-all");

        // The homeserver, with the right token, is still served.
        assertThat(hs.pushTransaction("http://127.0.0.1:" + appServicePort, HS_TOKEN, "ok-" + UUID.randomUUID(),
                List.of(ClientEvents.text("!r:" + SERVER, "@alice:" + SERVER, "hello"))).acknowledged()).isTrue();
    }

    @Test
    void aMatrixUserMakingAGhostJoinIsRefusedAndNotActedOn() {
        String ghost = NAMING.ghostFor(Jid.parse("juliet@localhost"), Network.MATRIX).toString();
        String room = "!claims:" + SERVER;

        assertThat(hs.pushTransaction("http://127.0.0.1:" + appServicePort, HS_TOKEN, "claim-" + UUID.randomUUID(),
                List.of(ClientEvents.member(room, "@mallory:" + SERVER, ghost, "join"))).acknowledged()).isTrue();

        assertRefused(gateway, "matrix", "ghost_claimed", 1);
        assertThat(gateway.logText()).contains("peer=@mallory:" + SERVER + ": @mallory:" + SERVER + " made " + ghost
                + " join room " + room);
        // An invitation of the ghost is what users do to reach someone: not refused.
        assertThat(hs.pushTransaction("http://127.0.0.1:" + appServicePort, HS_TOKEN, "inv-" + UUID.randomUUID(),
                List.of(ClientEvents.member(room, "@alice:" + SERVER, ghost, "invite"))).acknowledged()).isTrue();
        assertThat(gateway.metric(METRIC, Map.of("surface", "matrix"))).isEqualTo(1);
    }

    @Test
    void aStanzaClaimingAGhostJidIsRefusedAndTheComponentGoesOn() {
        String forged = NAMING.ghostFor(MatrixUserId.parse("@eve:" + SERVER), Network.XMPP).toString();
        component.inject("<message from='" + forged + "/x' to='" + NAMING.ghostFor(MatrixUserId.parse("@alice:"
                + SERVER), Network.XMPP) + "' type='chat' id='spoof-1'><body>I am eve</body></message>");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(component.receivedXml())
                .anyMatch(x -> x.contains("id='spoof-1'") && x.contains("type='error'") && x.contains("<forbidden ")));
        assertRefused(gateway, "xmpp", "ghost_claimed", 1);
        assertThat(gateway.logText()).contains("peer=" + forged + "/x");

        component.inject("<iq type='get' id='disco-1' from='romeo@localhost/phone' to='gw.localhost'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(component.receivedXml())
                .anyMatch(x -> x.contains("id='disco-1'") && x.contains("type='result'")));
    }

    @Test
    void mimiPeersWithAForeignCertificateOrClaimingAnotherDomainAreRefused() throws Exception {
        // Self-signed: the TLS handshake fails.
        Throwable handshake = catchThrowable(() -> mimi(TestCa.selfSigned(Files.createDirectories(dir.resolve("self")), "b.test"),
                HttpMethod.GET, "/.well-known/mimi-protocol-directory", null));
        assertThat(handshake).isNotNull();
        assertRefused(gateway, "mimi", "tls_handshake", 1);

        // Certified by the CA, but for a domain that is not a peer.
        Reply wrongDomain = mimi(ca.issue("evil.test"), HttpMethod.GET, "/.well-known/mimi-protocol-directory", null);
        assertThat(wrongDomain.status()).isEqualTo(403);
        assertThat(wrongDomain.body()).contains("unknown-peer");
        assertRefused(gateway, "mimi", "unknown_peer", 1);

        // b.test, a peer, sending a message for a user of c.test.
        TestCa.Issued bCert = ca.issue("b.test");
        byte[] submit = new SubmitMessageRequest(anMlsMessage("mimi://c.test/u/mallory"),
                new IdentifierUri("mimi://c.test/u/mallory")).toBytes();
        Reply mismatch = mimi(bCert, HttpMethod.POST, MimiEndpoint.SUBMIT_MESSAGE.path("mimi://a.test/r/lobby"),
                submit);
        assertThat(mismatch.status()).isEqualTo(403);
        assertThat(mismatch.body()).contains("domain-mismatch");
        assertRefused(gateway, "mimi", "domain_mismatch", 1);
        assertThat(gateway.logText()).contains("peer=b.test at ");

        // The same peer, asking for what it may, is served.
        Reply directory = mimi(bCert, HttpMethod.GET, "/.well-known/mimi-protocol-directory", null);
        assertThat(directory.status()).isEqualTo(200);
    }

    @Test
    void mediaUrlsSignedWithAnotherKeyOrExpiredAreRefusedAndAGoodOneIsServed() throws Exception {
        String mxc = upload("a picture".getBytes(StandardCharsets.UTF_8));
        long later = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();

        HttpResponse<byte[]> foreign = media(token(mxc, "image/png", later, "somebody else's signing key!!!!!"
                .getBytes(StandardCharsets.US_ASCII)));
        HttpResponse<byte[]> expired = media(token(mxc, "image/png", Instant.now().minusSeconds(60).getEpochSecond(),
                MEDIA_KEY));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertRefused(gateway, "media", "bad_signature", 1);
        assertRefused(gateway, "media", "expired", 1);

        HttpResponse<byte[]> good = media(token(mxc, "image/png", later, MEDIA_KEY));
        assertThat(good.statusCode()).isEqualTo(200);
        assertThat(new String(good.body(), StandardCharsets.UTF_8)).isEqualTo("a picture");
    }

    @ParameterizedTest
    @ValueSource(strings = {"prosody", "ejabberd"})
    void aWrongComponentSecretAndAWrongAsTokenAreRefusedByThePeersAndShowInHealth(String serverName) {
        XmppServers.XmppServer server = serverName.equals("prosody") ? XmppServers.prosody() : XmppServers.ejabberd();
        int adminPort = GatewayProcess.freePort();
        String name = "refused-" + serverName;
        String config = common(name, adminPort, GatewayProcess.freePort())
                + "  xmpp:\n    type: xmpp\n    component:\n      host: " + server.host() + "\n      port: "
                + server.componentPort() + "\n      domain: " + server.componentDomain()
                + "\n      secret: \"not-" + server.componentSecret() + "\"\n      reconnect-max: PT1S\n"
                + matrix("an-as-token-the-homeserver-never-saw", GatewayProcess.freePort());
        try (GatewayProcess refused = GatewayProcess.start(name, dir.resolve(name), adminPort, config)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(refused.metric(METRIC, Map.of("surface", "component", "reason", "not_authorized")))
                        .isGreaterThanOrEqualTo(2);
                assertThat(refused.metric(METRIC, Map.of("surface", "homeserver", "reason", "unknown_token")))
                        .isGreaterThanOrEqualTo(2);
            });
            HttpResponse<String> health = refused.admin("GET", "/health", null);
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).as(health.body()).contains("DOWN").contains("not-authorized")
                    .contains("refused the as_token (M_UNKNOWN_TOKEN)")
                    .doesNotContain("an-as-token-the-homeserver-never-saw").doesNotContain(server.componentSecret());
            String log = refused.logText();
            assertThat(log.lines().filter(l -> l.contains("access refused: surface=component reason=not_authorized"
                    + " peer=" + server.host() + ":" + server.componentPort())).toList())
                    .as("logged once, however often retried").singleElement().asString().contains(" WARN ");
            assertThat(log.lines().filter(l -> l.contains("access refused: surface=homeserver reason=unknown_token"
                    + " peer=" + hs.baseUrl())).toList()).singleElement().asString().contains(" WARN ");
            assertThat(log).doesNotContain("an-as-token-the-homeserver-never-saw")
                    .doesNotContain(server.componentSecret());
            // The instance itself keeps serving its operator.
            assertThat(refused.admin("GET", "/api/v1/links", null).statusCode()).isEqualTo(200);
        }
    }

    /** A real MLS application message of a one-member group of {@code user}, as a peer would submit. */
    private static WireMessage anMlsMessage(String user) {
        SecureRandom random = new SecureRandom();
        MlsClient client = MlsClient.generate(CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519,
                user.getBytes(StandardCharsets.UTF_8), random);
        long now = Instant.now().getEpochSecond();
        GroupState group = GroupState.create(client, client.newKeyPackage(now - 60, now + 3600, false, random),
                "mimi://c.test/r/x".getBytes(StandardCharsets.UTF_8), List.of(), random);
        return WireMessage.parse(group.encrypt("hello".getBytes(StandardCharsets.UTF_8), new byte[0], random)
                .message());
    }

    private record Reply(int status, String body) {
    }

    /** One request to the MIMI listener of a.test with {@code cert} as the client certificate. */
    private static Reply mimi(TestCa.Issued cert, HttpMethod method, String path, byte[] body) throws Exception {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.certChain().toString())
                        .setKeyPath(cert.key().toString()))
                .setTrustOptions(new PemTrustOptions().addCertPath(ca.caBundle().toString())));
        try {
            Future<Reply> reply = client.request(new RequestOptions().setMethod(method).setHost("a.test")
                            .setPort(mimiPort).setServer(SocketAddress.inetSocketAddress(mimiPort, "127.0.0.1"))
                            .setURI(path))
                    .compose(req -> {
                        req.putHeader("Content-Type", "application/octet-stream");
                        return body == null ? req.send() : req.send(Buffer.buffer(body));
                    })
                    .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b.toString())));
            return reply.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } finally {
            client.close();
        }
    }

    /** Uploads a file to the stub homeserver as the appservice; gives its mxc URI. */
    private static String upload(byte[] bytes) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(hs.baseUrl()
                        + "/_matrix/media/v3/upload?filename=a.png"))
                .header("Authorization", "Bearer " + AS_TOKEN).header("Content-Type", "image/png")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        return answer.path("content_uri").asText();
    }

    private static HttpResponse<byte[]> media(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mediaPort + "/media/v1/" + token))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * A media token in the documented form {@code B64(source).B64(type).expiry.B64(HMAC-SHA256)}, the MAC over
     * {@code passerelle-media-v1.} and the prefix: made here independently, with any key.
     */
    private static String token(String source, String type, long expiresAt, byte[] key) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String prefix = b64.encodeToString(source.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(type.getBytes(StandardCharsets.UTF_8)) + "." + expiresAt;
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update("passerelle-media-v1.".getBytes(StandardCharsets.US_ASCII));
        return prefix + "." + b64.encodeToString(mac.doFinal(prefix.getBytes(StandardCharsets.US_ASCII)));
    }
}
