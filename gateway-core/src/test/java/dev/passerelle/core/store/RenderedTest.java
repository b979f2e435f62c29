package dev.passerelle.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderedTest {

    @Test
    void stateWritesAreCopiedAndComparedByContent() {
        byte[] value = {1, 2};
        StateWrite write = new StateWrite("dma", "k", value);
        value[0] = 9;
        write.value()[1] = 9;

        assertThat(write.value()).containsExactly(1, 2);
        assertThat(write).isEqualTo(new StateWrite("dma", "k", new byte[] {1, 2}))
                .hasSameHashCodeAs(new StateWrite("dma", "k", new byte[] {1, 2}))
                .isNotEqualTo(new StateWrite("dma", "k", new byte[] {1, 3}))
                .isNotEqualTo(new StateWrite("dma", "other", new byte[] {1, 2}));
    }

    @Test
    void malformedStateWritesAreRefused() {
        assertThatThrownBy(() -> new StateWrite("", "k", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StateWrite("x".repeat(StateWrite.MAX_CONNECTOR_LENGTH + 1), "k", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StateWrite("dma", "", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StateWrite("dma", "k", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRenderedPayloadKeepsItsOwnCopyOfBytesAndStateWrites() {
        List<StateWrite> writes = new ArrayList<>(List.of(new StateWrite("dma", "k", new byte[] {1})));
        Rendered rendered = new Rendered(new byte[] {7}, writes);
        writes.clear();

        assertThat(rendered.stateWrites()).containsExactly(new StateWrite("dma", "k", new byte[] {1}));
        assertThat(new Rendered(new byte[] {7}).stateWrites()).isEmpty();
        assertThat(rendered).isEqualTo(new Rendered(new byte[] {7}, List.of(new StateWrite("dma", "k", new byte[] {1}))))
                .isNotEqualTo(new Rendered(new byte[] {7}));
        assertThatThrownBy(() -> new Rendered(new byte[0], null)).isInstanceOf(IllegalArgumentException.class);
    }
}
