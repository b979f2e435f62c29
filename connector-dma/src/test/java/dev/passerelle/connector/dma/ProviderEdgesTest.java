package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.mls.state.GroupState;
import dev.passerelle.connector.dma.protocol.AbuseReport;
import dev.passerelle.connector.dma.protocol.AppDataDictionary;
import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.IdentifierRequest;
import dev.passerelle.connector.dma.protocol.IdentifierResponse;
import dev.passerelle.connector.dma.protocol.IdentifierUri;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.protocol.SubmitMessageRequest;
import dev.passerelle.connector.dma.protocol.WireMessage;
import dev.passerelle.connector.dma.provider.FanoutWorker;
import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.connector.dma.translate.CanonicalToMimi;
import dev.passerelle.connector.dma.transport.MimiClientSettings;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.connector.dma.transport.PeerHttpException;
import dev.passerelle.connector.dma.transport.PeerResponse;
import dev.passerelle.connector.dma.transport.PeerTrust;
import dev.passerelle.connector.dma.transport.TrustSettings;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two loopback instances of {@link TwoProvidersTest} against peers that misbehave: certificates for another
 * domain, replayed notifies, a third participant in a one-to-one room, phone lookups, and bad bodies on every
 * endpoint, after which both instances still carry messages.
 */
@Tag("direction:mimi-to-xmpp")
class ProviderEdgesTest {

    @TempDir
    Path dir;

    TestCa ca;
    int aPort;
    Gateway a;
    Gateway b;
    Jid juliet;
    Jid romeo;
    MimiRoomUri room;
    MimiHttpClient peer;

    @BeforeEach
    void start() {
        ca = TestCa.create(dir, "Test CA");
        aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        a = new Gateway(ca, "a.test", aPort, Map.of("b.test", bPort)).start();
        b = new Gateway(ca, "b.test", bPort, Map.of("a.test", aPort)).start();
        juliet = a.user("juliet");
        romeo = b.user("romeo");
        room = a.portal();
        a.link(room);
        b.link(room);
        Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
        await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            Gateway.join(peer.close());
        }
        a.close();
        b.close();
    }

    /** A client presenting a certificate for {@code certDomain}, calling {@code target} on {@code port}. */
    MimiHttpClient client(String certDomain, String target, int port) {
        TestCa.Issued cert = ca.issue(certDomain);
        PeerTrust trust = PeerTrust.load(new TrustSettings(cert.certChain(), cert.key(), ca.caBundle(),
                Set.of(target), Map.of(), false, false));
        return new MimiHttpClient(a.vertx, new MimiClientSettings(Map.of(target, URI.create("https://127.0.0.1:"
                + port + "/")), Duration.ofSeconds(5), Duration.ofSeconds(20), 1 << 20), trust);
    }

    PeerResponse post(String domain, String path, byte[] body) {
        return Gateway.join(peer.post(domain, path, Buffer.buffer(body), FanoutWorker.CONTENT_TYPE));
    }

    PeerHttpException refused(String domain, String path, byte[] body) {
        Throwable t = catchThrowable(() -> post(domain, path, body));
        assertThat(t).as(path + " " + Arrays.toString(Arrays.copyOf(body, Math.min(8, body.length))))
                .isInstanceOf(PeerHttpException.class);
        return (PeerHttpException) t;
    }

    void stillServing() {
        a.say(juliet, TwoProvidersTest.text("still here " + EventId.random()));
        b.say(romeo, TwoProvidersTest.text("me too"));
        b.receives(MessageSent.class, m -> m.content().text().startsWith("still here"));
        a.receives(MessageSent.class, m -> m.content().text().equals("me too"));
    }

    /** A notify body holding {@link #julietsMessage}. */
    byte[] julietsNotify(String text) {
        return FanoutMessage.application(System.currentTimeMillis(), julietsMessage(text), Optional.empty())
                .toBytes();
    }

    WireMessage julietsMessage(String text) {
        return message(juliet, text);
    }

    /**
     * An application message of {@code user} (one of a.test's), encrypted with a copy of its saved state: a.test's
     * own next message from that user will reuse the generation, so tests that go on send as someone else.
     */
    WireMessage message(Jid user, String text) {
        return message(user, user, text);
    }

    /** As {@link #message(Jid, String)}, with the content naming {@code claimed} as its sender. */
    WireMessage message(Jid user, Jid claimed, String text) {
        MimiUserUri sender = a.ghost(user);
        GroupState state = new MemberStates(a.store.state(), "dma").load(room.toUri(), sender.toUri()).orElseThrow();
        byte[] content = new CanonicalToMimi(id -> Optional.empty(), () -> new byte[16]).translate(new MessageSent(
                EventId.random(), Gateway.origin(), claimed, a.xmppRoom, Instant.now(), TwoProvidersTest.text(text)),
                room, a.ghost(claimed)).encoded();
        return WireMessage.parse(state.encrypt(content, new byte[0], new SecureRandom()).message());
    }

    @Test
    @Tag("feature:mimi-peer-trust")
    void aPeerPresentingACertificateForAnotherDomainIsRefused() {
        // Certified for evil.test, calling a.test as if it were b.test's provider.
        peer = client("evil.test", "a.test", aPort);
        byte[] body = new SubmitMessageRequest(julietsMessage("x"),
                new IdentifierUri(b.ghost(romeo).toUri())).toBytes();
        PeerHttpException e = refused("a.test", MimiEndpoint.SUBMIT_MESSAGE.path(room.toUri()), body);
        assertThat(e.status()).isEqualTo(403);
        stillServing();
    }

    @Test
    @Tag("feature:mimi-replay")
    void aReplayedNotifyIsProcessedOnce() {
        Jid nurse = nurseJoined();
        peer = client("a.test", "b.test", b.port);
        byte[] body = FanoutMessage.application(System.currentTimeMillis(), message(nurse, "only once"),
                Optional.empty()).toBytes();
        String path = MimiEndpoint.NOTIFY.path(room.toUri());
        assertThat(post("b.test", path, body).status()).isEqualTo(201);
        assertThat(post("b.test", path, body).status()).isEqualTo(201);
        b.receives(MessageSent.class, m -> m.content().text().equals("only once"));
        stillServing();
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("only once"))).hasSize(1);
        // The second copy was not decrypted again (it would have failed: its generation was used up).
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).allMatch(c -> c.count() == 0);
    }

    @Test
    @Tag("feature:mimi-replay")
    void aMessageTheHubSendsAgainInAnotherNotifyIsCountedAsARepeatNotDropped() {
        // A hub restarted after a crash sends again what it could not record as acknowledged: the same MLS message in
        // a new notify body (another timestamp), after our member used the message's key.
        Jid nurse = nurseJoined();
        peer = client("a.test", "b.test", b.port);
        WireMessage once = message(nurse, "sent again by the hub");
        String path = MimiEndpoint.NOTIFY.path(room.toUri());
        long now = System.currentTimeMillis();
        assertThat(post("b.test", path, FanoutMessage.application(now, once, Optional.empty()).toBytes()).status())
                .isEqualTo(201);
        b.receives(MessageSent.class, m -> m.content().text().equals("sent again by the hub"));
        assertThat(post("b.test", path, FanoutMessage.application(now + 1, once, Optional.empty()).toBytes())
                .status()).isEqualTo(201);
        stillServing();
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("sent again by the hub"))).hasSize(1);
        assertThat(b.metrics.find("passerelle.mimi.inbound.repeats").counter().count()).isEqualTo(1.0);
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).allMatch(c -> c.count() == 0);
    }

    @Test
    @Tag("feature:mimi-replay")
    void aMessageReadWhileTheStoreFailsIsRefusedForNowAndReadWhenTheHubSendsItAgain() {
        Jid nurse = nurseJoined();
        peer = client("a.test", "b.test", b.port);
        byte[] body = FanoutMessage.application(System.currentTimeMillis(), message(nurse, "read on the second try"),
                Optional.empty()).toBytes();
        String path = MimiEndpoint.NOTIFY.path(room.toUri());
        // The commit that saves romeo's state without the message's key fails (a lock timeout, a full disk).
        RefusedStateWrites.refuse(b.storeConfig, InboundDelivery.KEPT);
        try {
            assertThat(refused("b.test", path, body).status()).as("the hub is asked to send it again").isEqualTo(503);
        } finally {
            RefusedStateWrites.allow();
        }
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).as("nothing dropped")
                .allMatch(c -> c.count() == 0);
        assertThat(post("b.test", path, body).status()).isEqualTo(201);
        b.receives(MessageSent.class, m -> m.content().text().equals("read on the second try"));
        stillServing();
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("read on the second try")))
                .hasSize(1);
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).allMatch(c -> c.count() == 0);
    }

    @Test
    @Tag("feature:mimi-epoch")
    void aMessageTheHubTookBeforeACommitIsReadAfterTheCommitWasApplied() {
        Jid nurse = nurseJoined();
        WireMessage late = message(nurse, "sent before the commit");
        Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("tybalt"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> epochOfRomeo() == 3);

        peer = client("a.test", "b.test", b.port);
        byte[] body = FanoutMessage.application(System.currentTimeMillis(), late, Optional.empty()).toBytes();
        assertThat(post("b.test", MimiEndpoint.NOTIFY.path(room.toUri()), body).status()).isEqualTo(201);

        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("sent before the commit"));
        assertThat(atB.sender()).isEqualTo(a.ghost(nurse));
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).allMatch(c -> c.count() == 0);
        assertThat(epochOfRomeo()).as("the current state stays where it was").isEqualTo(3);
    }

    /** A new user of a.test, nurse, added to the room by juliet; returns once romeo's side has the commit. */
    private Jid nurseJoined() {
        Jid nurse = a.user("nurse");
        Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(nurse)));
        await().atMost(Duration.ofSeconds(60)).until(() -> epochOfRomeo() == 2);
        return nurse;
    }

    private long epochOfRomeo() {
        return new MemberStates(b.store.state(), "dma").load(room.toUri(), b.ghost(romeo).toUri()).orElseThrow()
                .epochNumber();
    }

    @Test
    @Tag("feature:mimi-peer-trust")
    void aMessageWhoseContentNamesAnotherSenderThanItsMlsMemberIsDroppedAndCountedAsRefused() {
        Jid nurse = nurseJoined();
        peer = client("a.test", "b.test", b.port);
        byte[] body = FanoutMessage.application(System.currentTimeMillis(), message(nurse, juliet, "I am juliet"),
                Optional.empty()).toBytes();

        assertThat(post("b.test", MimiEndpoint.NOTIFY.path(room.toUri()), body).status()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).until(() -> new AccessRefusals(b.metrics)
                .count(AccessRefusals.Surface.MIMI, "sender_mismatch") == 1);
        stillServing();
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("I am juliet"))).isEmpty();
    }

    @Test
    @Tag("feature:mimi-one-to-one")
    void aOneToOneRoomRejectsAThirdParticipant() {
        MimiRoomUri dm = new MimiRoomUri("a.test", "dm-juliet-romeo");
        Gateway.join(a.dma.createRoom(dm, true, a.ghost(juliet), List.of(b.ghost(romeo))));
        await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(dm, b.ghost(romeo))));
        Throwable byHost = catchThrowable(() -> Gateway.join(a.dma.invite(dm, a.ghost(juliet),
                a.ghost(a.user("nurse")))));
        assertThat(byHost).isInstanceOf(GatewayException.class).hasMessageContaining("fixed membership");
        assertThat(((GatewayException) byHost).reason()).isEqualTo(GatewayException.Reason.PERMANENT);
        Throwable byFollower = catchThrowable(() -> Gateway.join(b.dma.invite(dm, b.ghost(romeo),
                b.ghost(b.user("mercutio")))));
        assertThat(byFollower).isInstanceOf(GatewayException.class).hasMessageContaining("fixed membership");
        assertThat(Gateway.join(a.dma.isMember(dm, a.ghost(a.user("nurse"))))).isFalse();
    }

    @Test
    @Tag("feature:mimi-phone-lookup")
    void aPhoneLookupFindsAnOptedInUserAndNotAnother() {
        a.dma.phones().optIn("+15550001111", a.ghost(juliet).toUri());
        a.dma.phones().optIn("+15550002222", a.ghost(a.user("nurse")).toUri());
        a.dma.phones().optOut("+15550002222");
        peer = client("b.test", "a.test", aPort);
        IdentifierResponse found = lookup("+15550001111");
        assertThat(found.responseCode()).isEqualTo(IdentifierResponse.Code.SUCCESS);
        assertThat(found.uris()).extracting(IdentifierUri::uri).containsExactly(a.ghost(juliet).toUri());
        assertThat(lookup("+15550002222").responseCode()).isEqualTo(IdentifierResponse.Code.NOT_FOUND);
        assertThat(lookup("+15550003333").responseCode()).isEqualTo(IdentifierResponse.Code.NOT_FOUND);
    }

    IdentifierResponse lookup(String number) {
        byte[] body = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(
                IdentifierRequest.SearchType.PHONE, number)), AppDataDictionary.empty()).toBytes();
        return IdentifierResponse.decode(post("a.test", MimiEndpoint.IDENTIFIER_QUERY.path("a.test"), body)
                .body().getBytes());
    }

    @Test
    @Tag("feature:mimi-hostile-input")
    void badInputOnEveryEndpointIsRefusedWithAReasonAndTheInstanceKeepsServing() {
        peer = client("b.test", "a.test", aPort);
        byte[] garbage = "garbage, not a TLS-encoded body".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = new byte[80 * 1024];
        MimiRoomUri unknown = new MimiRoomUri("a.test", "nowhere");
        byte[] submit = new SubmitMessageRequest(julietsMessage("x"),
                new IdentifierUri(b.ghost(romeo).toUri())).toBytes();
        byte[] wrongProtocol = submit.clone();
        wrongProtocol[1] = 9; // the MLS version: mls10 is 1
        byte[] query = new IdentifierRequest(List.of(IdentifierRequest.QueryElement.of(
                IdentifierRequest.SearchType.PHONE, "+15550001111")), AppDataDictionary.empty()).toBytes();
        byte[] report = new AbuseReport(new IdentifierUri(b.ghost(romeo).toUri()),
                new IdentifierUri(a.ghost(juliet).toUri()), 0, "spam", List.of(), AppDataDictionary.empty())
                .toBytes();
        List<String> paths = List.of(MimiEndpoint.KEY_MATERIAL.path(a.ghost(juliet).toUri()),
                MimiEndpoint.UPDATE.path(room.toUri()), MimiEndpoint.NOTIFY.path(room.toUri()),
                MimiEndpoint.SUBMIT_MESSAGE.path(room.toUri()), MimiEndpoint.IDENTIFIER_QUERY.path("a.test"),
                MimiEndpoint.REPORT_ABUSE.path(room.toUri()));
        for (String path : paths) {
            PeerHttpException g = refused("a.test", path, garbage);
            assertThat(g.status()).as(path).isBetween(400, 403);
            assertThat(g.body().toString()).as(path).isNotBlank();
            assertThat(refused("a.test", path, Arrays.copyOf(query, query.length - 1)).status()).as(path)
                    .isBetween(400, 403);
            assertThat(refused("a.test", path, oversized).status()).as(path).isEqualTo(413);
        }
        assertThat(refused("a.test", MimiEndpoint.SUBMIT_MESSAGE.path(room.toUri()), wrongProtocol).status())
                .isEqualTo(400);
        assertThat(refused("a.test", MimiEndpoint.SUBMIT_MESSAGE.path(unknown.toUri()), submit).status())
                .isEqualTo(404);
        assertThat(refused("a.test", MimiEndpoint.REPORT_ABUSE.path(unknown.toUri()), report).status())
                .isEqualTo(404);
        assertThat(refused("a.test", MimiEndpoint.IDENTIFIER_QUERY.path("c.test"), query).status())
                .isEqualTo(404);
        // A notify for a room whose hub is a.test itself: only the hub sends notifies.
        assertThat(refused("a.test", MimiEndpoint.NOTIFY.path(room.toUri()), julietsNotify("x")).status())
                .isEqualTo(403);
        Throwable download = catchThrowable(() -> Gateway.join(peer.get("a.test",
                MimiEndpoint.PROXY_DOWNLOAD.path("https://media.a.example/never-seen.png"))));
        assertThat(download).isInstanceOf(PeerHttpException.class);
        assertThat(((PeerHttpException) download).status()).isEqualTo(404);
        // A well-formed abuse report is kept for the operator.
        assertThat(post("a.test", MimiEndpoint.REPORT_ABUSE.path(room.toUri()), report).status()).isEqualTo(201);
        assertThat(a.dma.abuseReports()).hasSize(1);
        assertThat(a.dma.abuseReports().get(0).report().note()).isEqualTo("spam");
        stillServing();
    }
}
