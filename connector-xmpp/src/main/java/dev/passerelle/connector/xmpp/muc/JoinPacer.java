package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.connector.xmpp.muc.MucStanzas.Extras;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.jivesoftware.smack.packet.Stanza;

/**
 * Sends the occupant presences of the joins in progress, at most {@code window} of them awaiting the connection's
 * confirmation at a time over all rooms: a join into a room of any size completes, the connection's outbox never
 * fills with one room's occupant list, and other stanzas keep flowing beside it. Joins take turns presence by
 * presence, so a join into a small room is not held up behind one into a large room. A presence the connection
 * refused (its outbox full of other traffic) is sent again once the connection says it has room.
 */
final class JoinPacer {

    private final Function<Stanza, Future<Void>> send;
    private final IntFunction<Future<Void>> room;
    private final int window;
    private final Consumer<Join> sent;
    private final ArrayDeque<Join> turns = new ArrayDeque<>();
    private int unconfirmed;
    private boolean waitingForRoom;
    /** The connection would not say when it has room (it was stopped): {@link #resume} tries again. */
    private boolean stalled;
    private boolean pumping;
    private boolean again;

    /**
     * @param room completes once the connection can take that many more stanzas
     * @param sent called once a join's occupant presences were all confirmed, to send the rest of the join
     */
    JoinPacer(Function<Stanza, Future<Void>> send, IntFunction<Future<Void>> room, int window, Consumer<Join> sent) {
        if (window < 1) {
            throw new IllegalArgumentException("the join window must be positive, was " + window);
        }
        this.send = send;
        this.room = room;
        this.window = window;
        this.sent = sent;
    }

    void start(Join join) {
        queue(join);
        pump();
    }

    /** Carries on with joins held up because the connection was stopped; call when it is known to be up again. */
    void resume() {
        if (stalled) {
            stalled = false;
            pump();
        }
    }

    private void pump() {
        // A send may complete at once (and call back in here): the loop runs again instead of recursing.
        if (pumping) {
            again = true;
            return;
        }
        pumping = true;
        try {
            do {
                again = false;
                step();
            } while (again);
        } finally {
            pumping = false;
        }
    }

    private void step() {
        while (!waitingForRoom && !stalled && unconfirmed < window && !turns.isEmpty()) {
            Join join = turns.pollFirst();
            join.queued = false;
            if (join.abandoned) {
                continue;
            }
            Optional<Occupant> next = join.next();
            if (next.isEmpty()) {
                // Not before the last presence was confirmed: a refused one would otherwise come after the
                // session's own presence. Until then the join's last confirmation brings it back here.
                if (join.unconfirmed == 0) {
                    sent.accept(join);
                }
                continue;
            }
            Occupant other = next.get();
            queue(join);
            unconfirmed++;
            join.unconfirmed++;
            send.apply(MucStanzas.occupant(join.room, other, join.session, true, Extras.NONE))
                    .onComplete(ar -> confirmed(join, other, ar.succeeded()));
        }
    }

    private void confirmed(Join join, Occupant other, boolean ok) {
        unconfirmed--;
        join.unconfirmed--;
        if (!join.abandoned) {
            if (!ok) {
                join.refused(other);
                waitForRoom();
            }
            queue(join);
        }
        pump();
    }

    private void waitForRoom() {
        if (waitingForRoom) {
            return;
        }
        waitingForRoom = true;
        room.apply(window).onComplete(ar -> {
            waitingForRoom = false;
            if (ar.succeeded()) {
                pump();
            } else {
                stalled = true;
            }
        });
    }

    private void queue(Join join) {
        if (!join.queued) {
            join.queued = true;
            turns.addLast(join);
        }
    }
}
