package dev.passerelle.connector.xmpp.muc;

import java.util.ArrayDeque;
import java.util.Optional;
import org.jxmpp.jid.EntityFullJid;

/**
 * One session's join while the presences of the other occupants are on their way to it. The occupants are told in
 * the order the room took them in, each with its state at the time of sending; {@link #cursor} marks how far that
 * got, so occupants who come or go meanwhile are told once (or, if gone before their turn, not at all). The
 * session's own presence, history and subject follow once every other occupant's presence was confirmed.
 */
final class Join {

    final Room room;
    final EntityFullJid session;
    final Occupant occupant;
    final HistoryRequest history;
    /** The {@link Occupant#seq} of the last occupant whose presence was sent to the session. */
    private long cursor;
    /** Occupants whose presence the connection refused: sent again before the join goes on. */
    private final ArrayDeque<Occupant> refused = new ArrayDeque<>();
    /** Presences of this join sent and not yet confirmed. */
    int unconfirmed;
    /** The session left (or was removed) before its join was sent: nothing more goes to it. */
    boolean abandoned;
    /** Whether the join waits for its turn in {@link JoinPacer}. */
    boolean queued;

    Join(Room room, EntityFullJid session, Occupant occupant, HistoryRequest history) {
        this.room = room;
        this.session = session;
        this.occupant = occupant;
        this.history = history;
    }

    /** Whether the session was sent (or is being sent) {@code other}'s presence, so must hear of its changes. */
    boolean announced(Occupant other) {
        return other.seq() <= cursor;
    }

    /** The next occupant to tell the session of; empty once all were (for now: others may still come). */
    Optional<Occupant> next() {
        while (!refused.isEmpty()) {
            Occupant again = refused.pollFirst();
            if (room.contains(again)) {
                return Optional.of(again);
            }
        }
        Optional<Occupant> next = room.after(cursor, occupant);
        next.ifPresent(o -> cursor = o.seq());
        return next;
    }

    void refused(Occupant other) {
        refused.addLast(other);
    }
}
