package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.testing.StanzaSchemas;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.Stanza;

/**
 * The component connection as the rooms see it: each stanza it takes waits for the server's confirmation until
 * {@link #confirm} (a ping reply), and beyond {@code capacity} unconfirmed stanzas it refuses with TRANSIENT.
 * {@link #room} completes when a confirmation makes room.
 */
final class HeldLink {

    private record Waiter(int stanzas, Promise<Void> promise) {
    }

    private final int capacity;
    private final List<Stanza> written = new ArrayList<>();
    private final List<Promise<Void>> unconfirmed = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private int refused;
    private boolean stopped;

    HeldLink(int capacity) {
        this.capacity = capacity;
    }

    Future<Void> send(Stanza stanza) {
        StanzaSchemas.shared().validate(stanza);
        if (stopped) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped"));
        }
        if (unconfirmed.size() >= capacity) {
            refused++;
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                    capacity + " stanzas already await the server's confirmation"));
        }
        written.add(stanza);
        Promise<Void> p = Promise.promise();
        unconfirmed.add(p);
        return p.future();
    }

    Future<Void> room(int stanzas) {
        if (stopped) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped"));
        }
        if (capacity - unconfirmed.size() >= stanzas) {
            return Future.succeededFuture();
        }
        Promise<Void> p = Promise.promise();
        waiters.add(new Waiter(stanzas, p));
        return p.future();
    }

    /** The server confirms everything taken so far, as one ping reply does. */
    void confirm() {
        List<Promise<Void>> confirmed = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        confirmed.forEach(Promise::complete);
        List<Waiter> ready = new ArrayList<>();
        for (Waiter w : waiters) {
            if (capacity - unconfirmed.size() >= w.stanzas()) {
                ready.add(w);
            }
        }
        waiters.removeAll(ready);
        ready.forEach(w -> w.promise().complete());
    }

    /** Confirms until nothing more is sent; returns how many confirmations that took. */
    int confirmAll() {
        int rounds = 0;
        while (!unconfirmed.isEmpty()) {
            if (++rounds > 100_000) {
                throw new AssertionError("the rooms never stop sending");
            }
            confirm();
        }
        return rounds;
    }

    /** The connection stops: what awaits confirmation fails, and so does everything until {@link #restart}. */
    void stop() {
        stopped = true;
        List<Promise<Void>> failed = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        failed.forEach(p -> p.fail(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped")));
        List<Waiter> waiting = new ArrayList<>(waiters);
        waiters.clear();
        waiting.forEach(w -> w.promise().fail(new GatewayException(GatewayException.Reason.TRANSIENT, "stopped")));
    }

    void restart() {
        stopped = false;
    }

    int unconfirmed() {
        return unconfirmed.size();
    }

    int refused() {
        return refused;
    }

    /** What the link took since the last call, in order. */
    List<Stanza> take() {
        List<Stanza> out = List.copyOf(written);
        written.clear();
        return out;
    }
}
