package dev.passerelle.connector.xmpp.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * Thins a ghost's chat states (XEP-0085) per conversation before the connector sends them: a state equal to the
 * last one sent is dropped (repeated {@code composing} from a network that refreshes typing every few seconds),
 * and at most one state goes out per window, the latest one winning. Pure logic on a clock; not thread-safe.
 */
public final class ChatStateLimiter {

    /** A state that waited out its window and goes out now. */
    public record Due(EntityBareJid ghost, Jid conversation, ChatState state) {}

    private record Key(EntityBareJid ghost, Jid conversation) {}

    private static final class Entry {
        ChatState sent;
        Instant sentAt;
        ChatState pending;
    }

    private final Clock clock;
    private final Duration window;
    private final Duration idle;
    private final LinkedHashMap<Key, Entry> entries;

    /**
     * @param window the shortest time between two states sent for one (ghost, conversation)
     * @param maxConversations how many (ghost, conversation) pairs are remembered; the least recently used is
     *     forgotten beyond it (its next state is then sent as if it were the first)
     */
    public ChatStateLimiter(Clock clock, Duration window, int maxConversations) {
        if (clock == null) {
            throw new IllegalArgumentException("clock must not be null");
        }
        if (window == null || window.isNegative()) {
            throw new IllegalArgumentException("window must be zero or positive, was " + window);
        }
        if (maxConversations < 1) {
            throw new IllegalArgumentException("maxConversations must be at least 1, was " + maxConversations);
        }
        this.clock = clock;
        this.window = window;
        // XEP-0085 lets a receiver drop "composing" after 30 s without news; after that long a repeat is news again.
        this.idle = window.compareTo(Duration.ofSeconds(30)) > 0 ? window : Duration.ofSeconds(30);
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > maxConversations;
            }
        };
    }

    /**
     * Offers a state; returns it if it should be sent now, or empty if it was suppressed or is held back until
     * {@link #due()} releases it.
     */
    public Optional<ChatState> offer(EntityBareJid ghost, Jid conversation, ChatState state) {
        if (ghost == null || conversation == null || state == null) {
            throw new IllegalArgumentException("ghost, conversation and state are required");
        }
        Instant now = clock.instant();
        Key key = new Key(ghost, conversation);
        Entry e = entries.get(key);
        if (e == null || !now.isBefore(e.sentAt.plus(idle)) && e.pending == null) {
            e = new Entry();
            entries.put(key, e);
            return Optional.of(sent(e, state, now));
        }
        if (state == e.sent) {
            // Back to what the other side already sees: whatever was waiting is moot.
            e.pending = null;
            return Optional.empty();
        }
        if (!now.isBefore(e.sentAt.plus(window))) {
            return Optional.of(sent(e, state, now));
        }
        e.pending = state;
        return Optional.empty();
    }

    /** The held-back states whose window has passed, to be sent now. */
    public List<Due> due() {
        Instant now = clock.instant();
        List<Due> out = new ArrayList<>();
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Entry> m = it.next();
            Entry e = m.getValue();
            if (e.pending != null && !now.isBefore(e.sentAt.plus(window))) {
                out.add(new Due(m.getKey().ghost(), m.getKey().conversation(), sent(e, e.pending, now)));
            } else if (e.pending == null && !now.isBefore(e.sentAt.plus(idle))) {
                it.remove();
            }
        }
        return out;
    }

    /** How many (ghost, conversation) pairs are remembered. */
    public int size() {
        return entries.size();
    }

    private static ChatState sent(Entry e, ChatState state, Instant now) {
        e.sent = state;
        e.sentAt = now;
        e.pending = null;
        return state;
    }
}
