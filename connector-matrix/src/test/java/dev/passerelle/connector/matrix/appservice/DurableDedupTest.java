package dev.passerelle.connector.matrix.appservice;

import static dev.passerelle.connector.matrix.appservice.AppServiceRequests.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.ghost.GhostSpaces;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.EventSink.Accepted;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.mapping.JdbcStore;
import dev.passerelle.mapping.JdbcStoreConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable guarantee behind transaction dedup: replayed Matrix events reach a real router over an H2
 * file store, which journals each Matrix event id once, across a restart of server, router and store.
 */
@ExtendWith(VertxExtension.class)
class DurableDedupTest {

    private static final String TOKEN = "hs-token-0123456789abcdef";
    private static final MatrixRoomId ROOM = MatrixRoomId.parse("!lobby:example.org");
    private static final Jid MUC = Jid.parse("lobby@conference.example.org");

    @TempDir
    Path dataDir;

    /** The part of the connector that matters here: Matrix events to canonical ones, submitted together. */
    private static final class SubmittingHandler extends RecordingHandler {
        final Router router;
        final List<Accepted> outcomes = new CopyOnWriteArrayList<>();

        SubmittingHandler(Router router) {
            this.router = router;
        }

        @Override
        public Future<Void> transaction(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
            List<Event> canonical = new ArrayList<>();
            for (ObjectNode e : events) {
                canonical.add(new MessageSent(EventId.random(),
                        new Origin(Network.MATRIX, new NativeId(e.get("event_id").textValue())),
                        MatrixUserId.parse(e.get("sender").textValue()), MatrixRoomId.parse(e.get("room_id").textValue()),
                        Instant.ofEpochMilli(e.get("origin_server_ts").longValue()),
                        MessageContent.text(e.get("content").get("body").textValue())));
            }
            return router.submitAll(canonical).onSuccess(outcomes::addAll).mapEmpty();
        }
    }

    /** One run of the gateway: store, router with an XMPP target, appservice server. */
    private final class Gateway implements AutoCloseable {
        final JdbcStore store = JdbcStore.open(JdbcStoreConfig.h2File(dataDir), new SimpleMeterRegistry());
        final TestConnector xmpp = new TestConnector(Network.XMPP);
        final Router router;
        final SubmittingHandler handler;
        final AppServiceServer server;
        final AppServiceRequests hs;

        Gateway(Vertx vertx) {
            GhostSpaces spaces = new GhostSpaces("gw.example.org", "example.org", "_passerelle_", "example.org");
            router = new Router(vertx, store, new GhostNaming(spaces), RouterSettings.defaults(),
                    new SimpleMeterRegistry(), Clock.systemUTC());
            router.attach(xmpp);
            await(router.start());
            handler = new SubmittingHandler(router);
            server = new AppServiceServer(vertx, new AppServiceSettings("127.0.0.1", 0, TOKEN, 1 << 20, 32),
                    handler, new SimpleMeterRegistry());
            hs = new AppServiceRequests(vertx, await(server.start()), TOKEN);
        }

        int put(String txnId, String... eventIds) {
            String[] events = new String[eventIds.length];
            for (int i = 0; i < eventIds.length; i++) {
                events[i] = AppServiceServerTest.message(eventIds[i]).replace("!room:example.org", ROOM.toString());
            }
            return await(hs.put("/_matrix/app/v1/transactions/" + txnId, AppServiceServerTest.transaction(events)))
                    .status();
        }

        @Override
        public void close() {
            hs.close();
            await(server.stop());
            await(router.stop());
            store.close();
        }
    }

    @Test
    void replayedEventsAreJournalledOnceAlsoAfterARestart(Vertx vertx) {
        try (Gateway first = new Gateway(vertx)) {
            first.store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.<Address>of(ROOM, MUC),
                    Instant.now()));
            for (int i = 0; i < 3; i++) {
                assertThat(first.put("1", "$a", "$b")).isEqualTo(200);
            }
            assertThat(first.handler.outcomes).containsExactly(Accepted.RELAYED, Accepted.RELAYED);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> first.xmpp.sent().size() == 2);
        }

        try (Gateway second = new Gateway(vertx)) {
            // The homeserver never got the 200 before the restart and retries...
            assertThat(second.put("1", "$a", "$b")).isEqualTo(200);
            // ...then, its database reset, reuses the id for a transaction holding one old and one new event.
            assertThat(second.put("1", "$b", "$c")).isEqualTo(200);

            assertThat(second.handler.outcomes).containsExactly(Accepted.DUPLICATE, Accepted.DUPLICATE,
                    Accepted.DUPLICATE, Accepted.RELAYED);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> second.xmpp.sent().size() == 1);
            assertThat(second.xmpp.sent().get(0).delivery().event().origin().nativeId())
                    .isEqualTo(new NativeId("$c"));
            assertThat(second.store.messages().find(Network.MATRIX, new NativeId("$a"))).isPresent();
        }
    }
}
