package dev.passerelle.connector.dma.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.content.MessageId;
import dev.passerelle.connector.dma.content.MessageStatus;
import dev.passerelle.connector.dma.content.MessageStatusReport;
import dev.passerelle.connector.dma.content.MimiContent;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Addresses;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.address.MimiUserUri;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import dev.passerelle.core.event.ReadMarker;
import dev.passerelle.core.spi.GatewayException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Read markers and MIMI status reports (draft-mahy-mimi-message-status-01), both ways. */
@Tag("feature:mimi-message-status")
class MessageStatusTranslationTest {

    private static final MimiRoomUri ROOM = RoundTripTest.ROOM;
    private static final MimiUserUri GHOST = RoundTripTest.GHOST;
    private static final String BOB = "mimi://example.com/u/bob-jones";
    private static final Address MATRIX_ALICE = Addresses.parse("matrix:u/alice:matrix.example");
    private static final Address MATRIX_ROOM = Addresses.parse("matrix:r/room:matrix.example");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    private final Map<EventId, MessageId> out = new HashMap<>();
    private final Map<MessageId, EventId> in = new HashMap<>();
    private final CanonicalToMimi toMimi = new CanonicalToMimi(e -> Optional.ofNullable(out.get(e)),
            () -> new byte[MimiContent.SALT_LENGTH]);
    private final MimiToCanonical toCanonical = new MimiToCanonical(m -> Optional.ofNullable(in.get(m)),
            e -> Optional.empty(), EventId::random);

    private static MessageId id(int b) {
        byte[] bytes = new byte[MessageId.LENGTH];
        bytes[0] = 1;
        bytes[1] = (byte) b;
        return MessageId.of(bytes);
    }

    private static ReadMarker read(EventId upTo) {
        return new ReadMarker(EventId.random(), new Origin(Network.MATRIX, new NativeId("$r")), MATRIX_ALICE,
                MATRIX_ROOM, AT, upTo);
    }

    @Test
    @Tag("direction:xmpp-to-mimi")
    void aReadMarkerBecomesAReadStatusOfItsMessage() {
        EventId seen = EventId.random();
        out.put(seen, id(7));
        Outbound o = toMimi.translate(read(seen), ROOM, GHOST);
        assertThat(o.content()).isEmpty();
        assertThat(MessageStatusReport.decode(o.encoded()))
                .isEqualTo(MessageStatusReport.of(id(7), MessageStatus.READ));
        assertThat(o.messageId()).isEqualTo(MessageId.compute(o.encoded(), new byte[0], GHOST.toUri(),
                ROOM.toUri()));
        // Not a content message: a MIMI client reading it as content refuses it.
        assertThatThrownBy(() -> MimiContent.decode(o.encoded()))
                .isInstanceOf(dev.passerelle.connector.dma.content.ContentException.class);
    }

    @Test
    @Tag("direction:xmpp-to-mimi")
    void aReadMarkerOfAMessageWithoutMimiIdIsUnsupported() {
        assertThatThrownBy(() -> toMimi.translate(read(EventId.random()), ROOM, GHOST))
                .isInstanceOfSatisfying(GatewayException.class, e -> {
                    assertThat(e.reason()).isEqualTo(GatewayException.Reason.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("read message").contains("no MIMI message id");
                });
    }

    @Test
    void aDeliveryErrorIsAnErrorStatus() {
        Outbound o = toMimi.status(id(3), MessageStatus.ERROR, ROOM, GHOST);
        assertThat(MessageStatusReport.decode(o.encoded()).statuses())
                .containsExactly(new MessageStatus(id(3), MessageStatus.ERROR));
    }

    @Test
    @Tag("direction:mimi-to-xmpp")
    void anInboundReadStatusBecomesAReadMarkerUpToTheLastKnownReadMessage() {
        EventId first = EventId.random();
        EventId second = EventId.random();
        in.put(id(1), first);
        in.put(id(2), second);
        MessageStatusReport report = new MessageStatusReport(List.of(new MessageStatus(id(1), MessageStatus.READ),
                new MessageStatus(id(2), MessageStatus.READ), new MessageStatus(id(9), MessageStatus.READ),
                new MessageStatus(id(1), MessageStatus.DELIVERED)));
        byte[] bytes = report.encode();
        InboundResult r = toCanonical.translateStatus(bytes, report, BOB, ROOM.toUri(), AT);
        ReadMarker marker = (ReadMarker) ((InboundResult.Translated) r).event();
        assertThat(marker.upTo()).isEqualTo(second);
        assertThat(marker.sender()).isEqualTo(Addresses.parse(BOB));
        assertThat(marker.conversation()).isEqualTo(ROOM);
        assertThat(marker.timestamp()).isEqualTo(AT);
        assertThat(marker.origin()).isEqualTo(new Origin(Network.MIMI,
                new NativeId(MessageId.compute(bytes, new byte[0], BOB, ROOM.toUri()).hex())));
    }

    @Test
    @Tag("direction:mimi-to-xmpp")
    void statusesWithoutAKnownReadMessageAreNotCarried() {
        in.put(id(1), EventId.random());
        for (MessageStatusReport report : List.of(MessageStatusReport.of(id(1), MessageStatus.DELIVERED),
                MessageStatusReport.of(id(1), MessageStatus.ERROR), MessageStatusReport.of(id(5), MessageStatus.READ),
                new MessageStatusReport(List.of()))) {
            assertThat(toCanonical.translateStatus(report.encode(), report, BOB, ROOM.toUri(), AT))
                    .isInstanceOfSatisfying(InboundResult.Refused.class, refused -> assertThat(refused.reason())
                            .isEqualTo("the status report holds no read status of a known message"));
        }
    }

    @Test
    @Tag("direction:mimi-to-xmpp")
    void aStatusFromSomethingOtherThanAMimiUserInAMimiRoomIsRefused() {
        in.put(id(1), EventId.random());
        MessageStatusReport report = MessageStatusReport.of(id(1), MessageStatus.READ);
        assertThat(toCanonical.translateStatus(report.encode(), report, ROOM.toUri(), ROOM.toUri(), AT))
                .isInstanceOfSatisfying(InboundResult.Refused.class,
                        r -> assertThat(r.reason()).contains("is not a MIMI user URI"));
        assertThat(toCanonical.translateStatus(report.encode(), report, BOB, BOB, AT))
                .isInstanceOfSatisfying(InboundResult.Refused.class,
                        r -> assertThat(r.reason()).contains("is not a MIMI room URI"));
    }

    @Test
    void theSameReportTwiceIsTheSameOrigin() {
        EventId seen = EventId.random();
        out.put(seen, id(4));
        in.put(id(4), seen);
        Outbound once = toMimi.translate(read(seen), ROOM, GHOST);
        Outbound twice = toMimi.translate(read(seen), ROOM, GHOST);
        assertThat(twice.messageId()).isEqualTo(once.messageId());
        MessageStatusReport report = MessageStatusReport.decode(once.encoded());
        ReadMarker back = (ReadMarker) ((InboundResult.Translated) toCanonical.translateStatus(once.encoded(), report,
                GHOST.toUri(), ROOM.toUri(), AT)).event();
        assertThat(back.origin().nativeId().value()).isEqualTo(once.messageId().hex());
    }
}
