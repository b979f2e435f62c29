package dev.passerelle.connector.dma.content;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MimiContent#decode} and {@link MessageStatusReport#decode}, fed arbitrary bytes, either refuse them with a
 * {@link ContentException} or accept exactly the bytes they would write themselves: no other exception, and no
 * second encoding of the same content. Under Jazzer ({@code JAZZER_FUZZ=1}) the fuzz test explores; in plain runs
 * it replays its inputs, and the sweep below flips every bit and cuts every prefix of the draft's examples.
 */
class MimiContentFuzzTest {

    private static void decodeOrRefuse(byte[] data) {
        MimiContent content;
        try {
            content = MimiContent.decode(data);
        } catch (ContentException expected) {
            assertThat(expected.path()).isNotEmpty();
            return;
        }
        assertThat(content.encode()).isEqualTo(data);
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
    }

    @FuzzTest(maxDuration = "20s")
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
