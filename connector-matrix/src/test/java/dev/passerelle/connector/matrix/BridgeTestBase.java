package dev.passerelle.connector.matrix;

import dev.passerelle.connector.matrix.homeserver.StubHomeserver;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the end-to-end tests share: a Vert.x instance and a stub homeserver per test, a {@link Bridge} the test starts
 * (or not), and a tear-down that closes them all and then checks the homeserver saw no request outside the spec.
 */
abstract class BridgeTestBase {

    Vertx vertx;
    StubHomeserver hs;
    Bridge bridge;

    @BeforeEach
    void startHomeserver() {
        vertx = Vertx.vertx();
        hs = Bridge.homeserver();
    }

    /** Starts {@link #bridge} on an in-memory store, with its Matrix room linked to the XMPP room. */
    void startLinked() {
        bridge = Bridge.inMemory(vertx, hs);
        bridge.link();
    }

    @AfterEach
    void closeAll() {
        if (bridge != null) {
            bridge.close();
        }
        hs.close();
        Bridge.join(vertx.close());
        hs.assertNoViolations();
    }
}
