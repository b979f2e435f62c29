package dev.passerelle.core.router;

import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The ordered queue of one (conversation, target). It renders what is waiting in groups and makes each
 * group's bytes durable in one journal write, while it sends, in seq order, the deliveries whose bytes are
 * already durable: up to the connector's {@link Connector#sendWindow() window} at once, settled in seq order as
 * their confirmations come back. A failure holds up only this lane. Touched only on the router's context.
 */
final class Lane {
    /** How many waiting deliveries are rendered ahead and made durable together. */
    private static final int RENDER_AHEAD = 256;

    /** What a lane needs from the router around it. */
    interface Host {
        Clock clock();

        void journal(Object op);

        Duration retryDelay(int attempt, GatewayException failure);

        int maxAttempts();

        void schedule(Duration delay, Runnable task);

        /** Runs the task on the router's context after the current one. */
        void later(Runnable task);

        void delivered(Lane lane, Item item);

        void retried(Lane lane, Item item, GatewayException failure);

        void deadLettered(Lane lane, Item item, GatewayException failure);
    }

    private final LaneKey key;
    private final Connector connector;
    private final Host host;
    /** How many sends may be in flight at once. */
    private final int window;
    /** Every delivery not yet settled, in seq order, those in flight included. */
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** How many deliveries of the queue were sent and are not settled yet. */
    private int inFlight;
    /** A group is being rendered or its bytes are being made durable. */
    private boolean rendering;
    /** The head waits for its retry time. */
    private boolean waiting;
    /** Which wait a retry timer belongs to: a wait cut short by {@link #wake} leaves its timer without effect. */
    private long waitNumber;
    private boolean stopped;
    private volatile long headSinceMillis = Long.MAX_VALUE;

    Lane(LaneKey key, Connector connector, Host host) {
        this.key = key;
        this.connector = connector;
        this.host = host;
        this.window = Math.max(1, Math.min(RENDER_AHEAD, connector.sendWindow()));
    }

    LaneKey key() {
        return key;
    }

    Connector connector() {
        return connector;
    }

    int size() {
        return queue.size();
    }

    boolean idle() {
        return queue.isEmpty() && inFlight == 0 && !rendering && !waiting;
    }

    /** When the oldest waiting delivery was enqueued, for the journal-lag gauge; read from any thread. */
    long headSinceMillis() {
        return headSinceMillis;
    }

    void add(Item item) {
        queue.addLast(item);
        if (queue.size() == 1) {
            headSinceMillis = item.enqueuedMillis;
        }
        pump();
    }

    void stop() {
        stopped = true;
    }

    /**
     * Moves the lane on: settles the sends that came back, renders ahead of the sends (so the journal write of
     * the next group overlaps the sends of this one), and sends what is durable and due, within the window.
     */
    void pump() {
        settle();
        if (stopped) {
            return;
        }
        renderAhead();
        while (!waiting && inFlight == 0 && queue.peekFirst() != null && queue.peekFirst().renderFailure != null) {
            Item head = queue.peekFirst();
            GatewayException failure = head.renderFailure;
            head.renderFailure = null;
            if (!retryLater(head, failure)) {
                queue.pollFirst();
                headChanged();
                host.deadLettered(this, head, failure);
            }
            renderAhead();
        }
        Item head = queue.peekFirst();
        if (waiting || head == null) {
            return;
        }
        Instant now = host.clock().instant();
        if (!head.inFlight && inFlight == 0 && head.notBefore != null && head.notBefore.isAfter(now)) {
            waiting = true;
            long number = ++waitNumber;
            host.schedule(Duration.between(now, head.notBefore), () -> {
                if (waitNumber == number && waiting) {
                    waiting = false;
                    pump();
                }
            });
            return;
        }
        sendMore(now);
    }

    /**
     * Sends, in queue order, the deliveries after those in flight while the window has room. Stops at one that
     * is not durable yet, failed to render, or waits for its retry time; a retry goes alone, once nothing else
     * is in flight, and nothing follows it until it is confirmed.
     */
    private void sendMore(Instant now) {
        for (Item item : queue) {
            if (inFlight >= window) {
                return;
            }
            if (item.inFlight) {
                if (item.attempts > 0) {
                    // Nothing goes beside a retry.
                    return;
                }
                continue;
            }
            if (item.rendered == null || item.renderFailure != null
                    || (item.notBefore != null && item.notBefore.isAfter(now))
                    || (item.attempts > 0 && inFlight > 0)) {
                return;
            }
            send(item);
            if (item.attempts > 0) {
                return;
            }
        }
    }

    /**
     * Settles, in seq order, the sends whose outcome came back: a confirmed one leaves the queue, a failed one is
     * retried later or dead-lettered. Stops at the first send still in flight: what came back after it waits.
     */
    private void settle() {
        int left = inFlight;
        for (Iterator<Item> it = queue.iterator(); left > 0 && it.hasNext(); ) {
            Item item = it.next();
            if (!item.inFlight) {
                // One that failed and waits for its retry; some sent after it may still be out.
                continue;
            }
            if (item.outcome == null) {
                return;
            }
            left--;
            AsyncResult<SendResult> outcome = item.outcome;
            item.outcome = null;
            item.inFlight = false;
            inFlight--;
            if (outcome.succeeded()) {
                item.result = outcome.result();
                it.remove();
                headChanged();
                host.delivered(this, item);
                continue;
            }
            GatewayException failure = GatewayException.of(outcome.cause());
            if (!retryLater(item, failure)) {
                it.remove();
                headChanged();
                host.deadLettered(this, item, failure);
            }
        }
    }

    /**
     * Renders, in queue order, up to {@link #RENDER_AHEAD} deliveries that have no bytes yet, then stores
     * their bytes in one journal write. Stops at a delivery whose rendering failed or that waits for a
     * retry: it is dealt with when it reaches the head.
     */
    private void renderAhead() {
        if (rendering) {
            return;
        }
        Instant now = host.clock().instant();
        List<Item> group = new ArrayList<>();
        int renderedAhead = 0;
        for (Item item : queue) {
            if (item.rendered != null) {
                // Enough bytes are waiting to be sent: render more once the sends have caught up.
                if (++renderedAhead >= RENDER_AHEAD) {
                    break;
                }
                continue;
            }
            if (item.renderFailure != null || (item.notBefore != null && item.notBefore.isAfter(now))
                    || group.size() == RENDER_AHEAD) {
                break;
            }
            group.add(item);
        }
        if (group.isEmpty()) {
            return;
        }
        rendering = true;
        List<Rendered> results = new ArrayList<>(group.size());
        Future<Void> chain = Future.succeededFuture();
        for (Item item : group) {
            chain = chain.compose(v -> renderOne(item).map(r -> {
                results.add(r);
                return null;
            }));
        }
        // A connector's future may complete on its own context: the lane goes on on the router's.
        chain.onComplete(ar -> host.later(() -> {
            if (ar.failed()) {
                // Everything rendered before the failure is kept; the failed delivery is retried or
                // dead-lettered when it reaches the head.
                group.get(results.size()).renderFailure = GatewayException.of(ar.cause());
            }
            if (results.isEmpty()) {
                rendering = false;
                pump();
                return;
            }
            persist(group.subList(0, results.size()), results);
        }));
    }

    private Future<Rendered> renderOne(Item item) {
        try {
            return connector.render(item.delivery());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void persist(List<Item> items, List<Rendered> results) {
        int[] remaining = {items.size()};
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            Rendered rendered = results.get(i);
            host.journal(new JournalWriter.RenderedOp(new JournalBatch.RenderedUpdate(item.seq, rendered), () -> {
                item.rendered = rendered;
                if (--remaining[0] == 0) {
                    rendering = false;
                    pump();
                }
            }));
        }
    }

    private void send(Item item) {
        item.inFlight = true;
        inFlight++;
        Future<SendResult> sent;
        try {
            sent = connector.send(item.delivery(), item.rendered);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        // Settled on the router's context, after the current task: a send that completed before returning does
        // not recurse into the loop that sent it.
        sent.onComplete(ar -> host.later(() -> {
            item.outcome = ar;
            pump();
        }));
    }

    /**
     * Sends the head now if it waits out a backoff after a failure (its target's connector is back): not one the
     * target asked for with a Retry-After, nor a wait for a retry time in the journal's future. Returns whether it woke.
     */
    boolean wake() {
        Item head = queue.peekFirst();
        if (stopped || head == null || head.inFlight || head.notBefore == null || head.targetAskedToWait
                || head.attempts == 0) {
            return false;
        }
        waiting = false;
        head.notBefore = null;
        pump();
        return true;
    }

    /**
     * Counts a failed attempt. Returns true when the delivery is to be tried again (its retry time set and
     * journalled), false when it is to be dead-lettered. One that failed behind a delivery already waiting for
     * its retry waits no longer than that one: it goes right after it.
     */
    private boolean retryLater(Item item, GatewayException failure) {
        item.attempts++;
        if (!failure.isRetryable() || item.attempts >= host.maxAttempts()) {
            return false;
        }
        Duration delay = host.retryDelay(item.attempts, failure);
        item.targetAskedToWait = failure.retryAfter().isPresent();
        Instant notBefore = host.clock().instant().plus(delay);
        Item head = queue.peekFirst();
        if (!item.targetAskedToWait && head != null && head != item && !head.inFlight && head.notBefore != null
                && head.notBefore.isBefore(notBefore)) {
            notBefore = head.notBefore;
        }
        item.notBefore = notBefore;
        host.retried(this, item, failure);
        return true;
    }

    private void headChanged() {
        Item next = queue.peekFirst();
        headSinceMillis = next == null ? Long.MAX_VALUE : next.enqueuedMillis;
    }
}
