package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.EventId;
import java.util.Map;
import java.util.Optional;

/**
 * What translation needs from the message map, supplied by the caller. Implementations may block (a JDBC lookup):
 * translation runs on a worker thread, never on an event loop.
 *
 * <p>An XMPP message id is unique within one conversation only (a MUC's stanza-ids, a client's origin-ids), so every
 * lookup by XMPP id names the conversation; {@link XmppIds#nativeId} is the qualified form the map should store.
 */
public interface StanzaRefs {

    /**
     * The canonical event an XMPP id of this conversation belongs to, or empty if the gateway never saw it. Any id
     * the message had should answer (message id, origin-id, the room's stanza-id): receipts quote the message id,
     * markers and references in rooms the stanza-id. For the id of a correction, answer the original message, since
     * older clients correct the previous correction instead of the original (XEP-0308 asks for the original).
     */
    Optional<EventId> canonical(Address conversation, String xmppId);

    /**
     * The XMPP id by which others in {@code conversation} refer to canonical event {@code id} (in replace, retract,
     * reactions, reply and markers): in a MUC the stanza-id the room assigned, in one-to-one chats the origin-id
     * (which is also the message id). Empty if the event never reached that conversation.
     */
    Optional<String> xmppId(EventId id, Address conversation);

    /**
     * The id a XEP-0308 correction of canonical event {@code id} quotes in {@code conversation}: the original
     * message's own id (its {@code id} attribute, which the gateway also sends as origin-id), not the room's
     * stanza-id, which retractions, reactions, replies and markers use. One to one both are the same, which is
     * what the default answers; a store that keeps a room message's own id beside its stanza-id overrides this.
     */
    default Optional<String> messageId(EventId id, Address conversation) {
        return xmppId(id, conversation);
    }

    /**
     * The canonical event a XEP-0308 {@code <replace id>} of this conversation names: the message whose own id is
     * {@code messageId}. The default looks it up like any other id; a store that tells message ids from
     * stanza-ids answers from the message ids first, so that a stanza-id equal to another message's id cannot
     * redirect a correction.
     */
    default Optional<EventId> corrected(Address conversation, String messageId) {
        return canonical(conversation, messageId);
    }

    /**
     * The reactions {@code user} currently has on canonical message {@code target}, each key with the canonical
     * {@code ReactionAdded} event that added it; empty when there are none. This is the state that the reaction events
     * already recorded imply (added and not removed since), so the caller keeps no separate reaction table: XEP-0444
     * sends a user's whole set each time, and the difference with this map is what changed.
     */
    Map<String, EventId> reactions(EventId target, Address user);

    /**
     * The plain text of a message, quoted in the fallback of a reply to it (XEP-0461) for clients without reply
     * support; empty when not known, and the reply then goes without a quote.
     */
    default Optional<String> text(EventId id) {
        return Optional.empty();
    }
}
