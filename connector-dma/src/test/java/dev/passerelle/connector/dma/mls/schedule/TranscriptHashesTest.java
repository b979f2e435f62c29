package dev.passerelle.connector.dma.mls.schedule;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import dev.passerelle.connector.dma.mls.message.AuthData;
import dev.passerelle.connector.dma.mls.message.FramedContent;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class TranscriptHashesTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> transcriptHashVectors() {
        return TestVectors.suite1("transcript-hashes.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            // AuthenticatedContent = wire_format, FramedContent, FramedContentAuthData (signature, confirmation_tag).
            byte[] content = hex(v, "authenticated_content");
            TlsReader reader = new TlsReader(content);
            int wireFormat = reader.uint16();
            FramedContent framed = FramedContent.decode(reader);
            AuthData auth = AuthData.decode(reader, framed.body().contentType());
            reader.finish();
            assertThat(framed.body().contentType()).isEqualTo(FramedContent.COMMIT);
            TlsWriter input = new TlsWriter().uint16(wireFormat);
            framed.encode(input);
            byte[] confirmedInput = input.opaque(auth.signature()).toByteArray();
            byte[] tag = auth.confirmationTag().orElseThrow();

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
