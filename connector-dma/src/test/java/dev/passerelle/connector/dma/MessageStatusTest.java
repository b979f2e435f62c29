package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.spi.GatewayException;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Read markers and delivery failures travel as MIMI status reports between two instances (a.test hosts the room,
 * b.test follows), the whole way from one XMPP side to the other.
 */
@Tag("feature:mimi-message-status")
class MessageStatusTest extends LinkedProviders {

    @BeforeEach
    void shareRoom() {
        createSharedRoom();
    }

    @Test
    @Tag("direction:xmpp-to-mimi")
    @Tag("direction:mimi-to-xmpp")
    void aReadMarkerReachesTheOtherSideAsAReadMarkerOfTheSameMessage() {
        MessageSent original = a.say(juliet, TwoProvidersTest.text("did you read this?"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("did you read this?"));
        b.inject(new ReadMarker(EventId.random(), Gateway.origin(), romeo, b.xmppRoom, Instant.now(), atB.id()));
        ReadMarker atA = a.receives(ReadMarker.class, r -> true);
        assertThat(atA.upTo()).isEqualTo(original.id());
        assertThat(atA.sender()).isEqualTo(b.ghost(romeo));
        assertThat(atA.conversation()).isEqualTo(room);
        // The hub's side reads both ways too.
        MessageSent fromRomeo = b.say(romeo, TwoProvidersTest.text("yes"));
        MessageSent yesAtA = a.receives(MessageSent.class, m -> m.content().text().equals("yes"));
        a.inject(new ReadMarker(EventId.random(), Gateway.origin(), juliet, a.xmppRoom, Instant.now(), yesAtA.id()));
        assertThat(b.receives(ReadMarker.class, r -> true).upTo()).isEqualTo(fromRomeo.id());
    }

    @Test
    @Tag("direction:mimi-to-xmpp")
    void aReadReportThatArrivesBeforeTheSendersConfirmationIsCommittedStillNamesTheMessage() {
        // a.test's router records the message's MIMI id only when it commits the confirmation: here that comes
        // 20 s after the hub took the message, long after b.test has read it and its report has come back.
        a.dmaAtRouter.delay = Duration.ofSeconds(20);
        MessageSent original = a.say(juliet, TwoProvidersTest.text("read before confirmed"));
        MessageSent atB = b.receives(MessageSent.class, m -> m.content().text().equals("read before confirmed"));
        b.inject(new ReadMarker(EventId.random(), Gateway.origin(), romeo, b.xmppRoom, Instant.now(), atB.id()));
        ReadMarker atA = a.receives(ReadMarker.class, r -> true);
        assertThat(atA.upTo()).isEqualTo(original.id());
        assertThat(dropped(a, "status")).isZero();
        assertThat(a.store.messages().ref(original.id(), Network.MIMI)).as("confirmed before the report arrived").isEmpty();
    }

    @Test
    @Tag("direction:mimi-to-xmpp")
    void aFailedDeliveryIsReportedToTheRoomAsAnErrorStatus() {
        b.xmpp.failWhen(d -> new GatewayException(GatewayException.Reason.PERMANENT, "the XMPP room is gone"));
        a.say(juliet, TwoProvidersTest.text("will not arrive"));
        // b.test's router reports the failure to b.test's MIMI connector, which sends an error status into the
        // room; a.test's member decrypts it and, having no canonical event for an error, counts it.
        await().atMost(Duration.ofSeconds(60)).until(() -> dropped(a, "status") >= 1);
        assertThat(dropped(a, "application")).isZero();
    }

    private static double dropped(Gateway g, String kind) {
        Counter c = g.metrics.find("passerelle.mimi.inbound.dropped").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }
}
