package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.stream.FakeComponentServer;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Attachment;
import dev.passerelle.core.event.ChatStateChanged;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.PresenceChanged;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector's wiring of the identity and upload packages, against the fake server side of the component
 * stream: disco of the domain, presence subscriptions kept in the store, ghost presence and vCards from delivered
 * events, thinned chat states, and attachments through a XEP-0363 service whose IQ replies the test plays.
 */
@ExtendWith(VertxExtension.class)
class IdentityWiringTest {
    private static final String SECRET = "wiring-secret";
    private static final MatrixUserId BOB = MatrixUserId.parse("@bob:localhost");
    private static final String GHOST = Harness.GHOSTS.ghostFor(BOB, Network.XMPP).toString();
    private static final Jid ALICE = Jid.parse("alice@localhost");
    /** The Matrix direct chat linked to alice one to one. */
    private static final MatrixRoomId DM = MatrixRoomId.parse("!dm:localhost");
    private static final Pattern ID = Pattern.compile(" id=['\"]([^'\"]+)['\"]");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private Harness harness;
    private FakeComponentServer server;
    private XmppConnector connector;
    private HttpServer http;

    void start(Vertx vertx, boolean upload) throws Exception {
        harness = new Harness(vertx);
        server = await(new FakeComponentServer(vertx, Harness.DOMAIN, SECRET).listen());
        connector = harness.connector(Harness.settings("127.0.0.1", server.port(), SECRET, upload),
                new RecordingSink());
        await(connector.start());
    }

    @AfterEach
    void stop() throws Exception {
        await(connector.stop());
        await(server.close());
        if (http != null) {
            await(http.close());
        }
        harness.close();
        assertThat(harness.invalid).isEmpty();
    }

    @Test
    @Tag("feature:disco")
    @Tag("direction:xmpp-to-matrix")
    void theDomainAnswersDiscoOnceAsAMucServiceWithoutAGatewayIdentity(Vertx vertx) throws Exception {
        start(vertx, false);
        server.inject("<iq type='get' id='d1' from='alice@localhost/x' to='gw.localhost'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        String reply = awaitSent(x -> x.contains("d1") && x.contains("result"));
        assertThat(reply).contains("category='conference'").contains("http://jabber.org/protocol/muc")
                .contains("vcard-temp").doesNotContain("category='gateway'");
        assertThat(server.receivedXml()).filteredOn(x -> x.contains("'d1'") || x.contains("\"d1\"")).hasSize(1);
    }

    @Test
    @Tag("feature:presence")
    @Tag("direction:matrix-to-xmpp")
    void aSubscriberSeesTheGhostsPresenceAndTheSubscriptionIsStored(Vertx vertx) throws Exception {
        start(vertx, false);
        server.inject("<presence type='subscribe' from='alice@localhost/x' to='" + GHOST + "'/>");
        awaitSent(x -> x.contains("subscribed") && x.contains("to='alice@localhost'"));
        Awaitility.await().atMost(WAIT).until(() -> harness.store.state().get("xmpp", "subscribers/" + GHOST)
                .map(b -> new String(b)).orElse("").contains("alice@localhost"));

        deliver(new PresenceChanged(EventId.random(), origin(), BOB, DM, Instant.now(),
                PresenceChanged.Availability.AWAY, Optional.of("lunch")), ALICE);

        String presence = awaitSent(x -> x.startsWith("<presence") && x.contains("<show>away</show>"));
        assertThat(presence).contains("from='" + GHOST + "'").contains("to='alice@localhost'")
                .contains("<status>lunch</status>").contains("vcard-temp:x:update");
    }

    @Test
    @Tag("feature:display-name")
    @Tag("direction:matrix-to-xmpp")
    void theGhostsVCardCarriesTheDisplayNameFromAProfileChange(Vertx vertx) throws Exception {
        start(vertx, false);
        server.inject("<iq type='get' id='v0' from='alice@localhost/x' to='" + GHOST + "'>"
                + "<vCard xmlns='vcard-temp'/></iq>");
        assertThat(awaitSent(x -> x.contains("'v0'") || x.contains("\"v0\""))).contains("item-not-found");

        deliver(new ProfileChanged(EventId.random(), origin(), BOB, DM, Instant.now(),
                Optional.of("Bob Builder"), Optional.empty()), ALICE);
        server.inject("<iq type='get' id='v1' from='alice@localhost/x' to='" + GHOST + "'>"
                + "<vCard xmlns='vcard-temp'/></iq>");

        String vcard = awaitSent(x -> (x.contains("'v1'") || x.contains("\"v1\"")) && x.contains("result"));
        assertThat(vcard).contains("<FN>Bob Builder</FN>");
    }

    @Test
    @Tag("feature:typing")
    @Tag("direction:matrix-to-xmpp")
    void aRepeatedChatStateIsConfirmedWithoutBeingSent(Vertx vertx) throws Exception {
        start(vertx, false);
        SendResult first = deliver(typing(), ALICE);
        SendResult second = deliver(typing(), ALICE);

        assertThat(first.nativeId()).isEmpty();
        assertThat(second.nativeId()).isEmpty();
        Awaitility.await().atMost(WAIT).until(() -> harness.sent.stream().anyMatch(x -> x.contains("composing")));
        // The flush timer runs every 100 ms: give it a few rounds to (wrongly) send the repeat.
        Awaitility.await().pollDelay(Duration.ofMillis(400)).atMost(WAIT).until(() -> true);
        assertThat(harness.sent).filteredOn(x -> x.contains("composing")).hasSize(1);
    }

    @Test
    @Tag("feature:attachment")
    @Tag("direction:matrix-to-xmpp")
    void anAttachmentGoesThroughTheServersUploadServiceOnce(Vertx vertx) throws Exception {
        start(vertx, true);
        byte[] bytes = "a picture of a cat".getBytes();
        AtomicReference<Buffer> stored = new AtomicReference<>();
        http = await(vertx.createHttpServer().requestHandler(req -> {
            if (req.method() == HttpMethod.PUT) {
                req.body().onSuccess(b -> {
                    stored.set(b);
                    req.response().setStatusCode(201).end();
                });
            } else {
                req.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1"));
        harness.media.register(new BlobFetcher(vertx, bytes));
        Attachment file = Attachment.of(URI.create("blob://localhost/cat"), "image/png");
        MessageSent event = new MessageSent(EventId.random(), origin(), BOB, DM, Instant.now(),
                new MessageContent("", Optional.empty(), List.of(file), Optional.empty()));
        Delivery delivery = delivery(event, ALICE);

        Future<Rendered> rendering = connector.render(delivery);
        answer("disco#items", "localhost", "<query xmlns='http://jabber.org/protocol/disco#items'>"
                + "<item jid='upload.localhost'/></query>");
        answer("disco#info", "upload.localhost", "<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity category='store' type='file'/><feature var='urn:xmpp:http:upload:0'/></query>");
        String url = "http://127.0.0.1:" + http.actualPort() + "/files/cat.png";
        String slotRequest = answer("urn:xmpp:http:upload:0", "upload.localhost",
                "<slot xmlns='urn:xmpp:http:upload:0'><put url='" + url + "'/><get url='" + url + "'/></slot>");
        assertThat(slotRequest).contains("from='" + GHOST + "'").contains("size='" + bytes.length + "'");
        Rendered rendered = await(rendering);
        assertThat(new String(rendered.payload())).contains(url);
        assertThat(stored.get().getBytes()).isEqualTo(bytes);

        await(connector.send(delivery, rendered));
        await(connector.send(delivery, rendered));
        String message = awaitSent(x -> x.startsWith("<message") && x.contains("jabber:x:oob"));
        assertThat(message).contains("<url>" + url + "</url>").contains("<body>" + url + "</body>");
        assertThat(server.receivedXml()).filteredOn(x -> x.contains("<request")).hasSize(1);
    }

    @Test
    @Tag("feature:attachment")
    @Tag("direction:matrix-to-xmpp")
    void withoutAnUploadServiceTheSignedMediaUrlIsSent(Vertx vertx) throws Exception {
        start(vertx, true);
        harness.media.register(new BlobFetcher(vertx, "bytes".getBytes()));
        Attachment file = Attachment.of(URI.create("blob://localhost/doc"), "image/png");
        Delivery delivery = delivery(new MessageSent(EventId.random(), origin(), BOB, DM, Instant.now(),
                new MessageContent("", Optional.empty(), List.of(file), Optional.empty())), ALICE);

        Future<Rendered> rendering = connector.render(delivery);
        answer("disco#items", "localhost", "<query xmlns='http://jabber.org/protocol/disco#items'/>");
        answer("disco#info", "localhost", "<query xmlns='http://jabber.org/protocol/disco#info'>"
                + "<identity category='server' type='im'/></query>");

        String signed = harness.media.publicUrl(file.uri(), file.mediaType()).toString();
        assertThat(new String(await(rendering).payload()))
                .contains(signed.substring(0, signed.indexOf('.', signed.indexOf('.') + 1) + 1));
    }

    /** Waits for the connector's request in {@code namespace} to {@code to}, answers it, returns the request. */
    private String answer(String namespace, String to, String payload) {
        String request = awaitSent(x -> x.startsWith("<iq") && x.contains(namespace)
                && (x.contains("to='" + to + "'") || x.contains("to=\"" + to + "\"")));
        Matcher id = ID.matcher(request);
        assertThat(id.find()).isTrue();
        Matcher from = Pattern.compile(" from=['\"]([^'\"]+)['\"]").matcher(request);
        assertThat(from.find()).isTrue();
        server.inject("<iq type='result' id='" + id.group(1) + "' from='" + to + "' to='" + from.group(1) + "'>"
                + payload + "</iq>");
        return request;
    }

    private String awaitSent(java.util.function.Predicate<String> match) {
        return Awaitility.await().atMost(WAIT).until(() -> server.receivedXml().stream().filter(match).findFirst(),
                Optional::isPresent).get();
    }

    private ChatStateChanged typing() {
        return new ChatStateChanged(EventId.random(), origin(), BOB, DM, Instant.now(),
                ChatStateChanged.State.COMPOSING);
    }

    private SendResult deliver(Event event, Address target) throws Exception {
        Delivery d = delivery(event, target);
        return await(connector.render(d).compose(r -> connector.send(d, r)));
    }

    private static Delivery delivery(Event event, Address target) {
        return new Delivery(1, event, LinkId.random(), target, new IdempotencyKey("k" + UUID.randomUUID()), 1);
    }

    private static Origin origin() {
        return new Origin(Network.MATRIX, new NativeId("$" + UUID.randomUUID()));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
