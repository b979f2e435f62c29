package dev.passerelle.faults;

import dev.passerelle.connector.matrix.homeserver.StoredEvent;
import dev.passerelle.e2e.Side;
import dev.passerelle.e2e.Topology.Conversation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smackx.sid.element.OriginIdElement;

/**
 * A stream of numbered texts from the three users of each conversation: every user sends its share in batches, one
 * batch every {@code period}, each sender on its own schedule (a sender held up, e.g. a Matrix push waiting for the
 * gateway, does not hold up the others). What arrived where is read back with {@link #receipts()}.
 */
final class MessageStream {

    private static final Pattern BODY = Pattern.compile("^(\\S+) c(\\d+) (xmpp|matrix|mimi) (\\d+)$");

    private final String tag;
    private final List<Conversation> conversations;
    private final int perConversation;
    private final AtomicInteger sent = new AtomicInteger();
    private final List<Side> senders;
    private final Map<String, AtomicInteger> sentBy = new ConcurrentHashMap<>();
    private volatile java.util.function.Function<Conversation, List<Message>> xmppView = c -> c.xmpp().received();

    /** {@code perConversation} texts in each conversation, shared as evenly as can be between its three users. */
    MessageStream(String tag, List<Conversation> conversations, int perConversation) {
        this(tag, conversations, perConversation, EnumSet.allOf(Side.class));
    }

    /** As {@link #MessageStream(String, List, int)}, with only the users of {@code senders} sending. */
    MessageStream(String tag, List<Conversation> conversations, int perConversation, Set<Side> senders) {
        if (tag.contains(" ")) {
            throw new IllegalArgumentException("the tag must be one word: " + tag);
        }
        if (senders.isEmpty() || perConversation < senders.size()) {
            throw new IllegalArgumentException("at least one text per sender is needed: " + perConversation
                    + " texts for " + senders);
        }
        this.senders = List.copyOf(new java.util.TreeSet<>(senders));
        this.tag = tag;
        this.conversations = List.copyOf(conversations);
        this.perConversation = perConversation;
    }

    /** How many texts {@code from} sends in each conversation. */
    int share(Side from) {
        int i = senders.indexOf(from);
        if (i < 0) {
            return 0;
        }
        int base = perConversation / senders.size();
        return base + (i < perConversation % senders.size() ? 1 : 0);
    }

    /** How many texts {@code from} has sent so far in conversation {@code c}. */
    int sentBy(int c, Side from) {
        AtomicInteger n = sentBy.get(c + from.id());
        return n == null ? 0 : n.get();
    }

    /** Texts sent in all, over every conversation and sender. */
    int total() {
        return perConversation * conversations.size();
    }

    /** Texts sent so far (a Matrix batch counts once its transaction is acknowledged). */
    int sent() {
        return sent.get();
    }

    String body(int conversation, Side from, int seq) {
        return tag + " c" + conversation + " " + from.id() + " " + seq;
    }

    /** Starts every sender on {@code timer}; the future completes when all have sent their share. */
    CompletableFuture<Void> start(ScheduledExecutorService timer, int batch, long periodMillis) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < conversations.size(); c++) {
            for (Side from : senders) {
                all.add(sender(timer, c, from, batch, periodMillis));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> sender(ScheduledExecutorService timer, int c, Side from, int batch,
            long periodMillis) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        int share = share(from);
        Conversation conversation = conversations.get(c);
        Runnable round = new Runnable() {
            @Override
            public void run() {
                try {
                    int first = next.get();
                    int end = Math.min(share, first + batch);
                    List<String> bodies = new ArrayList<>();
                    for (int seq = first; seq < end; seq++) {
                        bodies.add(body(c, from, seq));
                    }
                    if (from == Side.XMPP) {
                        for (String b : bodies) {
                            conversation.xmpp().sendText(b);
                        }
                    } else {
                        (from == Side.MATRIX ? conversation.matrix() : conversation.mimi()).sendTexts(bodies);
                    }
                    next.set(end);
                    sent.addAndGet(bodies.size());
                    sentBy.computeIfAbsent(c + from.id(), k -> new AtomicInteger()).addAndGet(bodies.size());
                    if (end >= share) {
                        done.complete(null);
                    } else {
                        timer.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
                    }
                } catch (RuntimeException | AssertionError e) {
                    done.completeExceptionally(new IllegalStateException("sender " + from.id() + " of conversation "
                            + c + " failed after " + next.get() + " texts", e));
                }
            }
        };
        timer.schedule(round, (long) (Math.random() * periodMillis), TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * Reads what reached XMPP with {@code view} instead of from the XMPP user's client (e.g. from the room's archive,
     * when the client was away).
     */
    void readXmppWith(java.util.function.Function<Conversation, List<Message>> view) {
        xmppView = view;
    }

    /** One text as a target user saw it: who sent it, its number, and (XMPP) its origin-id. */
    record Receipt(int conversation, Side from, int seq, String originId) {
    }

    /** What arrived at one user of one conversation, in arrival order (this stream's texts only). */
    List<Receipt> receipts(int c, Side at) {
        Conversation conversation = conversations.get(c);
        List<Receipt> out = new ArrayList<>();
        if (at == Side.XMPP) {
            for (Message m : xmppView.apply(conversation)) {
                OriginIdElement origin = OriginIdElement.getOriginId(m);
                parse(m.getBody(), origin == null ? null : origin.getId()).ifPresent(out::add);
            }
        } else {
            var member = at == Side.MATRIX ? conversation.matrix() : conversation.mimi();
            for (StoredEvent e : member.received()) {
                if (e.type().equals("m.room.message")) {
                    parse(e.content().path("body").asText(null), null).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    private java.util.Optional<Receipt> parse(String body, String originId) {
        if (body == null) {
            return java.util.Optional.empty();
        }
        Matcher m = BODY.matcher(body);
        if (!m.matches() || !m.group(1).equals(tag)) {
            return java.util.Optional.empty();
        }
        Side from = Side.valueOf(m.group(3).toUpperCase(java.util.Locale.ROOT));
        return java.util.Optional.of(new Receipt(Integer.parseInt(m.group(2)), from, Integer.parseInt(m.group(4)),
                originId));
    }

    /**
     * Waits up to {@code atMost} until {@code tally} finds nothing missing, and gives that tally; fails with the last
     * one seen otherwise.
     */
    static Tally awaitComplete(String what, java.time.Duration atMost, java.util.function.Supplier<Tally> tally) {
        java.util.concurrent.atomic.AtomicReference<Tally> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            org.awaitility.Awaitility.await(what).atMost(atMost).pollInterval(java.time.Duration.ofSeconds(1))
                    .until(() -> {
                        last.set(tally.get());
                        return last.get().missing() == 0;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": not complete after " + atMost.toSeconds() + " s:\n" + last.get(), e);
        }
        return last.get();
    }

    /** The whole picture: for every conversation and target, what is missing, repeated or out of order. */
    Tally tally() {
        return tally(EnumSet.allOf(Side.class), null);
    }

    /** What each sender has sent so far, for a {@link #tally(Set, Map)} of those texts only. */
    Map<String, Integer> sentSoFar() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        sentBy.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /**
     * As {@link #tally()} for the targets {@code at} only, and, unless {@code upTo} is null, for the texts sent
     * when {@link #sentSoFar()} gave {@code upTo} (a look while the stream still runs).
     */
    Tally tally(Set<Side> at, Map<String, Integer> upTo) {
        Tally tally = new Tally();
        for (int c = 0; c < conversations.size(); c++) {
            for (Side target : at) {
                int conversation = c;
                tally.add(c, target, receipts(c, target),
                        from -> upTo == null ? share(from) : upTo.getOrDefault(conversation + from.id(), 0));
            }
        }
        return tally;
    }
}
