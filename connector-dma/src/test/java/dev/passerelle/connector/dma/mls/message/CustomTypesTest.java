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
        // Type 8 is AppDataUpdate, whose body is not one opaque<V>: see the AppDataUpdate tests below.
        qt().forAll(integers().between(9, 0xffff), lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
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

    @Test
    void appDataUpdatesAreReadFieldByFieldAndReencodedUnchanged() {
        qt().forAll(integers().between(0, 0xffff), integers().between(1, 2),
                lists().of(integers().between(0, 255)).ofSizeBetween(0, 100)).checkAssert((component, op, data) -> {
                    Proposal.AppDataUpdate body = op == Proposal.AppDataUpdate.UPDATE
                            ? Proposal.AppDataUpdate.update(component, bytes(data))
                            : Proposal.AppDataUpdate.remove(component);
                    TlsWriter writer = new TlsWriter();
                    body.toProposal().encode(writer);
                    byte[] encoded = writer.toByteArray();
                    // uint16 type, uint16 component, uint8 op, then the update's own vector: no outer prefix.
                    assertThat(encoded[0]).isEqualTo((byte) 0);
                    assertThat(encoded[1]).isEqualTo((byte) Proposal.APP_DATA_UPDATE);
                    assertThat(encoded[4]).isEqualTo((byte) (int) op);
                    TlsReader reader = new TlsReader(encoded);
                    Proposal decoded = Proposal.decode(reader);
                    reader.finish();
                    assertThat(Proposal.AppDataUpdate.of((Proposal.Custom) decoded)).isEqualTo(body);
                    TlsWriter again = new TlsWriter();
                    decoded.encode(again);
                    assertThat(again.toByteArray()).isEqualTo(encoded);
                });
    }

    @Test
    void anAppDataUpdateFollowedByAnotherFieldIsReadToItsOwnEnd() {
        // A remove has no body: the bytes after it belong to whatever follows the proposal.
        TlsReader reader = new TlsReader(new byte[] {0, 8, 0, 0x22, 2, 0x7f});
        assertThat(Proposal.AppDataUpdate.of((Proposal.Custom) Proposal.decode(reader)))
                .isEqualTo(Proposal.AppDataUpdate.remove(0x22));
        assertThat(reader.uint8()).isEqualTo(0x7f);
        reader.finish();
    }

    @Test
    void invalidAppDataUpdatesAreRefused() {
        assertThatThrownBy(() -> Proposal.decode(new TlsReader(new byte[] {0, 8, 0, 0x22, 0})))
                .isInstanceOf(TlsDecodeException.class).hasMessageContaining("operation 0");
        assertThatThrownBy(() -> Proposal.decode(new TlsReader(new byte[] {0, 8, 0, 0x22, 1, 3, 1})))
                .isInstanceOf(TlsDecodeException.class);
        assertThatThrownBy(() -> new Proposal.Custom(Proposal.APP_DATA_UPDATE, new byte[] {0, 1, 9}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an AppDataUpdate");
        assertThatThrownBy(() -> new Proposal.AppDataUpdate(1, Proposal.AppDataUpdate.REMOVE, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
