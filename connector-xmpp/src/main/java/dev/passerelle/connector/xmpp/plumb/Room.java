package dev.passerelle.connector.xmpp.plumb;

import io.vertx.core.Promise;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;

/** What {@link PlumbedRooms} knows of one plumbed room. Guarded by the PlumbedRooms instance's lock. */
final class Room {
    /** Enough to cover the overlap of a live stream and an archive page, and a reflection's copies. */
    private static final int REMEMBERED_IDS = 4096;

    final EntityBareJid jid;
    final Occupant listener;
    final Map<Jid, Occupant> ghosts = new HashMap<>();
    /** Real occupants by nick, with their real JID where the room discloses it. */
    final Map<Resourcepart, Optional<Jid>> roster = new HashMap<>();
    /** Stanza-ids already handed up (or consumed as ours). */
    final Bounded<String, Boolean> seen = new Bounded<>(REMEMBERED_IDS);
    /** Origin-ids of our own sends, with the stanza-id of their first reflection. */
    final Bounded<String, String> reflected = new Bounded<>(REMEMBERED_IDS);
    /** Nicks our ghosts held before a restart that may still be occupants (see {@link GhostSeats}). */
    final java.util.Set<Resourcepart> formerSeats = new java.util.HashSet<>();
    /**
     * Every nick our ghosts held here, before the last restart (the stored seats) or since, even one a ghost has
     * left for another: the archive may hold their messages under any of them. Only grows, by a nick per ghost.
     */
    final java.util.Set<Resourcepart> pastNicks = new java.util.HashSet<>();
    /** Former seats the room listed while the listener was joining. */
    final java.util.Set<Resourcepart> formerSeatsPresent = new java.util.HashSet<>();
    /** The nicks last handed to {@link GhostSeats#put}, and that write. */
    java.util.Set<Resourcepart> savedSeats = java.util.Set.of();
    io.vertx.core.Future<Void> seatsWritten = io.vertx.core.Future.succeededFuture();
    String subject;
    /** The archive query in progress, if any. */
    String queryId;
    /**
     * From a (re)join until the archive caught up: live messages are held back (the archive delivers them in
     * order) and do not move the cursor past messages that the archive has not delivered yet.
     */
    boolean catchingUp;
    /** Stanza-ids of live messages held back during the catch-up. */
    final java.util.Set<String> heldBack = new java.util.LinkedHashSet<>();
    /** The archive id the next page starts after. */
    String archivePosition;
    int extraRounds;
    String cursorInFlight;
    String cursorNext;

    Room(EntityBareJid jid, Occupant listener) {
        this.jid = jid;
        this.listener = listener;
    }

    /** The occupant of ours that {@code to} addresses, if any. */
    Occupant occupant(Jid to) {
        if (to == null) {
            return null;
        }
        if (listener.jid.equals(to)) {
            return listener;
        }
        return ghosts.get(to);
    }

    /** True when {@code nick} is (or is becoming) one of our occupants' nicks. */
    boolean ours(Resourcepart nick) {
        if (nick == null) {
            return false;
        }
        if (nick.equals(listener.nick)) {
            return true;
        }
        for (Occupant o : ghosts.values()) {
            if (nick.equals(o.nick)) {
                return true;
            }
        }
        return false;
    }

    /** One occupant of ours: the listener or a ghost. */
    static final class Occupant {
        enum State { ABSENT, JOINING, JOINED, BANNED }

        final Jid jid;
        String displayName;
        Resourcepart nick;
        State state = State.ABSENT;
        Promise<Void> joining;
        long joinTimer = -1;
        int conflicts;
        boolean rejoinedAfterKick;

        Occupant(Jid jid, String displayName) {
            this.jid = jid;
            this.displayName = displayName;
        }
    }

    /** An insertion-ordered map that forgets its oldest entries beyond a bound. */
    static final class Bounded<K, V> extends LinkedHashMap<K, V> {
        private final int max;

        Bounded(int max) {
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
        }
    }
}
