package dev.passerelle.core.router;

import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.GatewayException;
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
 * The ordered queue of one (conversation, target). It renders what is waiting in small groups, makes the
 * rendered bytes durable in one journal write, then sends one delivery at a time in seq order; a
 * failure holds up only this lane. Touched only on the router's context.
 */
final class Lane {
    /** How many waiting deliveries are rendered ahead and made durable together. */
    private static final int RENDER_AHEAD = 64;

    /** What a lane needs from the router around it. */
    interface Host {
        Clock clock();

        void journal(Object op);

        Duration retryDelay(int attempt, GatewayException failure);

        int maxAttempts();

        void schedule(Duration delay, Runnable task);

        void delivered(Lane lane, Item item);

        void retried(Lane lane, Item item, GatewayException failure);

        void deadLettered(Lane lane, Item item, GatewayException failure);
    }

    private final LaneKey key;
    private final Connector connector;
    private final Host host;
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private boolean busy;
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

    int size() {
        return queue.size();
    }

    boolean idle() {
        return queue.isEmpty() && !busy;
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

    /** Moves the lane on if it is not already working or waiting. */
    void pump() {
        if (busy || stopped || queue.isEmpty()) {
            return;
        }
        Item head = queue.peekFirst();
        Instant now = host.clock().instant();
        if (head.notBefore != null && head.notBefore.isAfter(now)) {
            busy = true;
            host.schedule(Duration.between(now, head.notBefore), () -> {
                busy = false;
                pump();
            });
            return;
        }
        busy = true;
        if (head.rendered == null) {
            renderAhead();
        } else {
            send(head);
        }
    }

    /** Renders the unrendered deliveries at the front of the queue in order, then stores them in one write. */
    private void renderAhead() {
        List<Item> group = new ArrayList<>();
        for (Item item : queue) {
            if (group.size() == RENDER_AHEAD) {
                break;
            }
            if (item.rendered == null) {
                group.add(item);
            }
        }
        List<Rendered> results = new ArrayList<>(group.size());
        Future<Void> chain = Future.succeededFuture();
        for (Item item : group) {
            chain = chain.compose(v -> renderOne(item).map(r -> {
                results.add(r);
                return null;
            }));
        }
        chain.onComplete(ar -> {
            // Everything rendered before a failure is kept: only the failed item is retried or dead-lettered.
            if (results.isEmpty()) {
                failed(group.get(0), GatewayException.of(ar.cause()));
                return;
            }
            List<JournalBatch.RenderedUpdate> updates = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                updates.add(new JournalBatch.RenderedUpdate(group.get(i).seq, results.get(i)));
            }
            persist(group.subList(0, results.size()), updates);
        });
    }

    private Future<Rendered> renderOne(Item item) {
        try {
            return connector.render(item.delivery());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void persist(List<Item> items, List<JournalBatch.RenderedUpdate> updates) {
        int[] remaining = {updates.size()};
        for (int i = 0; i < updates.size(); i++) {
            Item item = items.get(i);
            JournalBatch.RenderedUpdate update = updates.get(i);
            host.journal(new JournalWriter.RenderedOp(update, () -> {
                item.rendered = update.rendered();
                if (--remaining[0] == 0) {
                    busy = false;
                    pump();
                }
            }));
        }
    }

    private void send(Item head) {
        Future<dev.passerelle.core.spi.SendResult> sent;
        try {
            sent = connector.send(head.delivery(), head.rendered);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> {
            if (ar.succeeded()) {
                removeHead();
                host.delivered(this, withResult(head, ar.result()));
                busy = false;
                pump();
            } else {
                failed(head, GatewayException.of(ar.cause()));
            }
        });
    }

    private Item withResult(Item item, dev.passerelle.core.spi.SendResult result) {
        item.result = result;
        return item;
    }

    private void failed(Item head, GatewayException failure) {
        head.attempts++;
        if (failure.isRetryable() && head.attempts < host.maxAttempts()) {
            Duration delay = host.retryDelay(head.attempts, failure);
            head.notBefore = host.clock().instant().plus(delay);
            host.retried(this, head, failure);
        } else {
            removeHead();
            host.deadLettered(this, head, failure);
        }
        busy = false;
        pump();
    }

    private void removeHead() {
        queue.pollFirst();
        Item next = queue.peekFirst();
        headSinceMillis = next == null ? Long.MAX_VALUE : next.enqueuedMillis;
    }
}
