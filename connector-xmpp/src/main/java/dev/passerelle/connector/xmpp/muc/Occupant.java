package dev.passerelle.connector.xmpp.muc;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Role;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * One occupant of a hosted room: either a remote member (no XMPP sessions) or an XMPP user with one or more
 * joined sessions (XEP-0045 multi-session nicks: several clients of one account share a nick).
 */
final class Occupant {

    private Resourcepart nick;
    private Role role;
    private final Optional<Address> remote;
    private final Optional<EntityBareJid> user;
    private final Set<EntityFullJid> sessions = new LinkedHashSet<>();
    private Presence.Mode mode = Presence.Mode.available;
    private Optional<String> status = Optional.empty();
    /** When the room took it in (set once, by {@link Room#add}): the order in which a joiner is told of occupants. */
    private long seq;

    private Occupant(Resourcepart nick, Role role, Optional<Address> remote, Optional<EntityBareJid> user) {
        this.nick = nick;
        this.role = role;
        this.remote = remote;
        this.user = user;
    }

    static Occupant remote(Resourcepart nick, Role role, Address address) {
        return new Occupant(nick, role, Optional.of(address), Optional.empty());
    }

    static Occupant xmpp(Resourcepart nick, Role role, EntityFullJid session) {
        Occupant o = new Occupant(nick, role, Optional.empty(), Optional.of(session.asEntityBareJid()));
        o.sessions.add(session);
        return o;
    }

    Resourcepart nick() {
        return nick;
    }

    void nick(Resourcepart newNick) {
        this.nick = newNick;
    }

    long seq() {
        return seq;
    }

    void seq(long taken) {
        this.seq = taken;
    }

    Role role() {
        return role;
    }

    void role(Role newRole) {
        this.role = newRole;
    }

    Optional<Address> remote() {
        return remote;
    }

    Optional<EntityBareJid> user() {
        return user;
    }

    boolean isRemote() {
        return remote.isPresent();
    }

    Set<EntityFullJid> sessions() {
        return sessions;
    }

    /** The JID shown in items: an XMPP occupant's first session (non-anonymous room); none for remote members. */
    Optional<EntityFullJid> shownJid() {
        return sessions.stream().findFirst();
    }

    Presence.Mode mode() {
        return mode;
    }

    Optional<String> status() {
        return status;
    }

    void show(Presence.Mode newMode, Optional<String> newStatus) {
        this.mode = newMode == null ? Presence.Mode.available : newMode;
        this.status = newStatus;
    }
}
