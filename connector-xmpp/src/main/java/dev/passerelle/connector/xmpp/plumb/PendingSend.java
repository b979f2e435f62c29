package dev.passerelle.connector.xmpp.plumb;

import java.util.Objects;
import java.util.Optional;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * A ghost's message that the room reflected: the origin-id the gateway gave it and the stanza-id the room
 * assigned (empty only for a room that assigns none), which replies, reactions and retractions of other
 * occupants refer to and which the message mapping records.
 */
public record PendingSend(EntityBareJid room, Resourcepart nick, String originId, Optional<String> stanzaId) {

    public PendingSend {
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(nick, "nick");
        Objects.requireNonNull(originId, "originId");
        Objects.requireNonNull(stanzaId, "stanzaId");
        if (originId.isEmpty()) {
            throw new IllegalArgumentException("originId must not be empty");
        }
    }
}
