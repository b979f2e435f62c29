package dev.passerelle.connector.dma;

import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two providers on loopback, a.test and b.test, with certificates from one test CA, an XMPP user on each (juliet
 * on a.test, romeo on b.test) and the MIMI room standing for a.test's XMPP room linked on both sides. Tests that
 * need the room itself call {@link #createSharedRoom()}.
 */
abstract class LinkedProviders {

    @TempDir
    Path dir;

    Gateway a;
    Gateway b;
    Jid juliet;
    Jid romeo;
    MimiRoomUri room;

    @BeforeEach
    void startProviders() {
        TestCa ca = TestCa.create(dir, "Test CA");
        int aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        a = new Gateway(ca, "a.test", aPort, Map.of("b.test", bPort)).start();
        b = new Gateway(ca, "b.test", bPort, Map.of("a.test", aPort)).start();
        juliet = a.user("juliet");
        romeo = b.user("romeo");
        room = a.portal();
        a.link(room);
        b.link(room);
    }

    @AfterEach
    void stopProviders() {
        a.close();
        b.close();
    }

    /** Creates the room on a.test with juliet and romeo, and waits until b.test has joined it. */
    void createSharedRoom() {
        Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
        await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));
    }
}
