package dev.passerelle.connector.xmpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passerelle.core.store.InMemoryStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

@ExtendWith(VertxExtension.class)
class StateSeatsTest {

    private static final EntityBareJid ROOM = JidCreate.entityBareFromOrThrowUnchecked("lobby@conference.localhost");
    private static final EntityBareJid OTHER = JidCreate.entityBareFromOrThrowUnchecked("other@conference.localhost");

    @Test
    void theNicksOfOurGhostsOutliveTheObjectThatStoredThem(Vertx vertx) throws Exception {
        InMemoryStore store = new InMemoryStore();
        Set<Resourcepart> nicks = Set.of(Resourcepart.from("Carol (Matrix)"), Resourcepart.from("Dave [MIMI] ü"));
        done(new StateSeats(vertx, store.state(), "xmpp").put(ROOM, nicks));

        StateSeats afterRestart = new StateSeats(vertx, store.state(), "xmpp");
        assertThat(done(afterRestart.get(ROOM))).isEqualTo(nicks);
        assertThat(done(afterRestart.get(OTHER))).isEmpty();
        assertThat(done(new StateSeats(vertx, store.state(), "xmpp2").get(ROOM))).as("another connector's").isEmpty();

        done(afterRestart.put(ROOM, Set.of()));
        assertThat(done(afterRestart.get(ROOM))).isEmpty();
    }

    private static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
