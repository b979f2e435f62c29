package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.spi.Delivery;
import dev.passerelle.core.store.IdempotencyKey;
import dev.passerelle.core.store.LinkId;
import dev.passerelle.core.store.Rendered;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A delivery rendered (encrypted) ahead of its send, then a member joins the room (a new epoch) before it is sent:
 * the other provider still gets the message once, decrypted, under the id it had when rendered, and a resend of
 * the same delivery (as after a crash) is not seen twice.
 */
@Tag("feature:mimi-epoch")
@Tag("direction:xmpp-to-mimi")
class StaleEpochTest extends LinkedProviders {

    @BeforeEach
    void shareRoom() {
        createSharedRoom();
    }

    @Test
    void aDeliveryRenderedBeforeAMemberJoinedArrivesOnceWithItsMessageId() {
        MessageSent event = new MessageSent(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(),
                TwoProvidersTest.text("rendered in the old epoch"));
        Delivery delivery = new Delivery(1_000_000, event, LinkId.random(), room,
                IdempotencyKey.derive(event.id(), room), 1);
        Rendered rendered = Gateway.join(a.dma.render(delivery));
        NativeId id = new NativeId(OutboundPayload.fromBytes(rendered.payload()).messageId().hex());
        long before = epochAtB();

        Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("nurse"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> epochAtB() == before + 1);

        assertThat(Gateway.join(a.dma.send(delivery, rendered)).nativeId()).contains(id);
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("rendered in the old epoch"));
        assertThat(atB.origin().nativeId()).isEqualTo(id);
        assertThat(atB.sender()).isEqualTo(a.ghost(juliet));

        // The same delivery sent again, as after a crash before the router recorded the send.
        assertThat(Gateway.join(a.dma.send(delivery, rendered)).nativeId()).contains(id);
        // Fan-out to b.test keeps the room's order: once this arrived, the repeat was handled.
        a.say(juliet, TwoProvidersTest.text("after the repeat"));
        b.receives(MessageSent.class, m -> m.content().text().equals("after the repeat"));
        assertThat(b.received(MessageSent.class, m -> m.content().text().equals("rendered in the old epoch")))
                .hasSize(1);
    }

    @Test
    void deliveriesEncryptedAheadInANewEpochBehindOnesOfTheOldEpochAllArrive() {
        // Forty deliveries rendered in the old epoch, a member joins, forty more rendered in the new one while the
        // first wait (as a lane renders ahead of its sends); then all are sent in order. The first forty are
        // encrypted again at their send, after the last forty: more than a member keeps skipped keys for.
        java.util.List<Delivery> deliveries = new java.util.ArrayList<>();
        java.util.List<Rendered> rendered = new java.util.ArrayList<>();
        long before = epochAtB();
        for (int i = 0; i < 80; i++) {
            if (i == 40) {
                Gateway.join(a.dma.invite(room, a.ghost(juliet), a.ghost(a.user("nurse"))));
                await().atMost(Duration.ofSeconds(60)).until(() -> epochAtB() == before + 1);
            }
            MessageSent event = new MessageSent(EventId.random(), Gateway.origin(), juliet, a.xmppRoom,
                    Instant.now(), TwoProvidersTest.text("queued " + i));
            Delivery delivery = new Delivery(2_000_000 + i, event, LinkId.random(), room,
                    IdempotencyKey.derive(event.id(), room), 1);
            deliveries.add(delivery);
            rendered.add(Gateway.join(a.dma.render(delivery)));
        }
        for (int i = 0; i < deliveries.size(); i++) {
            Gateway.join(a.dma.send(deliveries.get(i), rendered.get(i)));
        }
        java.util.Set<String> sent = new java.util.TreeSet<>();
        for (int i = 0; i < 80; i++) {
            sent.add("queued " + i);
        }
        await("every queued text at b.test").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                b.received(MessageSent.class, m -> m.content().text().startsWith("queued ")).stream()
                        .map(m -> m.content().text()).toList()).as("texts at b.test")
                .containsExactlyInAnyOrderElementsOf(sent));
        assertThat(b.metrics.find("passerelle.mimi.inbound.dropped").counters()).allMatch(c -> c.count() == 0);
    }

    private long epochAtB() {
        return new MemberStates(b.store.state(), "dma").load(room.toUri(), b.ghost(romeo).toUri()).orElseThrow()
                .epochNumber();
    }
}
