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
import java.util.Optional;
import java.util.Set;
import org.jivesoftware.smack.packet.Message;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/** The in-memory state of one hosted room: occupants by nick, by remote address and by XMPP session. */
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

    /** Every XMPP session in the room: the recipients of a broadcast. */
    List<EntityFullJid> sessions() {
        // From the session index: a room of many remote members and few XMPP clients walks only the clients.
        return new ArrayList<>(bySession.keySet());
    }

    void add(Occupant occupant) {
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
        if (occupant.sessions().isEmpty()) {
            byNick.remove(occupant.nick());
            return true;
        }
        return false;
    }

    void remove(Occupant occupant) {
        byNick.remove(occupant.nick());
        occupant.remote().ifPresent(byAddress::remove);
        occupant.sessions().forEach(bySession::remove);
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
