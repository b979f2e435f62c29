package dev.passerelle.core.router;

import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.spi.SendResult;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.Rendered;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The ordered queue of one (conversation, target). It renders what is waiting in groups and makes each
 * group's bytes durable in one journal write, while it sends, one at a time and in seq order, the
 * deliveries whose bytes are already durable. A failure holds up only this lane. Touched only on the
 * router's context.
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
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    /** A send of the head is in flight. */
    private boolean sending;
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
        return queue.isEmpty() && !sending && !rendering && !waiting;
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
     * Moves the lane on: renders ahead of the sends (so the journal write of the next group overlaps the
     * sends of this one), and sends the head once its bytes are durable and its retry time has come.
     */
    void pump() {
        if (stopped) {
            return;
        }
        renderAhead();
        Item head = queue.peekFirst();
        if (sending || waiting || head == null) {
            return;
        }
        if (head.renderFailure != null) {
            GatewayException failure = head.renderFailure;
            head.renderFailure = null;
            failed(head, failure);
            return;
        }
        Instant now = host.clock().instant();
        if (head.notBefore != null && head.notBefore.isAfter(now)) {
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
        if (head.rendered != null) {
            sending = true;
            send(head);
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
        chain.onComplete(ar -> {
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
        });
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

    private void send(Item head) {
        Future<SendResult> sent;
        try {
            sent = connector.send(head.delivery(), head.rendered);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        boolean[] returned = {false};
        sent.onComplete(ar -> {
            sending = false;
            if (ar.succeeded()) {
                head.result = ar.result();
                removeHead();
                host.delivered(this, head);
                // A send that completed before returning would otherwise recurse once per delivery.
                if (returned[0]) {
                    pump();
                } else {
                    host.later(this::pump);
                }
            } else {
                failed(head, GatewayException.of(ar.cause()));
            }
        });
        returned[0] = true;
    }

    /**
     * Sends the head now if it waits out a backoff after a failure (its target's connector is back): not one the
     * target asked for with a Retry-After, nor a wait for a retry time in the journal's future. Returns whether it woke.
     */
    boolean wake() {
        Item head = queue.peekFirst();
        if (stopped || !waiting || head == null || head.targetAskedToWait || head.attempts == 0) {
            return false;
        }
        waiting = false;
        head.notBefore = null;
        pump();
        return true;
    }

    private void failed(Item head, GatewayException failure) {
        head.attempts++;
        if (failure.isRetryable() && head.attempts < host.maxAttempts()) {
            Duration delay = host.retryDelay(head.attempts, failure);
            head.targetAskedToWait = failure.retryAfter().isPresent();
            head.notBefore = host.clock().instant().plus(delay);
            host.retried(this, head, failure);
        } else {
            removeHead();
            host.deadLettered(this, head, failure);
        }
        pump();
    }

    private void removeHead() {
        queue.pollFirst();
        Item next = queue.peekFirst();
        headSinceMillis = next == null ? Long.MAX_VALUE : next.enqueuedMillis;
    }
}
