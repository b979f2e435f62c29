package dev.passerelle.connector.dma.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.mls.crypto.KeyPair;
import dev.passerelle.connector.dma.mls.state.Committed;
import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.mls.tree.Credential;
import dev.passerelle.connector.dma.protocol.AbuseReport;
import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.KeyMaterialRequest;
import dev.passerelle.connector.dma.protocol.KeyMaterialResponse;
import dev.passerelle.connector.dma.protocol.MimiDirectory;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.RequiredCapabilities;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.SubmitMessageResponse;
import dev.passerelle.connector.dma.protocol.UpdateResponse;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.transport.MimiServer;
import dev.passerelle.connector.dma.transport.PeerHttpException;
import dev.passerelle.connector.dma.transport.PeerResponse;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two providers on loopback with certificates from a test CA: a.test hosts the room (hub), b.test follows it. Every
 * step goes through the real endpoints, mutual TLS and the stores.
 */
@Tag("feature:mimi-provider")
@ExtendWith(VertxExtension.class)
class ProviderLoopbackTest {

    static final String ROOM = "mimi://a.test/r/clubhouse";
    static final String ALICE = "mimi://a.test/u/alice";
    static final String BOB = "mimi://b.test/u/bob";
    static final String DAVE = "mimi://b.test/u/dave";

    @TempDir
    Path dir;

    Vertx vertx;
    TestCa ca;
    TestProvider a;
    TestProvider b;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        ca = TestCa.create(dir, "Test CA");
        int aPort = TestProvider.freePort();
        int bPort = TestProvider.freePort();
        a = new TestProvider(vertx, ca, "a.test", aPort, Map.of("b.test", bPort), MemoryStores.memory(), Set.of(ALICE));
        b = new TestProvider(vertx, ca, "b.test", bPort, Map.of("a.test", aPort), MemoryStores.connectorState(),
                Set.of(BOB, DAVE));
        get(Future.all(a.start(), b.start()));
    }

    @AfterEach
    void stop() throws Exception {
        get(Future.all(a.fanout.stop(), b.fanout.stop()));
        get(Future.all(a.close(), b.close()));
    }

    static <T> T get(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static KeyMaterialRequest claimBy(String requester, String target) {
        KeyPair key = Mls.SUITE.generateSignatureKeyPair(Mls.RANDOM);
        return KeyPackages.request(key, new Credential.Basic(requester.getBytes(StandardCharsets.UTF_8)), requester,
                target, ROOM, RequiredCapabilities.none());
    }

    /** Alice creates the room on A, claims Bob's KeyPackage at B, commits his addition; B joins from the Welcome. */
    private void aliceAddsBob() throws Exception {
        aliceAddsBob(ROOM);
    }

    /** Alice makes {@code room} at a.test and adds bob of b.test, whose provider then follows it. */
    private void aliceAddsBob(String room) throws Exception {
        GroupState group = Mls.group(a.clients.get(ALICE), room);
        get(a.hub.create(room, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN)), 0));
        KeyMaterialResponse claimed = get(KeyPackages.claimAt(a.client, "b.test", claimBy(ALICE, BOB)));
        assertThat(claimed.userStatus()).isEqualTo(KeyMaterialResponse.UserCode.SUCCESS);
        Committed added = Mls.commit(group, List.of(claimed.clients().get(0).keyPackage().orElseThrow()),
                Optional.of(ParticipantListUpdate.adding(List.of(new Participant(BOB, RoomPolicy.MEMBER)))));
        UpdateResponse accepted = get(a.hub.update(room, Mls.updateRequest(added), "a.test"));
        assertThat(accepted.responseCode()).isEqualTo(UpdateResponse.Code.SUCCESS);
        a.members.groups.put(room, added.next());
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.groups.containsKey(room));
    }

    private PeerResponse post(TestProvider from, String to, String path, byte[] body) throws Exception {
        return get(from.client.post(to, path, Buffer.buffer(body), FanoutWorker.CONTENT_TYPE));
    }

    private PeerHttpException refused(TestProvider from, String to, String path, byte[] body) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> post(from, to, path, body));
        assertThat(t).as(path + " " + Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 8))))
                .isInstanceOf(PeerHttpException.class);
        return (PeerHttpException) t;
    }

    @Test
    @Tag("direction:hub-to-follower")
    void bobJoinsFromTheWelcomeTheHubRelaysAndBothAgreeOnTheEpoch() throws Exception {
        aliceAddsBob();
        assertThat(b.members.groups.get(ROOM).epochNumber()).isEqualTo(1);
        assertThat(a.members.groups.get(ROOM).epochAuthenticator())
                .isEqualTo(b.members.groups.get(ROOM).epochAuthenticator());
        ProviderRoom room = get(a.hub.room(ROOM)).orElseThrow();
        assertThat(room.epoch()).isEqualTo(1);
        assertThat(room.participants()).containsExactly(new Participant(ALICE, RoomPolicy.ADMIN),
                new Participant(BOB, RoomPolicy.MEMBER));
        // The KeyPackage was used once and is forgotten.
        assertThat(b.keys.forWelcome(WireMessage.parse(Mls.commit(a.members.groups.get(ROOM),
                List.of(Mls.keyPackage(Mls.client(DAVE)).keyPackage()), Optional.empty()).welcomeMessage().get())
                .welcome())).isEmpty();
    }

    @Test
    @Tag("direction:follower-to-hub")
    void aFollowersMessageIsAcceptedWithATimestampAndDeliveredAtTheHubButNotEchoed() throws Exception {
        aliceAddsBob();
        long before = System.currentTimeMillis();
        SubmitMessageResponse response = get(b.follower.submitToHub(ROOM,
                Mls.encrypt(b.members.groups.get(ROOM), "hello from bob"), BOB));
        assertThat(response.statusCode()).isEqualTo(SubmitMessageResponse.Code.ACCEPTED);
        assertThat(response.acceptedTimestamp().getAsLong()).isGreaterThanOrEqualTo(before);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.members.received.contains("hello from bob"));
        assertThat(a.fanout.pending(ROOM, "b.test")).isZero();
        assertThat(b.members.received).isEmpty();
    }

    @Test
    @Tag("direction:hub-to-follower")
    void aFollowerDownForAWhileGetsEverythingOnceInOrder() throws Exception {
        aliceAddsBob();
        get(b.stopServer());
        GroupState alice = a.members.groups.get(ROOM);
        for (String text : List.of("one", "two", "three")) {
            SubmitMessageResponse r = get(a.hub.accept(ROOM,
                    new SubmitMessageRequest(Mls.encrypt(alice, text), new IdentifierUri(ALICE)), "a.test"));
            assertThat(r.statusCode()).isEqualTo(SubmitMessageResponse.Code.ACCEPTED);
        }
        assertThat(a.fanout.pending(ROOM, "b.test")).isEqualTo(3);
        int attemptsBefore = b.members.deliveries.get();
        get(b.startServer());
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.received.size() == 3);
        assertThat(b.members.received).containsExactly("one", "two", "three");
        assertThat(b.members.deliveries.get() - attemptsBefore).isEqualTo(3);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.fanout.pending(ROOM, "b.test") == 0);
        // The hub's own users got nothing back: the messages were theirs.
        assertThat(a.members.received).isEmpty();
    }

    @Test
    @Tag("direction:hub-to-follower")
    void aRoomWhoseEventWaitsDoesNotHoldUpTheFollowersOtherRooms() throws Exception {
        String other = "mimi://a.test/r/library";
        aliceAddsBob();
        aliceAddsBob(other);
        b.members.heldRoom = ROOM;
        for (String text : List.of("stuck", "stuck too")) {
            get(a.hub.accept(ROOM, new SubmitMessageRequest(Mls.encrypt(a.members.groups.get(ROOM), text),
                    new IdentifierUri(ALICE)), "a.test"));
        }
        get(a.hub.accept(other, new SubmitMessageRequest(Mls.encrypt(a.members.groups.get(other), "free"),
                new IdentifierUri(ALICE)), "a.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.received.contains("free"));
        assertThat(b.members.received).containsExactly("free");
        b.members.release();
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.received.size() == 3);
        assertThat(b.members.received).containsExactly("free", "stuck", "stuck too");
    }

    @Test
    @Tag("direction:hub-to-follower")
    void aFailingFollowerIsRetriedAndAnAcceptedEntrySurvivesAFanoutRestart() throws Exception {
        aliceAddsBob();
        b.members.failing = true;
        get(a.hub.accept(ROOM, new SubmitMessageRequest(Mls.encrypt(a.members.groups.get(ROOM), "persistent"),
                new IdentifierUri(ALICE)), "a.test"));
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.deliveries.get() >= 4);
        assertThat(a.fanout.pending(ROOM, "b.test")).isEqualTo(1);
        get(a.fanout.stop());
        b.members.failing = false;
        FanoutWorker restarted = new FanoutWorker(vertx, "a.test", a.store, a.client, a.members,
                Duration.ofMillis(20), Duration.ofMillis(200));
        get(restarted.start());
        await().atMost(Duration.ofSeconds(30)).until(() -> b.members.received.contains("persistent"));
        assertThat(b.members.received).containsExactly("persistent");
        get(restarted.stop());
    }

    @Test
    @Tag("direction:hub-to-follower")
    void theHubStopsRetryingAFollowerWhoseUsersWereRemoved() throws Exception {
        aliceAddsBob();
        get(b.stopServer());
        Committed removed = Mls.commit(a.members.groups.get(ROOM), List.of(), List.of(1),
                Optional.of(new ParticipantListUpdate(List.of(), List.of(1L), List.of())));
        assertThat(get(a.hub.update(ROOM, Mls.updateRequest(removed), "a.test")).responseCode())
                .isEqualTo(UpdateResponse.Code.SUCCESS);
        a.members.groups.put(ROOM, removed.next());
        get(a.hub.accept(ROOM, new SubmitMessageRequest(Mls.encrypt(removed.next(), "after"),
                new IdentifierUri(ALICE)), "a.test"));
        // The removal commit was addressed to b.test; it is dropped after a failed attempt, the message never was.
        await().atMost(Duration.ofSeconds(30)).until(() -> a.fanout.pending(ROOM, "b.test") == 0);
        assertThat(get(a.hub.room(ROOM)).orElseThrow().participants()).extracting(Participant::user)
                .containsExactly(ALICE);
        get(b.startServer());
        assertThat(b.members.received).isEmpty();
    }

    @Test
    @Tag("direction:hub-to-follower")
    void aReplayedNotifyBodyIsAcknowledgedAndProcessedOnce() throws Exception {
        aliceAddsBob();
        byte[] body = FanoutMessage.application(System.currentTimeMillis(),
                Mls.encrypt(a.members.groups.get(ROOM), "just once"), Optional.empty()).toBytes();
        String path = MimiEndpoint.NOTIFY.path(ROOM);
        int before = b.members.deliveries.get();
        assertThat(post(a, "b.test", path, body).status()).isEqualTo(201);
        assertThat(post(a, "b.test", path, body.clone()).status()).isEqualTo(201);
        assertThat(b.members.received).containsExactly("just once");
        assertThat(b.members.deliveries.get() - before).isEqualTo(1);
    }

    @Test
    void aPeerClaimingAnotherProvidersUserOrRoomIsRefused() throws Exception {
        aliceAddsBob();
        byte[] claimsAlice = new SubmitMessageRequest(Mls.encrypt(b.members.groups.get(ROOM), "forged"),
                new IdentifierUri(ALICE)).toBytes();
        PeerHttpException e = refused(b, "a.test", MimiEndpoint.SUBMIT_MESSAGE.path(ROOM), claimsAlice);
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.body().toString()).contains("domain-mismatch");
        // Only the hub sends a room's events: b.test cannot notify a.test about a.test's room.
        byte[] notify = FanoutMessage.application(1, Mls.encrypt(b.members.groups.get(ROOM), "x"), Optional.empty())
                .toBytes();
        assertThat(refused(b, "a.test", MimiEndpoint.NOTIFY.path(ROOM), notify).status()).isEqualTo(403);
        // Key material claimed for a requester of another provider, outside a room that provider hosts.
        KeyMaterialRequest forAlice = KeyPackages.request(Mls.SUITE.generateSignatureKeyPair(Mls.RANDOM),
                new Credential.Basic(new byte[] {1}), ALICE, BOB, "mimi://c.test/r/x", RequiredCapabilities.none());
        assertThat(refused(b, "a.test", MimiEndpoint.KEY_MATERIAL.path(BOB), forAlice.toBytes()).status())
                .isEqualTo(403);
        assertThat(a.members.received).isEmpty();
    }

    @Test
    void badBodiesAreRefusedWithTheirReasonAndTheServerKeepsServing() throws Exception {
        aliceAddsBob();
        byte[] submit = new SubmitMessageRequest(Mls.encrypt(b.members.groups.get(ROOM), "m"),
                new IdentifierUri(BOB)).toBytes();
        byte[] wrongProtocol = submit.clone();
        wrongProtocol[0] = 9;
        byte[] keyMaterial = claimBy(BOB, ALICE).toBytes();
        Map<String, List<byte[]>> bad = Map.of(
                MimiEndpoint.SUBMIT_MESSAGE.path(ROOM), List.of(Arrays.copyOf(submit, submit.length / 2),
                        wrongProtocol, "garbage".getBytes(StandardCharsets.UTF_8), new byte[0]),
                MimiEndpoint.KEY_MATERIAL.path(ALICE), List.of(Arrays.copyOf(keyMaterial, 20),
                        "garbage".getBytes(StandardCharsets.UTF_8)),
                MimiEndpoint.UPDATE.path(ROOM), List.of(new byte[] {0, 1, 0, 1, 7}),
                MimiEndpoint.IDENTIFIER_QUERY.path("a.test"), List.of(new byte[] {5, 1}),
                MimiEndpoint.REPORT_ABUSE.path(ROOM), List.of(new byte[] {1}));
        for (Map.Entry<String, List<byte[]>> e : bad.entrySet()) {
            for (byte[] body : e.getValue()) {
                PeerHttpException refusal = refused(b, "a.test", e.getKey(), body);
                assertThat(refusal.status()).as(e.getKey()).isEqualTo(400);
                assertThat(refusal.body().toJsonObject().getString("detail")).as(e.getKey()).contains(": ");
            }
        }
        PeerHttpException garbledNotify = refused(a, "b.test", MimiEndpoint.NOTIFY.path(ROOM), new byte[] {0, 0, 1});
        assertThat(garbledNotify.status()).isEqualTo(400);
        assertThat(garbledNotify.body().toJsonObject().getString("detail")).startsWith("notify");
        assertThat(refused(b, "a.test", "/v1/update/%ZZ", new byte[] {1}).status()).isEqualTo(400);
        // A room that is not hosted here.
        assertThat(refused(b, "a.test", MimiEndpoint.SUBMIT_MESSAGE.path("mimi://a.test/r/nowhere"), submit).status())
                .isEqualTo(404);
        assertThat(refused(b, "a.test", MimiEndpoint.GROUP_INFO.path(ROOM), new byte[] {1}).status()).isEqualTo(501);
        // Still serving.
        SubmitMessageResponse ok = SubmitMessageResponse.decode(
                post(b, "a.test", MimiEndpoint.SUBMIT_MESSAGE.path(ROOM), submit).body().getBytes());
        assertThat(ok.statusCode()).isEqualTo(SubmitMessageResponse.Code.ACCEPTED);
    }

    @Test
    void keyMaterialIsHandedOutOnceAndUnknownUsersAreSaidUnknown() throws Exception {
        get(a.hub.create(ROOM, RoomPolicy.groupRoom(), List.of(new Participant(ALICE, RoomPolicy.ADMIN)), 0));
        KeyMaterialResponse first = get(KeyPackages.claimAt(a.client, "b.test", claimBy(ALICE, BOB)));
        KeyMaterialResponse second = get(KeyPackages.claimAt(a.client, "b.test", claimBy(ALICE, BOB)));
        byte[] firstRef = first.clients().get(0).keyPackage().orElseThrow().ref(Mls.SUITE);
        assertThat(firstRef).isNotEqualTo(second.clients().get(0).keyPackage().orElseThrow().ref(Mls.SUITE));
        assertThat(first.clients().get(0).clientUri().uri()).isEqualTo("mimi://b.test/d/bob");
        KeyMaterialResponse unknown = get(KeyPackages.claimAt(a.client, "b.test",
                claimBy(ALICE, "mimi://b.test/u/nobody")));
        assertThat(unknown.userStatus()).isEqualTo(KeyMaterialResponse.UserCode.USER_UNKNOWN);
        assertThat(unknown.clients()).isEmpty();
        KeyMaterialResponse incompatible = get(KeyPackages.claimAt(a.client, "b.test",
                KeyPackages.request(Mls.SUITE.generateSignatureKeyPair(Mls.RANDOM), new Credential.Basic(new byte[1]),
                        ALICE, BOB, ROOM, new RequiredCapabilities(List.of(0xf0f0), List.of(), List.of()))));
        assertThat(incompatible.userStatus()).isEqualTo(KeyMaterialResponse.UserCode.NO_COMPATIBLE_MATERIAL);
        // A forged signature is refused.
        KeyMaterialRequest good = claimBy(ALICE, BOB);
        KeyMaterialRequest forged = new KeyMaterialRequest(good.requestingUser(), good.targetUser(), good.roomId(),
                good.acceptableCiphersuites(), good.requiredCapabilities(), good.requesterSignatureKey(),
                good.requesterCredential(), dev.passerelle.connector.dma.protocol.Opaque.of(new byte[64]));
        assertThat(refused(a, "b.test", MimiEndpoint.KEY_MATERIAL.path(BOB), forged.toBytes()).status())
                .isEqualTo(400);
    }

    @Test
    void aPhoneNumberFindsOnlyAUserWhoOptedIn() throws Exception {
        get(vertx.executeBlocking(() -> {
            b.phones.optIn("+33612345678", BOB);
            return null;
        }));
        IdentifierResponse found = query(IdentifierRequest.SearchType.PHONE, "+33612345678");
        assertThat(found.responseCode()).isEqualTo(IdentifierResponse.Code.SUCCESS);
        assertThat(found.uris()).containsExactly(new IdentifierUri(BOB));
        // Dave exists but never opted in; an unknown number and a malformed one answer the same.
        for (String number : List.of("+33687654321", "+1555", "0612345678")) {
            assertThat(query(IdentifierRequest.SearchType.PHONE, number).responseCode())
                    .isEqualTo(IdentifierResponse.Code.NOT_FOUND);
        }
        assertThat(query(IdentifierRequest.SearchType.HANDLE, DAVE).uris()).containsExactly(new IdentifierUri(DAVE));
        assertThat(query(IdentifierRequest.SearchType.NICK, "dave").uris()).containsExactly(new IdentifierUri(DAVE));
        assertThat(query(IdentifierRequest.SearchType.EMAIL, "dave@b.test").responseCode())
                .isEqualTo(IdentifierResponse.Code.UNSUPPORTED_FIELD);
        get(vertx.executeBlocking(() -> {
            b.phones.optOut("+33612345678");
            return null;
        }));
        assertThat(query(IdentifierRequest.SearchType.PHONE, "+33612345678").responseCode())
                .isEqualTo(IdentifierResponse.Code.NOT_FOUND);
    }

    private IdentifierResponse query(IdentifierRequest.SearchType type, String value) throws Exception {
        byte[] body = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(type, value)),
                AppDataDictionary.empty()).toBytes();
        return IdentifierResponse.decode(post(a, "b.test", MimiEndpoint.IDENTIFIER_QUERY.path("b.test"), body)
                .body().getBytes());
    }

    @Test
    void abuseReportsAreKeptForTheOperator() throws Exception {
        aliceAddsBob();
        AbuseReport report = new AbuseReport(new IdentifierUri(BOB), new IdentifierUri(ALICE), 0, "spam",
                List.of(), AppDataDictionary.empty());
        assertThat(post(b, "a.test", MimiEndpoint.REPORT_ABUSE.path(ROOM), report.toBytes()).status()).isEqualTo(201);
        List<StoredAbuseReport> kept = get(vertx.executeBlocking(a.abuse::list));
        assertThat(kept).singleElement().satisfies(s -> {
            assertThat(s.peerDomain()).isEqualTo("b.test");
            assertThat(s.roomUri()).isEqualTo(ROOM);
            assertThat(s.report()).isEqualTo(report);
        });
        assertThat(refused(b, "a.test", MimiEndpoint.REPORT_ABUSE.path("mimi://a.test/r/other"), report.toBytes())
                .status()).isEqualTo(404);
        AbuseReport forged = new AbuseReport(new IdentifierUri(ALICE), new IdentifierUri(BOB), 0, "", List.of(),
                AppDataDictionary.empty());
        assertThat(refused(b, "a.test", MimiEndpoint.REPORT_ABUSE.path(ROOM), forged.toBytes()).status())
                .isEqualTo(403);
    }

    @Test
    void theHubProxiesOnlyUrlsSeenInTheFollowersRooms() throws Exception {
        aliceAddsBob();
        TestCa.Issued assetCert = ca.issue("localhost");
        HttpServer assets = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1")
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(assetCert.certChain().toString())
                        .setKeyPath(assetCert.key().toString())))
                .requestHandler(r -> r.response().putHeader("Content-Type", "image/png").end("asset bytes"));
        int port = get(assets.listen(0)).actualPort();
        URI seen = URI.create("https://localhost:" + port + "/a/cat.png");
        URI unseen = URI.create("https://localhost:" + port + "/a/other.png");
        get(a.downloads.seen(ROOM, seen));
        PeerResponse fetched = get(b.client.get("a.test", MimiEndpoint.PROXY_DOWNLOAD.path(seen.toString())));
        assertThat(fetched.body().toString()).isEqualTo("asset bytes");
        assertThat(fetched.contentType()).isEqualTo("image/png");
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> get(b.client.get("a.test",
                MimiEndpoint.PROXY_DOWNLOAD.path(unseen.toString()))));
        assertThat(((PeerHttpException) refused).status()).isEqualTo(404);
        Throwable notHttps = org.assertj.core.api.Assertions.catchThrowable(() -> get(b.client.get("a.test",
                MimiEndpoint.PROXY_DOWNLOAD.path("http://localhost:" + port + "/a/cat.png"))));
        assertThat(((PeerHttpException) notHttps).status()).isEqualTo(400);
        // With the production address rule, a loopback address is never connected to.
        ProxyDownloads strict = new ProxyDownloads(vertx, a.store, null, 1024, Duration.ofSeconds(2),
                ProxyDownloads::publicAddress);
        assertThatThrownBy(() -> get(strict.download(
                new dev.passerelle.connector.dma.protocol.ProxyDownloadRequest(seen), "b.test")))
                .isInstanceOf(GatewayException.class).hasMessageContaining("does not connect");
        get(assets.close());
    }

    @Test
    void theDirectoryListsEveryEndpoint() throws Exception {
        PeerResponse response = get(a.client.get("b.test", MimiServer.DIRECTORY_PATH));
        MimiDirectory directory = MimiDirectory.fromJson(response.body().getBytes());
        assertThat(directory.template(MimiEndpoint.PROXY_DOWNLOAD))
                .contains("https://b.test/v1/proxyDownload/{downloadUrl}");
        assertThat(directory.urlTemplates()).hasSize(MimiEndpoint.values().length - 1);
    }
}
