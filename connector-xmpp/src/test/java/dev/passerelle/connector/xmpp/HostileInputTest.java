package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.stream.FakeComponentServer;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.spi.AccessRefusals;
import dev.passerelle.core.spi.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile input straight from the server side of the component stream: oversized, malformed, DTD or
 * entity-carrying, wrong-namespace and spoofed stanzas each get their error, and the connector goes on relaying
 * another conversation afterwards.
 */
@ExtendWith(VertxExtension.class)
class HostileInputTest {
    private static final String SECRET = "hostile-secret";
    private static final String GHOST = Harness.GHOSTS.ghostFor(MatrixUserId.parse("@bob:localhost"), Network.XMPP)
            .toString();

    private Harness harness;
    private FakeComponentServer server;
    private RecordingSink sink;
    private XmppConnector connector;
    private int good;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        harness = new Harness(vertx);
        server = await(new FakeComponentServer(vertx, Harness.DOMAIN, SECRET).listen());
        sink = new RecordingSink();
        connector = harness.connector(Harness.settings("127.0.0.1", server.port(), SECRET), sink);
        await(connector.start());
        assertThat(connector.health().state()).isEqualTo(Health.State.UP);
    }

    @AfterEach
    void stop() throws Exception {
        await(connector.stop());
        await(server.close());
        harness.close();
        assertThat(harness.invalid).isEmpty();
    }

    @Test
    void aMalformedStanzaGetsBadRequest() {
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='bad1'>"
                + "<reactions xmlns='urn:xmpp:reactions:0'><reaction>x</reaction></reactions></message>");
        assertErrorTo("bad1", "bad-request");
        assertStillRelaying();
    }

    @Test
    void aBodyOverTheTranslationLimitGetsPolicyViolation() {
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='big1'><body>"
                + "a".repeat(70_000) + "</body></message>");
        assertErrorTo("big1", "policy-violation");
        assertStillRelaying();
    }

    @Test
    void aStanzaOverTheStreamLimitEndsTheStreamWithPolicyViolationAndTheConnectorReconnects() {
        int before = server.connections();
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='huge'><body>"
                + "a".repeat(300_000) + "</body></message>");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.errorsFromComponent().contains("policy-violation"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.connections() > before
                && connector.health().state() == Health.State.UP);
        assertStillRelaying();
    }

    @Test
    void aDoctypeWithEntitiesInTheServersPrologIsRestrictedXml() {
        server.headerPrefix("<?xml version='1.0'?><!DOCTYPE stream:stream [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;'>]>");
        server.drop();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.errorsFromComponent().contains("restricted-xml"));
        server.headerPrefix("");
        awaitReconnected();
        assertStillRelaying();
    }

    @Test
    void aDoctypeInsideTheStreamIsNotWellFormed() {
        server.inject("<!DOCTYPE lol [<!ENTITY lol 'lol'>]>");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.errorsFromComponent().contains("not-well-formed"));
        awaitReconnected();
        assertStillRelaying();
    }

    @Test
    void anEntityReferenceIsRestrictedXmlAndNeverExpanded() {
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='ent1'>"
                + "<body>&lol;</body></message>");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.errorsFromComponent().contains("restricted-xml"));
        awaitReconnected();
        assertThat(sink.events).noneMatch(e -> e.sender().equals(Jid.parse("mallory@localhost")));
        assertStillRelaying();
    }

    @Test
    void aStanzaInTheWrongNamespaceIsRefused() {
        server.inject("<message xmlns='urn:example:not-a-stanza' from='mallory@localhost/x' to='" + GHOST
                + "' id='ns1'><body>hi</body></message>");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> server.errorsFromComponent().contains("unsupported-stanza-type"));
        awaitReconnected();
        assertThat(sink.events).noneMatch(e -> e.sender().equals(Jid.parse("mallory@localhost")));
        assertStillRelaying();
    }

    @Test
    void aPayloadInTheWrongNamespaceIsNotMistakenForItsLookalike() {
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='ns2'>"
                + "<active xmlns='urn:example:states'/></message>");
        server.inject("<message from='mallory@localhost/x' to='" + GHOST + "' type='chat' id='ns3'>"
                + "<body xmlns='urn:example:bodies'>hi</body></message>");
        assertStillRelaying();
        assertThat(sink.events).noneMatch(e -> e.sender().equals(Jid.parse("mallory@localhost")));
    }

    @Test
    void aSenderOnTheGatewaysOwnDomainIsSpoofedAndRefused() {
        String forged = Harness.GHOSTS.ghostFor(MatrixUserId.parse("@eve:localhost"), Network.XMPP).toString();
        server.inject("<message from='" + forged + "' to='" + GHOST + "' type='chat' id='spoof1'>"
                + "<body>I am eve</body></message>");
        assertErrorTo("spoof1", "forbidden");
        assertThat(harness.metrics.counter("passerelle.xmpp.stanzas.spoofed", "component", Harness.DOMAIN).count())
                .isGreaterThanOrEqualTo(1);
        assertThat(new AccessRefusals(harness.metrics).count(AccessRefusals.Surface.XMPP, "ghost_claimed"))
                .isEqualTo(1);
        assertStillRelaying();
        assertThat(sink.events).noneMatch(e -> e.sender().toString().equals(forged));
    }

    private void assertErrorTo(String id, String condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.receivedXml())
                .anyMatch(x -> x.contains("type='error'") || x.contains("type=\"error\""))
                .anyMatch(x -> x.contains("id='" + id + "'") && x.contains("<" + condition + " ")
                        && x.contains("type='error'")));
    }

    private void awaitReconnected() {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> connector.health().state() == Health.State.UP);
    }

    /** A good message in another conversation still becomes an event. */
    private void assertStillRelaying() {
        String text = "still here " + (++good);
        server.inject("<message from='alice@localhost/phone' to='" + GHOST + "' type='chat' id='good" + good + "'>"
                + "<body>" + text + "</body></message>");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sink.events)
                .anyMatch(e -> e instanceof MessageSent m && m.content().text().equals(text)
                        && m.sender().equals(Jid.parse("alice@localhost"))
                        && m.conversation().equals(Jid.parse("alice@localhost"))));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unused")
    private static List<Event> none() {
        return List.of();
    }
}
