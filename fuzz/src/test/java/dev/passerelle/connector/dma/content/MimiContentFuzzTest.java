package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.passerelle.connector.dma.translate.MimiToCanonical;
import dev.passerelle.core.event.EventId;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link MimiContent#decode} and {@link MessageStatusReport#decode}, fed arbitrary bytes, either refuse them with a
 * {@link ContentException} or accept exactly the bytes they would write themselves: no other exception, and no
 * second encoding of the same content. What they accept, {@link MimiToCanonical} translates or refuses with a
 * reason, without throwing. Under Jazzer ({@code JAZZER_FUZZ=1}) the fuzz test explores; in plain runs
 * it replays its inputs, and the sweep below flips every bit and cuts every prefix of the draft's examples.
 */
class MimiContentFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** A message map that knows the messages whose id starts with an even byte, and a key for every reaction. */
    private static final MimiToCanonical TRANSLATOR = new MimiToCanonical(
            id -> id.bytes()[0] % 2 == 0 ? Optional.of(new EventId(UUID.nameUUIDFromBytes(id.bytes())))
                    : Optional.empty(),
            reaction -> Optional.of("\u2764"), () -> new EventId(new UUID(1, 1)));

    private static void decodeOrRefuse(byte[] data) {
        MimiContent content;
        try {
            content = MimiContent.decode(data);
        } catch (ContentException expected) {
            assertThat(expected.path()).isNotEmpty();
            return;
        }
        assertThat(content.encode()).isEqualTo(data);
        // What decodes is translated or refused with a reason, never an exception.
        assertThat(TRANSLATOR.translate(data, content, NOW)).isNotNull();
    }

    /** The other CBOR body of an MLS application message: a message status report, with the same contract. */
    private static void decodeReportOrRefuse(byte[] data) {
        MessageStatusReport report;
        try {
            report = MessageStatusReport.decode(data);
        } catch (ContentException expected) {
            assertThat(expected.path()).isNotEmpty();
            return;
        }
        assertThat(report.encode()).isEqualTo(data);
        assertThat(TRANSLATOR.translateStatus(data, report, "mimi://a.example/u/alice", "mimi://a.example/r/room",
                NOW)).isNotNull();
    }

    @FuzzTest(maxDuration = "15s")
    void decodeRefusesWithContentExceptionOrRoundTrips(byte[] data) {
        decodeOrRefuse(data);
        decodeReportOrRefuse(data);
    }

    @Test
    void everyBitFlipAndPrefixOfTheExamplesIsRefusedOrRoundTrips() {
        List<MimiExamples.Example> examples = MimiExamples.messages("examples-08", List.of());
        int accepted = 0;
        int refused = 0;
        for (MimiExamples.Example example : examples) {
            byte[] seed = example.cbor();
            for (int bit = 0; bit < seed.length * 8; bit++) {
                byte[] flipped = seed.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                try {
                    assertThat(MimiContent.decode(flipped).encode()).isEqualTo(flipped);
                    accepted++;
                } catch (ContentException expected) {
                    refused++;
                }
            }
            for (int n = 0; n < seed.length; n++) {
                decodeOrRefuse(Arrays.copyOf(seed, n));
            }
        }
        // Flips inside text and byte strings keep a message valid; flips of heads and lengths break it.
        assertThat(accepted).isPositive();
        assertThat(refused).isPositive();
    }
}
