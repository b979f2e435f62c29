package dev.passerelle.connector.dma.mls.schedule;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class TranscriptHashesTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> transcriptHashVectors() {
        return TestVectors.suite1("transcript-hashes.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            byte[] content = hex(v, "authenticated_content");
            // A commit's AuthenticatedContent ends with confirmation_tag<V>: a MAC of Nh = 32 bytes, so a one-byte
            // length 0x20 and the tag. Everything before it is the ConfirmedTranscriptHashInput.
            int tagStart = content.length - CipherSuite.NH;
            assertThat(content[tagStart - 1]).isEqualTo((byte) CipherSuite.NH);
            byte[] confirmedInput = Arrays.copyOf(content, tagStart - 1);
            byte[] tag = Arrays.copyOfRange(content, tagStart, content.length);

            byte[] confirmed = TranscriptHashes.confirmed(SUITE, hex(v, "interim_transcript_hash_before"),
                    confirmedInput);
            assertThat(confirmed).isEqualTo(hex(v, "confirmed_transcript_hash_after"));
            assertThat(TranscriptHashes.verifyConfirmationTag(SUITE, hex(v, "confirmation_key"), confirmed, tag))
                    .isTrue();
            assertThat(TranscriptHashes.verifyConfirmationTag(SUITE, hex(v, "interim_transcript_hash_before"),
                    confirmed, tag)).isFalse();
            assertThat(TranscriptHashes.interim(SUITE, confirmed, tag))
                    .isEqualTo(hex(v, "interim_transcript_hash_after"));
        }));
    }
}
