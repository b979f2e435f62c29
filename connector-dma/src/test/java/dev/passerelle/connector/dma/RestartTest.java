package dev.passerelle.connector.dma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.passerelle.connector.dma.testca.TestCa;
import dev.passerelle.core.address.Jid;
import dev.passerelle.core.address.MimiRoomUri;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.mapping.JdbcStoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole instance restarted on its store (new Vert.x, router and connector) keeps its users' keys and rooms. */
@Tag("direction:xmpp-to-mimi")
@Tag("direction:mimi-to-xmpp")
class RestartTest {

    @TempDir
    Path dir;

    @Test
    @Tag("feature:mimi-restart")
    void aFollowerRestartedOnItsStoreKeepsItsMembersAndKeysBothWays() {
        TestCa ca = TestCa.create(dir, "Test CA");
        int aPort = Gateway.freePort();
        int bPort = Gateway.freePort();
        JdbcStoreConfig bStore = JdbcStoreConfig.h2File(dir.resolve("b"));
        try (Gateway a = new Gateway(ca, "a.test", aPort, Map.of("b.test", bPort)).start()) {
            Gateway b = new Gateway(ca, ca.issue("b.test"), "b.test", bPort, Map.of("a.test", aPort), bStore).start();
            Jid juliet = a.user("juliet");
            Jid romeo = b.user("romeo");
            MimiRoomUri room = a.portal();
            a.link(room);
            b.link(room);
            Gateway.join(a.dma.createRoom(room, false, a.ghost(juliet), List.of(b.ghost(romeo))));
            await().atMost(Duration.ofSeconds(60)).until(() -> Gateway.join(b.dma.isMember(room, b.ghost(romeo))));
            a.say(juliet, TwoProvidersTest.text("before"));
            b.receives(MessageSent.class, m -> m.content().text().equals("before"));
            b.say(romeo, TwoProvidersTest.text("romeo before"));
            a.receives(MessageSent.class, m -> m.content().text().equals("romeo before"));
            b.close();

            try (Gateway again = new Gateway(ca, ca.issue("b.test"), "b.test", bPort, Map.of("a.test", aPort),
                    bStore).start()) {
                a.say(juliet, TwoProvidersTest.text("after the restart"));
                MessageSent atB = again.receives(MessageSent.class, m -> m.content().text().equals("after the restart"));
                assertThat(atB.sender()).isEqualTo(a.ghost(juliet));
                again.say(romeo, TwoProvidersTest.text("romeo after"));
                a.receives(MessageSent.class, m -> m.content().text().equals("romeo after"));
                assertThat(a.received(MessageSent.class, m -> m.content().text().startsWith("romeo"))).hasSize(2);
                assertThat(again.received(MessageSent.class, m -> true)).extracting(m -> m.content().text())
                        .containsExactly("after the restart");
            }
        }
    }
}
