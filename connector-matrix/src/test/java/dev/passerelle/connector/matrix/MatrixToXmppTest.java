package dev.passerelle.connector.matrix;

import static dev.passerelle.connector.matrix.Bridge.ALICE;
import static dev.passerelle.connector.matrix.Bridge.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import dev.passerelle.core.address.MatrixRoomId;
import dev.passerelle.core.address.MatrixUserId;
import dev.passerelle.core.event.MessageSent;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Matrix events pushed by the homeserver reach the XMPP side as canonical events. */
@Tag("direction:matrix-to-xmpp")
class MatrixToXmppTest {

    Vertx vertx;
    StubHomeserver hs;
    Bridge bridge;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        hs = Bridge.homeserver();
        bridge = Bridge.inMemory(vertx, hs);
        bridge.link();
    }

    @AfterEach
    void tearDown() {
        bridge.close();
        hs.close();
        Bridge.join(vertx.close());
        hs.assertNoViolations();
    }

    @Test
    @Tag("feature:text")
    void text() {
        String eventId = bridge.text("hello from Matrix");
        MessageSent m = bridge.xmppReceives(MessageSent.class);
        assertThat(m.content().text()).isEqualTo("hello from Matrix");
        assertThat(m.sender()).isEqualTo(MatrixUserId.parse(ALICE));
        assertThat(m.conversation()).isEqualTo(MatrixRoomId.parse(bridge.roomId));
        assertThat(m.origin().nativeId().value()).isEqualTo(eventId);
        assertThat(bridge.xmpp.sent().get(0).delivery().target()).isEqualTo(Bridge.XMPP_ROOM);
    }
}
