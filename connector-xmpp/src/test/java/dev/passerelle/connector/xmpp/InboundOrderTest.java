package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.connector.xmpp.identity.Avatar;
import dev.passerelle.connector.xmpp.identity.GhostDirectory;
import dev.passerelle.connector.xmpp.identity.GhostProfile;
import dev.passerelle.connector.xmpp.identity.Identities;
import dev.passerelle.connector.xmpp.identity.Subscriptions;
import dev.passerelle.connector.xmpp.muc.HostedRooms;
import dev.passerelle.connector.xmpp.plumb.PlumbedRooms;
import dev.passerelle.connector.xmpp.translate.InboundResult;
import dev.passerelle.connector.xmpp.translate.XmppToCanonical;
import dev.passerelle.connector.xmpp.upload.IqCorrelator;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.MessageSent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Inbound hands events to the router in the order their stanzas arrived even when the translations finish out of
 * order on the event loop. That happens for real on a busy machine: a worker can finish a stanza before the event
 * loop has attached its callback, and Vert.x then runs that callback at once, ahead of the callbacks of earlier
 * stanzas still queued on the event loop (a restart test saw x-0714 relayed before x-0517).
 */
@ExtendWith(VertxExtension.class)
class InboundOrderTest {
    private static final String GHOST = Harness.GHOSTS.ghostFor(MatrixUserId.parse("@bob:localhost"), Network.XMPP)
            .toString();

    @Test
    void eventsKeepTheArrivalOrderWhenALaterTranslationIsReadyFirst(Vertx vertx) throws Exception {
        try (Harness h = new Harness(vertx)) {
            Context context = vertx.getOrCreateContext();
            RecordingSink sink = new RecordingSink();
            // The worker runs each translation when asked, but completes its future only when the test says so.
            List<Callable<Inbound.Translation>> work = new ArrayList<>();
            List<Promise<Inbound.Translation>> done = new ArrayList<>();
            Inbound inbound = inbound(h, sink, w -> {
                Promise<Inbound.Translation> p = Promise.promise();
                work.add(w);
                done.add(p);
                return p.future();
            });

            onContext(context, () -> {
                for (int i = 0; i < 3; i++) {
                    inbound.stanza(message(i));
                }
            });
            assertThat(done).hasSize(3);
            // The last translation is ready first, then the first, then the middle one.
            for (int i : new int[] {2, 0, 1}) {
                Inbound.Translation result = work.get(i).call();
                onContext(context, () -> done.get(i).complete(result));
            }

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.events.size() == 3);
            assertThat(texts(sink.events)).containsExactly("m-0", "m-1", "m-2");
        }
    }

    @Test
    void aLongBacklogBehindOneSlowTranslationIsHandedOnInOrder(Vertx vertx) throws Exception {
        int count = 5000;
        try (Harness h = new Harness(vertx)) {
            Context context = vertx.getOrCreateContext();
            RecordingSink sink = new RecordingSink();
            List<Promise<Inbound.Translation>> done = new ArrayList<>();
            // Translations are instant here, except the first, which is held until all the others are in.
            Inbound inbound = inbound(h, sink, w -> {
                Promise<Inbound.Translation> p = Promise.promise();
                if (done.isEmpty()) {
                    done.add(p);
                    return p.future();
                }
                try {
                    p.complete(w.call());
                } catch (Exception e) {
                    p.fail(e);
                }
                return p.future();
            });
            onContext(context, () -> {
                for (int i = 0; i < count; i++) {
                    inbound.stanza(message(i));
                }
            });
            assertThat(sink.events).isEmpty();
            Inbound.Translation held = new Inbound.Translation(
                    new InboundResult.Ignored(InboundResult.Reason.NOT_BRIDGED, "held"), List.of());
            onContext(context, () -> done.get(0).complete(held));

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> sink.events.size() == count - 1);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                expected.add("m-" + i);
            }
            assertThat(texts(sink.events)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aFailedTranslationDoesNotHoldUpTheStanzasAfterIt(Vertx vertx) throws Exception {
        try (Harness h = new Harness(vertx)) {
            Context context = vertx.getOrCreateContext();
            RecordingSink sink = new RecordingSink();
            List<Callable<Inbound.Translation>> work = new ArrayList<>();
            List<Promise<Inbound.Translation>> done = new ArrayList<>();
            Inbound inbound = inbound(h, sink, w -> {
                Promise<Inbound.Translation> p = Promise.promise();
                work.add(w);
                done.add(p);
                return p.future();
            });

            onContext(context, () -> {
                for (int i = 0; i < 2; i++) {
                    inbound.stanza(message(i));
                }
            });
            Inbound.Translation second = work.get(1).call();
            onContext(context, () -> done.get(1).complete(second));
            onContext(context, () -> done.get(0).fail(new IllegalStateException("the store is down")));

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sink.events.size() == 1);
            assertThat(texts(sink.events)).containsExactly("m-1");
        }
    }

    private static Inbound inbound(Harness h, RecordingSink sink,
            Function<Callable<Inbound.Translation>, Future<Inbound.Translation>> worker) {
        Vertx vertx = h.vertx;
        Clock clock = Clock.systemUTC();
        Function<Stanza, Future<Void>> send = s -> Future.succeededFuture();
        StoreRefs refs = new StoreRefs(h.store.messages(), h.store.state(), "xmpp");
        Portals portals = new Portals(vertx, h.store.links(), Harness.GHOSTS);
        HostedRooms rooms = new HostedRooms(send, n -> Future.succeededFuture(), Harness.DOMAIN, clock, portals);
        XmppToCanonical translator = new XmppToCanonical(refs, clock);
        PlumbedRooms plumbed = new PlumbedRooms(send, JidCreate.fromOrThrowUnchecked("bridge@" + Harness.DOMAIN),
                "passerelle", clock, vertx);
        Plumbing plumbing = new Plumbing(vertx, Harness.DOMAIN, plumbed, translator, refs, sink, h.store.links(),
                clock);
        return new Inbound(worker, Harness.DOMAIN, Harness.GHOSTS, portals, rooms, translator, refs, sink, send,
                new RateLimiter(1_000_000, 1_000_000, clock), clock, h.metrics, plumbing,
                new Identities(send, Harness.DOMAIN, new NoGhosts(), Subscriptions.inMemory(), clock),
                new IqCorrelator(vertx, send, Duration.ofSeconds(5)));
    }

    private static Message message(int i) {
        return StanzaBuilder.buildMessage("x-" + i).from(JidCreate.fromOrThrowUnchecked("alice@localhost/phone"))
                .to(JidCreate.fromOrThrowUnchecked(GHOST)).ofType(Message.Type.chat).setBody("m-" + i).build();
    }

    private static List<String> texts(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            out.add(((MessageSent) e).content().text());
        }
        return out;
    }

    /** Runs {@code action} on {@code context}, as the connection does, and waits for it. */
    private static void onContext(Context context, Runnable action) throws Exception {
        CompletableFuture<Void> ran = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                ran.complete(null);
            } catch (RuntimeException e) {
                ran.completeExceptionally(e);
            }
        });
        ran.get(10, TimeUnit.SECONDS);
    }

    /** No ghost has a profile here: these tests only send messages. */
    private static final class NoGhosts implements GhostDirectory {
        @Override
        public boolean isGhost(EntityBareJid jid) {
            return false;
        }

        @Override
        public Future<Optional<GhostProfile>> profile(EntityBareJid ghost) {
            return Future.succeededFuture(Optional.empty());
        }

        @Override
        public Future<Optional<Avatar>> avatar(EntityBareJid ghost) {
            return Future.succeededFuture(Optional.empty());
        }
    }
}
