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

    /** Records that {@code id} is known as {@code xmppId} in {@code conversation}, both ways. */
    FakeRefs known(Address conversation, String xmppId, EventId id) {
        canonical.put(conversation.toUri() + " " + xmppId, id);
        xmppIds.put(id + " " + conversation.toUri(), xmppId);
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
