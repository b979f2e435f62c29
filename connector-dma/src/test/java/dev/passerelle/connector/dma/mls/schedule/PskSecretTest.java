package dev.passerelle.connector.dma.mls.schedule;

import static dev.passerelle.connector.dma.mls.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.passerelle.connector.dma.mls.TestVectors;
import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.crypto.CipherSuite;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class PskSecretTest {

    private static final CipherSuite SUITE = CipherSuite.MLS_128_DHKEMX25519_AES128GCM_SHA256_ED25519;

    @TestFactory
    Stream<DynamicTest> pskSecretVectors() {
        return TestVectors.suite1("psk_secret.json").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            JsonNode v = c.json();
            List<PskSecret.Input> inputs = new ArrayList<>();
            for (JsonNode p : v.get("psks")) {
                inputs.add(new PskSecret.Input(new PreSharedKeyId.External(hex(p, "psk_id"), hex(p, "psk_nonce")),
                        hex(p, "psk")));
            }
            assertThat(PskSecret.compute(SUITE, inputs)).isEqualTo(hex(v, "psk_secret"));
        }));
    }

    @Test
    void pskIdsRoundTrip() {
        for (PreSharedKeyId id : List.of(new PreSharedKeyId.External(new byte[] {1, 2}, new byte[] {3}),
                new PreSharedKeyId.Resumption(1, new byte[] {4}, 9L, new byte[] {5}))) {
            TlsWriter writer = new TlsWriter();
            id.encode(writer);
            TlsReader reader = new TlsReader(writer.toByteArray());
            assertThat(PreSharedKeyId.decode(reader)).isEqualTo(id);
            reader.finish();
        }
    }

    @Test
    void anUnknownPskTypeIsRefused() {
        assertThatThrownBy(() -> PreSharedKeyId.decode(new TlsReader(new byte[] {3, 0, 0})))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("unknown PSK type 3"));
    }
}
