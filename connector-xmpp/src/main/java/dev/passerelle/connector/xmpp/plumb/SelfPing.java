package dev.passerelle.connector.xmpp.plumb;

import dev.passerelle.connector.xmpp.plumb.Room.Occupant;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jxmpp.jid.EntityBareJid;

/**
 * MUC self-ping (XEP-0410): an occupant of ours pings its own occupant JID; the room answers (or forwards the
 * ping to us, and we answer) while it still has us, and errs otherwise. Shares the awaited iqs with its
 * {@link PlumbedRooms}, under the same lock.
 */
final class SelfPing {
    private final Object lock;
    private final Function<Stanza, Future<Void>> send;
    private final Vertx vertx;
    private final Duration timeout;
    private final Map<String, Consumer<IQ>> awaitedIqs;
    private final NotJoined notJoined;

    SelfPing(Object lock, Function<Stanza, Future<Void>> send, Vertx vertx, Duration timeout,
            Map<String, Consumer<IQ>> awaitedIqs, NotJoined notJoined) {
        this.lock = lock;
        this.send = send;
        this.vertx = vertx;
        this.timeout = timeout;
        this.awaitedIqs = awaitedIqs;
        this.notJoined = notJoined;
    }

    /** XEP-0410: ping our own occupant JID; the answer tells whether the room still has us. */
    void ping(EntityBareJid room, Occupant o) {
        Ping ping = new Ping(PlumbedRooms.occupantJid(room, o.nick));
        ping.setFrom(o.jid);
        String id = "selfping-" + UUID.randomUUID();
        ping.setStanzaId(id);
        synchronized (lock) {
            awaitedIqs.put(id, answer -> pinged(room, o, answer));
            vertx.setTimer(timeout.toMillis(), t -> {
                synchronized (lock) {
                    // No answer: the room is unreachable now; try again at the next round.
                    awaitedIqs.remove(id);
                }
            });
        }
        send.apply(ping);
    }

    private void pinged(EntityBareJid room, Occupant o, IQ answer) {
        if (answer.getType() == IQ.Type.result) {
            return;
        }
        StanzaError.Condition c = answer.getError() == null ? StanzaError.Condition.undefined_condition
                : answer.getError().getCondition();
        if (c == StanzaError.Condition.service_unavailable || c == StanzaError.Condition.feature_not_implemented) {
            // The room reached the occupant (ours) and it declined: still joined.
            return;
        }
        if (c == StanzaError.Condition.remote_server_not_found || c == StanzaError.Condition.remote_server_timeout) {
            return;
        }
        notJoined.accept(room, o, c);
    }

    /** What to do when a self-ping shows an occupant of ours is out. */
    interface NotJoined {
        void accept(EntityBareJid room, Occupant o, StanzaError.Condition condition);
    }
}
