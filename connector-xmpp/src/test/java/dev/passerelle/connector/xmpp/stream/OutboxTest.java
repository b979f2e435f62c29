package dev.passerelle.connector.xmpp.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

class OutboxTest {
    private final Outbox outbox = new Outbox(3);

    @Test
    void aPingConfirmsOnlyWhatWasWrittenBeforeIt() {
        Outbox.Entry a = outbox.add("<a/>", Promise.promise());
        Outbox.Entry b = outbox.add("<b/>", Promise.promise());
        assertThat(outbox.needsPing()).isTrue();
        outbox.pingSent("p1");
        assertThat(outbox.needsPing()).isFalse();
        Outbox.Entry c = outbox.add("<c/>", Promise.promise());
        assertThat(outbox.pongReceived("other")).isEmpty();
        assertThat(outbox.pongReceived("p1")).containsExactly(a, b);
        assertThat(outbox.needsPing()).isTrue();
        outbox.pingSent("p2");
        assertThat(outbox.pongReceived("p2")).containsExactly(c);
        assertThat(outbox.size()).isZero();
    }

    @Test
    void aLostStreamForgetsItsPingAndReplaysInOrder() {
        Outbox.Entry a = outbox.add("<a/>", Promise.promise());
        outbox.pingSent("p1");
        Outbox.Entry b = outbox.add("<b/>", Promise.promise());
        assertThat(outbox.streamLost()).containsExactly(a, b);
        assertThat(outbox.pongReceived("p1")).isEmpty();
        assertThat(outbox.isPing("p1")).isFalse();
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void capacityIsEnforced() {
        for (int i = 0; i < 3; i++) {
            outbox.add("<x/>", Promise.promise());
        }
        assertThat(outbox.full()).isTrue();
        assertThatThrownBy(() -> outbox.add("<y/>", Promise.promise())).isInstanceOf(IllegalStateException.class);
        assertThat(outbox.drain()).hasSize(3);
        assertThat(outbox.full()).isFalse();
    }
}
