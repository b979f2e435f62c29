package dev.passerelle.connector.dma.mls.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import dev.passerelle.connector.dma.mls.codec.TlsWriter;
import dev.passerelle.connector.dma.mls.tree.Credential;
import java.util.List;
import org.junit.jupiter.api.Test;

class CustomTypesTest {

    private static byte[] bytes(List<Integer> values) {
        byte[] out = new byte[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).byteValue();
        }
        return out;
    }

    @Test
    void customProposalsAreCarriedAndReencodedUnchanged() {
        qt().forAll(integers().between(8, 0xffff), lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
                .checkAssert((type, data) -> {
                    Proposal.Custom proposal = new Proposal.Custom(type, bytes(data));
                    TlsWriter writer = new TlsWriter();
                    proposal.encode(writer);
                    byte[] encoded = writer.toByteArray();
                    TlsReader reader = new TlsReader(encoded);
                    Proposal decoded = Proposal.decode(reader);
                    reader.finish();
                    assertThat(decoded).isEqualTo(proposal);
                    TlsWriter again = new TlsWriter();
                    decoded.encode(again);
                    assertThat(again.toByteArray()).isEqualTo(encoded);
                });
    }

    @Test
    void customCredentialsAreCarriedAndReencodedUnchanged() {
        qt().forAll(integers().between(3, 0xffff), lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
                .checkAssert((type, data) -> {
                    Credential.Custom credential = new Credential.Custom(type, bytes(data));
                    TlsWriter writer = new TlsWriter();
                    credential.encode(writer);
                    TlsReader reader = new TlsReader(writer.toByteArray());
                    assertThat(Credential.decode(reader)).isEqualTo(credential);
                    reader.finish();
                });
    }

    @Test
    void reservedAndDefinedTypesAreNotCustom() {
        assertThatThrownBy(() -> Proposal.decode(new TlsReader(new byte[] {0, 0, 0})))
                .isInstanceOf(TlsDecodeException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> Credential.decode(new TlsReader(new byte[] {0, 0, 0})))
                .isInstanceOf(TlsDecodeException.class).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new Proposal.Custom(Proposal.REMOVE, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Credential.Custom(Credential.BASIC, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        // A custom body is one opaque<V>: a truncated one is a decode error, not a silent cut.
        assertThatThrownBy(() -> Proposal.decode(new TlsReader(new byte[] {(byte) 0xf0, 0x01, 0x05, 1, 2})))
                .isInstanceOf(TlsDecodeException.class);
    }
}
