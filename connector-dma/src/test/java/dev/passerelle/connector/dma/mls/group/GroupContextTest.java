package dev.passerelle.connector.dma.mls.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passerelle.connector.dma.mls.codec.TlsDecodeException;
import dev.passerelle.connector.dma.mls.codec.TlsReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupContextTest {

    @Test
    void unknownExtensionTypesRoundTripUnchanged() {
        GroupContext context = new GroupContext(1, new byte[] {7, 7}, -1L, new byte[] {1}, new byte[] {2},
                List.of(new Extension(0xf0a1, new byte[] {1, 2, 3}), new Extension(2, new byte[0])));
        TlsReader reader = new TlsReader(context.toBytes());
        GroupContext decoded = GroupContext.decode(reader);
        reader.finish();
        assertThat(decoded).isEqualTo(context);
        assertThat(decoded.epoch()).isEqualTo(-1L);
        assertThat(decoded.extensions().get(0).data()).containsExactly(1, 2, 3);
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        byte[] bytes = new GroupContext(1, new byte[0], 0, new byte[0], new byte[0], List.of()).toBytes();
        bytes[1] = 2;
        assertThatThrownBy(() -> GroupContext.decode(new TlsReader(bytes)))
                .isInstanceOfSatisfying(TlsDecodeException.class,
                        e -> assertThat(e.reason()).isEqualTo("unsupported protocol version 2"));
    }

    @Test
    void extensionTypeMustFitInSixteenBits() {
        assertThatThrownBy(() -> new Extension(0x10000, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
