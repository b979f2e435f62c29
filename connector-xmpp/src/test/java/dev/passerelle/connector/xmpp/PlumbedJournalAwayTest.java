package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.plumb.PlumbInbound;
import dev.passerelle.connector.xmpp.plumb.PlumbedRooms;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.InMemoryStore;
import dev.passerelle.core.store.Link;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.StoreException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Messages of a plumbed room that the journal refused while its database was down reach it in their order. */
@ExtendWith(VertxExtension.class)
@Tag("feature:muc-plumbed")
@Tag("direction:xmpp-to-matrix")
class PlumbedJournalAwayTest {
    private static final Jid ROOM = Jid.parse("lobby@conference.localhost");
    private static final MatrixRoomId MATRIX = MatrixRoomId.parse("!lobby:localhost");

    @Test
    void messagesRefusedTogetherAreTakenInTheirOrderOnceTheJournalIsBack(Vertx vertx) {
        InMemoryStore store = new InMemoryStore();
        store.links().create(new Link(LinkId.random(), Link.Kind.PLUMBED, Set.of(ROOM, MATRIX), Instant.now()));
        // Down for the five first submissions and the first retry: the database comes back while the other
        // messages are still waiting for their first retry. Refusals come back a little later, as the journal
        // writer's do, so that all five are in flight before the first is refused.
        AwayJournal journal = new AwayJournal(vertx, 6);
        Plumbing plumbing = plumbing(vertx, store, journal);

        vertx.runOnContext(v -> {
            for (int i = 0; i < 5; i++) {
                plumbing.handle(message(i));
            }
        });

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> journal.taken.size() == 5);
        assertThat(journal.taken).extracting(e -> ((MessageSent) e).content().text())
                .containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
        assertThat(journal.calls.get()).as("submissions, refused ones included").isGreaterThan(6);
    }

    private static PlumbInbound.Message message(int i) {
        EntityBareJid room = JidCreate.entityBareFromOrThrowUnchecked(ROOM.toString());
        Message m = StanzaBuilder.buildMessage("x-" + i).from(JidCreate.fromOrThrowUnchecked(ROOM + "/alice"))
                .to(JidCreate.fromOrThrowUnchecked("bridge@gw.localhost/passerelle")).ofType(Message.Type.groupchat)
                .setBody("m-" + i).build();
        return new PlumbInbound.Message(room, Resourcepart.fromOrThrowUnchecked("alice"),
                Optional.of(JidCreate.fromOrThrowUnchecked("alice@localhost")), Optional.empty(), m, Instant.now(),
                false);
    }

    private static Plumbing plumbing(Vertx vertx, InMemoryStore store, EventSink journal) {
        PlumbedRooms rooms = new PlumbedRooms(stanza -> Future.succeededFuture(),
                JidCreate.entityBareFromOrThrowUnchecked("bridge@gw.localhost"), "passerelle", Clock.systemUTC(), vertx);
        StoreRefs refs = new StoreRefs(store.messages(), store.state(), "xmpp");
        return new Plumbing(vertx, "gw.localhost", rooms, new XmppToCanonical(refs, Clock.systemUTC()), refs,
                journal, store.links(), Clock.systemUTC());
    }

    /** A router whose journal refuses the first {@code refusals} submissions as unreachable, then takes them. */
    private static final class AwayJournal implements EventSink {
        final List<Event> taken = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        private final Vertx vertx;
        private final int refusals;

        AwayJournal(Vertx vertx, int refusals) {
            this.vertx = vertx;
            this.refusals = refusals;
        }

        @Override
        public Future<Accepted> submit(Event event, EventRecords kept) {
            return submitAll(List.of(event)).map(list -> list.get(0));
        }

        @Override
        public Future<List<Accepted>> submitAll(List<Event> events) {
            if (calls.incrementAndGet() <= refusals) {
                io.vertx.core.Promise<List<Accepted>> refused = io.vertx.core.Promise.promise();
                vertx.setTimer(200, id -> refused.fail(new StoreException.Unavailable(
                        "the delivery journal is unavailable", new java.sql.SQLException("connection refused"))));
                return refused.future();
            }
            taken.addAll(events);
            List<Accepted> out = new ArrayList<>();
            events.forEach(e -> out.add(Accepted.RELAYED));
            return Future.succeededFuture(out);
        }
    }
}
