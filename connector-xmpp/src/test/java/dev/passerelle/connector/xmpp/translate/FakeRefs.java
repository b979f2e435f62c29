package dev.passerelle.connector.xmpp.translate;

import dev.passerelle.core.address.Address;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.EventId;
import dev.passerelle.core.event.ReactionAdded;
import dev.passerelle.core.event.ReactionRemoved;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An in-memory message map for tests: XMPP ids per conversation, reaction state derived from recorded events. */
final class FakeRefs implements StanzaRefs {
    private final Map<String, EventId> canonical = new HashMap<>();
    private final Map<String, String> xmppIds = new HashMap<>();
    private final Map<String, Map<String, EventId>> reactions = new HashMap<>();
    private final Map<EventId, String> texts = new HashMap<>();
    private final Map<String, EventId> ownIds = new HashMap<>();
    private final Map<String, String> messageIds = new HashMap<>();

    /** Records that {@code id} is known as {@code xmppId} in {@code conversation}, both ways. */
    FakeRefs known(Address conversation, String xmppId, EventId id) {
        canonical.put(conversation.toUri() + " " + xmppId, id);
        xmppIds.put(id + " " + conversation.toUri(), xmppId);
        return this;
    }

    /** Records a room message's own id beside its stanza-id: what corrections quote. */
    FakeRefs messageId(Address conversation, String messageId, EventId id) {
        ownIds.put(conversation.toUri() + " " + messageId, id);
        messageIds.put(id + " " + conversation.toUri(), messageId);
        return this;
    }

    FakeRefs text(EventId id, String text) {
        texts.put(id, text);
        return this;
    }

    /** Applies reaction events to the state, as the store would once they are recorded. */
    void record(Iterable<Event> events) {
        for (Event event : events) {
            if (event instanceof ReactionAdded a) {
                reactions.computeIfAbsent(key(a.target(), a.sender()), k -> new LinkedHashMap<>()).put(a.key(), a.id());
            } else if (event instanceof ReactionRemoved r) {
                reactions.computeIfAbsent(key(r.target(), r.sender()), k -> new LinkedHashMap<>()).remove(r.key());
            }
        }
    }

    @Override
    public Optional<EventId> canonical(Address conversation, String xmppId) {
        return Optional.ofNullable(canonical.get(conversation.toUri() + " " + xmppId));
    }

    @Override
    public Optional<String> xmppId(EventId id, Address conversation) {
        return Optional.ofNullable(xmppIds.get(id + " " + conversation.toUri()));
    }

    @Override
    public Optional<String> messageId(EventId id, Address conversation) {
        String own = messageIds.get(id + " " + conversation.toUri());
        return own != null ? Optional.of(own) : xmppId(id, conversation);
    }

    @Override
    public Optional<EventId> corrected(Address conversation, String messageId) {
        EventId own = ownIds.get(conversation.toUri() + " " + messageId);
        return own != null ? Optional.of(own) : canonical(conversation, messageId);
    }

    @Override
    public Map<String, EventId> reactions(EventId target, Address user) {
        return Map.copyOf(reactions.getOrDefault(key(target, user), Map.of()));
    }

    @Override
    public Optional<String> text(EventId id) {
        return Optional.ofNullable(texts.get(id));
    }

    private static String key(EventId target, Address user) {
        return target + " " + user.toUri();
    }
}
