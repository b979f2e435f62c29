package dev.passerelle.connector.xmpp;

import dev.passerelle.connector.xmpp.translate.StanzaRefs;
import dev.passerelle.connector.xmpp.translate.XmppIds;
import dev.passerelle.core.address.Address;
import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.MessageEdited;
import dev.passerelle.core.event.MessageSent;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import dev.passerelle.core.store.ConnectorStateStore;
import dev.passerelle.core.store.MessageMap;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.StoreException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link StanzaRefs} on the gateway's store: XMPP ids through the message map, reaction sets and reply quotes
 * through the connector's state store. Blocking: worker threads only.
 *
 * <p>A message in a room has two XMPP ids: the stanza-id the room gave it, which markers, reactions and
 * retractions quote, and the sender's message id, which corrections (XEP-0308) and one-to-one receipts quote. The
 * first is the event's native id; the second is recorded as an alias ({@value #ALIAS} before the id), found by
 * {@link #canonical}, answered by {@link #messageId} and looked up first by {@link #corrected}, never answered by
 * {@link #xmppId}. One to one there is no alias: the native id is the message's own id.
 */
final class StoreRefs implements StanzaRefs {
    static final String ALIAS = "msgid:";
    /** Replies quote at most this much; the rest of a long text is not kept. */
    private static final int MAX_KEPT_TEXT = 400;

    private final MessageMap messages;
    private final ConnectorStateStore state;
    private final String connector;

    StoreRefs(MessageMap messages, ConnectorStateStore state, String connector) {
        this.messages = messages;
        this.state = state;
        this.connector = connector;
    }

    @Override
    public Optional<EventId> canonical(Address conversation, String xmppId) {
        Optional<EventId> found = messages.find(Network.XMPP, XmppIds.nativeId(conversation, xmppId));
        return found.isPresent() ? found : messages.find(Network.XMPP, XmppIds.nativeId(conversation, ALIAS + xmppId));
    }

    @Override
    public Optional<String> xmppId(EventId id, Address conversation) {
        String prefix = conversation.toUri() + " ";
        for (NativeRef ref : messages.refs(id)) {
            String value = ref.nativeId().value();
            if (ref.network() == Network.XMPP && value.startsWith(prefix)) {
                String xmppId = value.substring(prefix.length());
                if (!xmppId.startsWith(ALIAS)) {
                    return Optional.of(xmppId);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> messageId(EventId id, Address conversation) {
        String prefix = conversation.toUri() + " " + ALIAS;
        for (NativeRef ref : messages.refs(id)) {
            String value = ref.nativeId().value();
            if (ref.network() == Network.XMPP && value.startsWith(prefix)) {
                return Optional.of(value.substring(prefix.length()));
            }
        }
        return xmppId(id, conversation);
    }

    @Override
    public Optional<EventId> corrected(Address conversation, String messageId) {
        Optional<EventId> found = messages.find(Network.XMPP, XmppIds.nativeId(conversation, ALIAS + messageId));
        return found.isPresent() ? found : messages.find(Network.XMPP, XmppIds.nativeId(conversation, messageId));
    }

    @Override
    public Map<String, EventId> reactions(EventId target, Address user) {
        return state.get(connector, reactionKey(target, user)).map(StoreRefs::readReactions).orElseGet(Map::of);
    }

    @Override
    public Optional<String> text(EventId id) {
        return state.get(connector, "text/" + id).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** Records the message id a room message was sent with, so that corrections quoting it find the event. */
    void alias(EventId event, Address conversation, String messageId) {
        try {
            messages.put(event, new NativeRef(Network.XMPP, conversation,
                    XmppIds.nativeId(conversation, ALIAS + messageId)));
        } catch (StoreException.Conflict taken) {
            // The id already names another message of this conversation (a client reusing ids): the first keeps it.
        }
    }

    /** Keeps what later events need from this one: reaction sets and the text a reply quotes. */
    void remember(Event event) {
        if (event instanceof MessageSent m && !m.content().text().isBlank()) {
            keepText(m.id(), m.content().text());
        } else if (event instanceof MessageEdited e && !e.newContent().text().isBlank()) {
            keepText(e.target(), e.newContent().text());
        } else if (event instanceof ReactionAdded a) {
            Map<String, EventId> set = new LinkedHashMap<>(reactions(a.target(), a.sender()));
            set.put(a.key(), a.id());
            writeReactions(a.target(), a.sender(), set);
        } else if (event instanceof ReactionRemoved r) {
            Map<String, EventId> set = new LinkedHashMap<>(reactions(r.target(), r.sender()));
            set.remove(r.key());
            writeReactions(r.target(), r.sender(), set);
        }
    }

    private void keepText(EventId id, String text) {
        String kept = text.length() > MAX_KEPT_TEXT ? text.substring(0, MAX_KEPT_TEXT) : text;
        state.put(connector, "text/" + id, kept.getBytes(StandardCharsets.UTF_8));
    }

    private void writeReactions(EventId target, Address user, Map<String, EventId> set) {
        if (set.isEmpty()) {
            state.delete(connector, reactionKey(target, user));
            return;
        }
        JsonObject json = new JsonObject();
        set.forEach((k, v) -> json.put(k, v.toString()));
        state.put(connector, reactionKey(target, user), json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, EventId> readReactions(byte[] bytes) {
        JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
        Map<String, EventId> out = new LinkedHashMap<>();
        for (String key : json.fieldNames()) {
            out.put(key, EventId.parse(json.getString(key)));
        }
        return out;
    }

    private static String reactionKey(EventId target, Address user) {
        return "reactions/" + target + "/" + user.toUri();
    }
}
