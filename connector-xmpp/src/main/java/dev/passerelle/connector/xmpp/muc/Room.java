package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.address.Address;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jivesoftware.smack.packet.Message;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * The in-memory state of one hosted room: occupants by nick, by remote address, by XMPP session and in the order the
 * room took them in; and the sessions whose join is still being sent ({@link Join}), with what each was told so far.
 */
final class Room {

    /** How many groupchat messages a room keeps for the history sent on join. */
    static final int HISTORY = 20;

    /** One message kept for history: the copy as reflected (from the occupant JID), and when the room got it. */
    record Kept(Message message, Instant at) {
    }

    final EntityBareJid jid;
    final String name;
    Optional<String> subject;
    Optional<Resourcepart> subjectBy = Optional.empty();
    private final Map<Resourcepart, Occupant> byNick = new LinkedHashMap<>();
    private final Map<Address, Occupant> byAddress = new HashMap<>();
    private final Map<EntityFullJid, Occupant> bySession = new java.util.LinkedHashMap<>();
    private final NavigableMap<Long, Occupant> bySeq = new TreeMap<>();
    private long nextSeq = 1;
    private final Map<EntityFullJid, Join> joining = new HashMap<>();
    private final Set<EntityBareJid> banned = new HashSet<>();
    private final ArrayDeque<Kept> history = new ArrayDeque<>();

    Room(EntityBareJid jid, String name, Optional<String> subject) {
        this.jid = jid;
        this.name = name;
        this.subject = subject;
    }

    Collection<Occupant> occupants() {
        return byNick.values();
    }

    Optional<Occupant> byNick(Resourcepart nick) {
        return Optional.ofNullable(byNick.get(nick));
    }

    Optional<Occupant> byAddress(Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    Optional<Occupant> bySession(EntityFullJid session) {
        return Optional.ofNullable(bySession.get(session));
    }

    List<Occupant> byUser(EntityBareJid user) {
        List<Occupant> found = new ArrayList<>();
        for (Occupant o : byNick.values()) {
            if (o.user().filter(user::equals).isPresent()) {
                found.add(o);
            }
        }
        return found;
    }

    /** Every XMPP session in the room, joined or still joining. */
    List<EntityFullJid> sessions() {
        // From the session index: a room of many remote members and few XMPP clients walks only the clients.
        return new ArrayList<>(bySession.keySet());
    }

    /** The sessions whose join is complete: the recipients of messages and subject changes. */
    List<EntityFullJid> joinedSessions() {
        List<EntityFullJid> out = new ArrayList<>(bySession.size());
        for (EntityFullJid s : bySession.keySet()) {
            if (!joining.containsKey(s)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The sessions to tell of a change in {@code about}'s presence. A session still joining hears of an occupant
     * only once its join announced that occupant (until then, the join will send the occupant's current state, or
     * nothing if it left); of its own occupant it hears only a departure (its own presence ends the join).
     */
    List<EntityFullJid> recipients(Occupant about, boolean departure) {
        List<EntityFullJid> out = new ArrayList<>(bySession.size());
        for (EntityFullJid s : bySession.keySet()) {
            Join join = joining.get(s);
            if (join == null) {
                out.add(s);
            } else if (about.sessions().contains(s) ? departure : join.announced(about)) {
                out.add(s);
            }
        }
        return out;
    }

    void joinStarted(Join join) {
        joining.put(join.session, join);
    }

    /** The session's join was sent in full: from now on it hears everything. */
    void joinDone(Join join) {
        joining.remove(join.session, join);
    }

    /** Whether {@code occupant} is still in the room. */
    boolean contains(Occupant occupant) {
        return bySeq.get(occupant.seq()) == occupant;
    }

    /** The first occupant the room took in after {@code seq}, other than {@code skip}. */
    Optional<Occupant> after(long seq, Occupant skip) {
        for (Map.Entry<Long, Occupant> e = bySeq.higherEntry(seq); e != null; e = bySeq.higherEntry(e.getKey())) {
            if (e.getValue() != skip) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    void add(Occupant occupant) {
        occupant.seq(nextSeq++);
        bySeq.put(occupant.seq(), occupant);
        byNick.put(occupant.nick(), occupant);
        occupant.remote().ifPresent(a -> byAddress.put(a, occupant));
        occupant.sessions().forEach(s -> bySession.put(s, occupant));
    }

    void addSession(Occupant occupant, EntityFullJid session) {
        occupant.sessions().add(session);
        bySession.put(session, occupant);
    }

    /** Removes one session; returns true when it was the occupant's last one (the occupant is then gone). */
    boolean removeSession(Occupant occupant, EntityFullJid session) {
        occupant.sessions().remove(session);
        bySession.remove(session);
        abandonJoin(session);
        if (occupant.sessions().isEmpty()) {
            byNick.remove(occupant.nick());
            bySeq.remove(occupant.seq());
            return true;
        }
        return false;
    }

    void remove(Occupant occupant) {
        byNick.remove(occupant.nick());
        bySeq.remove(occupant.seq());
        occupant.remote().ifPresent(byAddress::remove);
        occupant.sessions().forEach(bySession::remove);
        occupant.sessions().forEach(this::abandonJoin);
    }

    private void abandonJoin(EntityFullJid session) {
        Join join = joining.remove(session);
        if (join != null) {
            join.abandoned = true;
        }
    }

    void rename(Occupant occupant, Resourcepart newNick) {
        byNick.remove(occupant.nick());
        occupant.nick(newNick);
        byNick.put(newNick, occupant);
    }

    void ban(EntityBareJid user) {
        banned.add(user);
    }

    boolean isBanned(EntityBareJid user) {
        return banned.contains(user);
    }

    void keep(Message reflected, Instant at) {
        history.addLast(new Kept(reflected, at));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    List<Kept> history() {
        return List.copyOf(history);
    }

    /**
     * A nick for a remote member made from its display name: valid as a resourcepart and unique in the room
     * (" (2)", " (3)"... on a clash). {@code self} may keep its own current nick.
     */
    Resourcepart uniqueNick(String displayName, Optional<Occupant> self) {
        String base = cleaned(displayName);
        for (int n = 1; ; n++) {
            String candidate = n == 1 ? base : base + " (" + n + ")";
            Resourcepart nick = asNick(candidate);
            Occupant holder = byNick.get(nick);
            if (holder == null || self.filter(s -> s == holder).isPresent()) {
                return nick;
            }
        }
    }

    private static String cleaned(String displayName) {
        StringBuilder sb = new StringBuilder();
        displayName.codePoints().filter(c -> !Character.isISOControl(c)).forEach(sb::appendCodePoint);
        String s = sb.toString().strip();
        // Resourceparts are at most 1023 bytes; display names longer than a line are useless as nicks anyway.
        if (s.codePointCount(0, s.length()) > 64) {
            s = s.substring(0, s.offsetByCodePoints(0, 64));
        }
        return s.isEmpty() ? "user" : s;
    }

    private static Resourcepart asNick(String candidate) {
        try {
            return Resourcepart.from(candidate);
        } catch (XmppStringprepException e) {
            // Characters resourceprep refuses: keep letters and digits only so the nick is still recognisable.
            String safe = candidate.replaceAll("[^\\p{L}\\p{N} ()_.-]", "_");
            return Resourcepart.fromOrThrowUnchecked(safe.isBlank() ? "user" : safe);
        }
    }
}
