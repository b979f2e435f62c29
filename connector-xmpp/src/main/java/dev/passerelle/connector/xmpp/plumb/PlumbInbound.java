package dev.passerelle.connector.xmpp.plumb;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;

/** What a plumbed room hands up to the connector, each item once, whichever occupant of ours received it. */
public sealed interface PlumbInbound {

    /** The plumbed room this came from. */
    EntityBareJid room();

    /**
     * A groupchat message of a real occupant, live or from the archive. {@code realJid} is known only in a
     * non-anonymous room; {@code stanzaId} is the id the room assigned (the archive id for archived ones);
     * {@code sentAt} is the archive's or the delay's timestamp, else the time of receipt.
     */
    record Message(EntityBareJid room, Resourcepart nick, Optional<Jid> realJid, Optional<String> stanzaId,
            org.jivesoftware.smack.packet.Message message, Instant sentAt, boolean fromArchive)
            implements PlumbInbound {
        public Message {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(realJid, "realJid");
            Objects.requireNonNull(stanzaId, "stanzaId");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(sentAt, "sentAt");
        }
    }

    /**
     * A message of ours the room reflected (live or from the archive): nothing to hand up, but its archive id may
     * become the room's archive cursor once everything handed up before it is durable.
     */
    record Taken(EntityBareJid room, String archiveId) implements PlumbInbound {
        public Taken {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(archiveId, "archiveId");
        }
    }

    /** A real occupant joined, left or changed nick ({@code newNick} only for {@link Kind#NICK_CHANGED}). */
    record Presence(EntityBareJid room, Resourcepart nick, Optional<Jid> realJid, Kind kind,
            Optional<Resourcepart> newNick) implements PlumbInbound {
        public Presence {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(realJid, "realJid");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(newNick, "newNick");
            if ((kind == Kind.NICK_CHANGED) != newNick.isPresent()) {
                throw new IllegalArgumentException("newNick is present exactly for NICK_CHANGED, kind was " + kind);
            }
        }

        /** What happened to the occupant. */
        public enum Kind { JOINED, LEFT, NICK_CHANGED }
    }

    /** The room's subject changed (or was first learnt); {@code nick} is empty when the room itself set it. */
    record Subject(EntityBareJid room, Optional<Resourcepart> nick, String subject) implements PlumbInbound {
        public Subject {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(nick, "nick");
            Objects.requireNonNull(subject, "subject");
        }
    }

    /** The room was destroyed, possibly naming an alternate venue; the room is no longer plumbed. */
    record Destroyed(EntityBareJid room, Optional<EntityBareJid> alternate, Optional<String> reason)
            implements PlumbInbound {
        public Destroyed {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(alternate, "alternate");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * One of our occupants (a ghost, or the listener itself) was kicked or banned. A kicked one rejoins once
     * after a delay; a banned one stays out and its sends fail PERMANENT.
     */
    record GhostRemoved(EntityBareJid room, Jid ghost, boolean banned, Optional<String> reason)
            implements PlumbInbound {
        public GhostRemoved {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(ghost, "ghost");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** A moderator retracted the message with stanza-id {@code target} (XEP-0425). */
    record Moderated(EntityBareJid room, String target, Optional<String> moderator, Optional<String> reason)
            implements PlumbInbound {
        public Moderated {
            Objects.requireNonNull(room, "room");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(moderator, "moderator");
            Objects.requireNonNull(reason, "reason");
            if (target.isEmpty()) {
                throw new IllegalArgumentException("target must not be empty");
            }
        }
    }
}
