package dev.passerelle.connector.matrix.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageContent;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.event.Origin;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Plain text sent to Matrix and read back is the same text, also when it had to be split. */
@Tag("feature:text")
@Tag("direction:canonical-to-matrix")
@Tag("direction:matrix-to-canonical")
class RoundTripTest {
    private static final MatrixUserId GHOST = MatrixUserId.parse("@_xmpp_romeo:example.org");
    private final MapRefs refs = new MapRefs();
    private final MatrixToCanonical in = new MatrixToCanonical(refs, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private String roundTrip(CanonicalToMatrix out, String text) {
        MessageSent sent = new MessageSent(EventId.random(), new Origin(Network.XMPP, new NativeId("s")),
                Jid.parse("romeo@montague.example"), Jid.parse("lounge@muc.montague.example"), Instant.EPOCH,
                MessageContent.text(text));
        List<MatrixSend> sends = out.render(sent, GHOST, "!room:example.org");
        StringBuilder back = new StringBuilder();
        int n = 0;
        for (MatrixSend s : sends) {
            ObjectNode event = Json.roomEvent(s.eventType(), "$part" + n++, "{}");
            event.set("content", s.content());
            InboundResult r = in.translate(event);
            assertThat(r).isInstanceOf(InboundResult.Translated.class);
            MessageSent m = (MessageSent) ((InboundResult.Translated) r).events().get(0);
            assertThat(m.content().html()).isEmpty();
            assertThat(m.content().replyTo()).isEmpty();
            back.append(m.content().text());
        }
        return back.toString();
    }

    @Test
    void plainTextSurvivesTheRoundTrip() {
        CanonicalToMatrix out = new CanonicalToMatrix(refs);
        qt().withExamples(500).forAll(TextGen.text(0, 400)).checkAssert(text ->
                assertThat(roundTrip(out, text)).isEqualTo(text));
    }

    @Test
    void emoteAndFallbackLookalikesSurvive() {
        CanonicalToMatrix out = new CanonicalToMatrix(refs);
        for (String text : new String[] {"", "/me waves", "/me ", "> <@bob:example.org> hi\n\nanswer", "* starred"}) {
            assertThat(roundTrip(out, text)).isEqualTo(text);
        }
    }

    @Test
    void splitTextSurvivesTheRoundTrip() {
        CanonicalToMatrix out = new CanonicalToMatrix(refs, a -> Optional.of(a.uri()), a -> Optional.empty(),
                new SizePolicy(512));
        qt().withExamples(200).forAll(TextGen.text(0, 2000)).checkAssert(text ->
                assertThat(roundTrip(out, text)).isEqualTo(text));
        String emote = "/me " + "dances ".repeat(300);
        assertThat(roundTrip(out, emote)).isEqualTo(emote);
    }
}
