package dev.passerelle.connector.xmpp.stream;

import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The outbound stanzas not yet confirmed, in send order, and the one ping that may be confirming them. A ping's
 * reply confirms every stanza written before the ping on the same stream: the server handles a component's
 * stanzas in order. Lives on the connection's event loop; not thread-safe.
 */
final class Outbox {

    /** One outbound stanza, its wire form fixed at send time so a resend is byte-identical. */
    record Entry(long seq, String xml, Promise<Void> promise) {
    }

    private final Deque<Entry> unconfirmed = new ArrayDeque<>();
    private final int capacity;
    private long nextSeq = 1;
    private String pingId;
    private long pingCovers;

    Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    boolean full() {
        return unconfirmed.size() >= capacity;
    }

    /** How many more stanzas it takes now. */
    int free() {
        return capacity - unconfirmed.size();
    }

    int capacity() {
        return capacity;
    }

    Entry add(String xml, Promise<Void> promise) {
        if (full()) {
            throw new IllegalStateException("outbox full");
        }
        Entry e = new Entry(nextSeq++, xml, promise);
        unconfirmed.addLast(e);
        return e;
    }

    int size() {
        return unconfirmed.size();
    }

    /** True when something awaits confirmation and no ping is on its way. */
    boolean needsPing() {
        return pingId == null && !unconfirmed.isEmpty();
    }

    boolean pingInFlight() {
        return pingId != null;
    }

    /** Records that a ping was written after every stanza currently in the outbox. */
    void pingSent(String id) {
        pingId = id;
        pingCovers = nextSeq - 1;
    }

    /** The entries the reply to ping {@code id} confirms, oldest first; empty for any other id. */
    List<Entry> pongReceived(String id) {
        List<Entry> confirmed = new ArrayList<>();
        if (pingId == null || !pingId.equals(id)) {
            return confirmed;
        }
        pingId = null;
        while (!unconfirmed.isEmpty() && unconfirmed.peekFirst().seq() <= pingCovers) {
            confirmed.add(unconfirmed.pollFirst());
        }
        return confirmed;
    }

    boolean isPing(String id) {
        return pingId != null && pingId.equals(id);
    }

    /** The stream is gone: its ping will never be answered; everything unconfirmed is to be written again. */
    List<Entry> streamLost() {
        pingId = null;
        return new ArrayList<>(unconfirmed);
    }

    /** Removes and returns everything (on stop). */
    List<Entry> drain() {
        pingId = null;
        List<Entry> all = new ArrayList<>(unconfirmed);
        unconfirmed.clear();
        return all;
    }
}
