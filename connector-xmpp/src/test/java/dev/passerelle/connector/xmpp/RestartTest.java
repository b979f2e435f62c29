package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.stream.FakeComponentServer;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.router.Router;
import dev.passerelle.core.router.RouterSettings;
import dev.passerelle.core.spi.Health;
import dev.passerelle.core.spi.TestConnector;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The XMPP server restarts during a stream of 1,000 messages in each direction: none is lost, a duplicate carries
 * the same origin-id (and is counted in the report printed at the end), and each conversation keeps its order. The
 * server here is {@link FakeComponentServer}, restarted in the middle of the stream (connections refused while it
 * is down), so that the restart lands at a chosen point; the router, journal and store are the real ones on H2.
 */
@ExtendWith(VertxExtension.class)
class RestartTest {
    private static final int COUNT = 1000;
    private static final String SECRET = "restart-secret";
    private static final Pattern BODY = Pattern.compile("<body>(m-\\d{4})</body>");
    private static final Pattern ORIGIN = Pattern.compile("<origin-id xmlns='urn:xmpp:sid:0' id='([^']+)'");

    @Test
    void noMessageIsLostAndOrderIsKeptAcrossAServerRestart(Vertx vertx) throws Exception {
        try (Harness h = new Harness(vertx)) {
            FakeComponentServer server = await(new FakeComponentServer(vertx, Harness.DOMAIN, SECRET).listen());
            Router router = new Router(vertx, h.store, Harness.GHOSTS, RouterSettings.defaults(), h.metrics,
                    Clock.systemUTC());
            XmppConnector xmpp = h.connector(Harness.settings("127.0.0.1", server.port(), SECRET), router);
            TestConnector matrix = new TestConnector(Network.MATRIX);
            router.attach(xmpp);
            router.attach(matrix.sink(router));
            await(router.start());
            await(xmpp.start());
            Jid alice = Jid.parse("alice@localhost");
            MatrixRoomId dm = MatrixRoomId.parse("!dm:localhost");
            MatrixUserId bob = MatrixUserId.parse("@bob:localhost");
            h.store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(alice, dm), Instant.now()));
            String ghost = Harness.GHOSTS.ghostFor(bob, Network.XMPP).toString();

            // Matrix to XMPP: all 1,000 are journalled at once and delivered one after the other.
            for (int i = 0; i < COUNT; i++) {
                matrix.inject(new MessageSent(EventId.random(), new Origin(Network.MATRIX, new NativeId("$m" + i)),
                        bob, dm, Instant.now(), MessageContent.text(String.format("m-%04d", i))));
            }
            // XMPP to Matrix: the first half before the restart.
            for (int i = 0; i < COUNT / 2; i++) {
                server.inject(xmppMessage(ghost, i));
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> bodies(server).size() >= COUNT / 4);
            int atRestart = new LinkedHashSet<>(bodies(server)).size();
            assertThat(atRestart).as("the restart lands in the middle of the stream").isLessThan(COUNT);
            int before = server.connections();
            server.restart(Duration.ofSeconds(1));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.connections() > before + 1
                    && xmpp.health().state() == Health.State.UP);
            // The rest, which the "clients" send once the server is back.
            for (int i = COUNT / 2; i < COUNT; i++) {
                server.inject(xmppMessage(ghost, i));
            }

            Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> new LinkedHashSet<>(bodies(server))
                    .size() == COUNT && texts(matrix).stream().distinct().count() == COUNT);

            // Matrix to XMPP: none lost, duplicates carry the origin-id of the first copy, first copies in order.
            List<String[]> copies = copies(server);
            Map<String, String> originOf = new HashMap<>();
            List<String> firstOrder = new ArrayList<>();
            int duplicates = 0;
            for (String[] c : copies) {
                String previous = originOf.putIfAbsent(c[0], c[1]);
                if (previous == null) {
                    firstOrder.add(c[0]);
                } else {
                    duplicates++;
                    assertThat(c[1]).as("origin-id of the duplicate of " + c[0]).isEqualTo(previous);
                }
            }
            assertThat(firstOrder).hasSize(COUNT).isSorted();
            // XMPP to Matrix: none lost, none twice, in order.
            List<String> relayed = texts(matrix);
            assertThat(relayed).hasSize(COUNT).doesNotHaveDuplicates().isSorted();
            System.out.printf("RestartTest report: %d messages each way; restart after %d had reached XMPP;"
                    + " matrix-to-xmpp duplicates: %d (each with its first copy's origin-id); connection attempts"
                    + " after the first: %d; xmpp-to-matrix duplicates: %d%n", COUNT, atRestart, duplicates,
                    server.connections() - 1, relayed.size() - relayed.stream().distinct().count());
            assertThat(h.invalid).isEmpty();
            await(xmpp.stop());
            await(router.stop());
            await(server.close());
        }
    }

    private static String xmppMessage(String ghost, int i) {
        String id = String.format("x-%04d", i);
        return "<message from='alice@localhost/phone' to='" + ghost + "' type='chat' id='" + id + "'><body>" + id
                + "</body><origin-id xmlns='urn:xmpp:sid:0' id='" + id + "'/></message>";
    }

    private static List<String> bodies(FakeComponentServer server) {
        List<String> out = new ArrayList<>();
        for (String[] c : copies(server)) {
            out.add(c[0]);
        }
        return out;
    }

    /** Each message the server received from the component, as (body, origin-id), in arrival order. */
    private static List<String[]> copies(FakeComponentServer server) {
        List<String[]> out = new ArrayList<>();
        for (String xml : server.receivedXml()) {
            Matcher body = BODY.matcher(xml);
            Matcher origin = ORIGIN.matcher(xml);
            if (body.find() && origin.find()) {
                out.add(new String[] {body.group(1), origin.group(1)});
            }
        }
        return out;
    }

    private static List<String> texts(TestConnector matrix) {
        List<String> out = new ArrayList<>();
        for (TestConnector.Sent s : matrix.sent()) {
            if (s.delivery().event() instanceof MessageSent m) {
                out.add(m.content().text());
            }
        }
        return out;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
