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
import dev.passerelle.core.event.NativeId;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.StateWrite;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>A message's alias and kept text are not written here: they go to the journal with the event
 * ({@link #records}) or with the delivery's completion, in its group commit, so a relayed message costs no commit
 * of its own. Until that commit they are answered from {@link Recent}, so a correction sent right after its
 * message still finds it.
 */
final class StoreRefs implements StanzaRefs {
    static final String ALIAS = "msgid:";
    /** Replies quote at most this much; the rest of a long text is not kept. */
    private static final int MAX_KEPT_TEXT = 400;
    /** Aliases and texts of the latest messages answered from memory: well beyond a journal batch in flight. */
    private static final int RECENT = 4096;

    private final MessageMap messages;
    private final ConnectorStateStore state;
    private final String connector;
    private final Recent recent = new Recent(RECENT);

    StoreRefs(MessageMap messages, ConnectorStateStore state, String connector) {
        this.messages = messages;
        this.state = state;
        this.connector = connector;
    }

    @Override
    public Optional<EventId> canonical(Address conversation, String xmppId) {
        Optional<EventId> found = messages.find(Network.XMPP, XmppIds.nativeId(conversation, xmppId));
        return found.isPresent() ? found : aliased(conversation, xmppId);
    }

    /**
     * The message sent with this message id; from memory while its alias may not be committed yet. The store
     * answers first: a message seen again (a room's archive replayed) has a new event id, which the journal
     * drops as a duplicate, while the store keeps the first.
     */
    private Optional<EventId> aliased(Address conversation, String messageId) {
        NativeId alias = XmppIds.nativeId(conversation, ALIAS + messageId);
        Optional<EventId> stored = messages.find(Network.XMPP, alias);
        return stored.isPresent() ? stored : recent.event(alias);
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
        Optional<String> recentOne = recent.messageId(id, conversation);
        return recentOne.isPresent() ? recentOne : xmppId(id, conversation);
    }

    @Override
    public Optional<EventId> corrected(Address conversation, String messageId) {
        Optional<EventId> found = aliased(conversation, messageId);
        return found.isPresent() ? found : messages.find(Network.XMPP, XmppIds.nativeId(conversation, messageId));
    }

    @Override
    public Map<String, EventId> reactions(EventId target, Address user) {
        return state.get(connector, reactionKey(target, user)).map(StoreRefs::readReactions).orElseGet(Map::of);
    }

    @Override
    public Optional<String> text(EventId id) {
        Optional<String> recentOne = recent.text(id);
        return recentOne.isPresent() ? recentOne
                : state.get(connector, textKey(id)).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * What to keep about an inbound event, for the journal to write with it: the text a reply quotes and, when
     * {@code messageId} is given, the message id the sender used beside the id the room gave (corrections quote
     * it). Answered from memory until the journal has written them.
     */
    EventRecords records(Event event, Optional<String> messageId) {
        List<NativeRef> aliases = new ArrayList<>(1);
        if (messageId.isPresent()) {
            aliases.add(alias(event.id(), event.conversation(), messageId.get()));
        }
        List<StateWrite> writes = new ArrayList<>(1);
        textWrite(event).ifPresent(writes::add);
        return aliases.isEmpty() && writes.isEmpty() ? EventRecords.NONE : new EventRecords(aliases, writes);
    }

    /**
     * The text of a message (or of an edit, under the message it replaces) to keep for later reply quotes, as a
     * state write that the journal commits with the event or the rendered delivery; empty for other events.
     */
    Optional<StateWrite> textWrite(Event event) {
        EventId id;
        String text;
        if (event instanceof MessageSent m && !m.content().text().isBlank()) {
            id = m.id();
            text = m.content().text();
        } else if (event instanceof MessageEdited e && !e.newContent().text().isBlank()) {
            id = e.target();
            text = e.newContent().text();
        } else {
            return Optional.empty();
        }
        String kept = text.length() > MAX_KEPT_TEXT ? text.substring(0, MAX_KEPT_TEXT) : text;
        recent.text(id, kept);
        return Optional.of(new StateWrite(connector, textKey(id), kept.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The alias under which a room message sent with {@code messageId} is found (corrections quote it), for the
     * journal to map with the event or the delivery's completion (the first message keeps an id a client reuses).
     */
    NativeRef alias(EventId event, Address conversation, String messageId) {
        NativeId alias = XmppIds.nativeId(conversation, ALIAS + messageId);
        recent.alias(event, conversation, messageId, alias);
        return new NativeRef(Network.XMPP, conversation, alias);
    }

    /** Whether {@link #remember} writes anything for this event. */
    static boolean remembers(Event event) {
        return event instanceof ReactionAdded || event instanceof ReactionRemoved;
    }

    /** Keeps the reaction sets later reactions of the same user change (a read, then a write: not batched). */
    void remember(Event event) {
        if (event instanceof ReactionAdded a) {
            Map<String, EventId> set = new LinkedHashMap<>(reactions(a.target(), a.sender()));
            set.put(a.key(), a.id());
            writeReactions(a.target(), a.sender(), set);
        } else if (event instanceof ReactionRemoved r) {
            Map<String, EventId> set = new LinkedHashMap<>(reactions(r.target(), r.sender()));
            set.remove(r.key());
            writeReactions(r.target(), r.sender(), set);
        }
    }

    private static String textKey(EventId id) {
        return "text/" + id;
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

    /** The aliases and texts of the latest messages, bounded; thread-safe (worker threads share it). */
    static final class Recent {
        private final Map<NativeId, EventId> byAlias;
        private final Map<String, String> messageIds;
        private final Map<EventId, String> texts;

        Recent(int capacity) {
            byAlias = bounded(capacity);
            messageIds = bounded(capacity);
            texts = bounded(capacity);
        }

        private static <K, V> Map<K, V> bounded(int capacity) {
            return new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                    return size() > capacity;
                }
            };
        }

        synchronized void alias(EventId event, Address conversation, String messageId, NativeId alias) {
            // The first message keeps an id a client reuses, as in the message map.
            byAlias.putIfAbsent(alias, event);
            messageIds.putIfAbsent(event + " " + conversation.toUri(), messageId);
        }

        synchronized Optional<EventId> event(NativeId alias) {
            return Optional.ofNullable(byAlias.get(alias));
        }

        synchronized Optional<String> messageId(EventId event, Address conversation) {
            return Optional.ofNullable(messageIds.get(event + " " + conversation.toUri()));
        }

        synchronized void text(EventId id, String text) {
            texts.put(id, text);
        }

        synchronized Optional<String> text(EventId id) {
            return Optional.ofNullable(texts.get(id));
        }
    }
}
