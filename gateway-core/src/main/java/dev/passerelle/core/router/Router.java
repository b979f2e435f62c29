package dev.passerelle.core.router;

import dev.passerelle.core.address.Network;
import dev.passerelle.core.event.Event;
import dev.passerelle.core.event.ProfileChanged;
import dev.passerelle.core.event.RoomMetadataChanged;
import dev.passerelle.core.ghost.GhostNaming;
import dev.passerelle.core.json.EventJson;
import dev.passerelle.core.spi.Capability;
import dev.passerelle.core.spi.Connector;
import dev.passerelle.core.spi.DeliveryFailure;
import dev.passerelle.core.spi.EventSink;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.NativeRef;
import dev.passerelle.core.store.Store;
import dev.passerelle.core.store.StoredDelivery;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core's single entry point for inbound events and its delivery engine: drops echoes, journals one
 * delivery per target before the source is acknowledged, and delivers each (conversation, target) in
 * order, retrying transient failures and dead-lettering the rest.
 *
 * <p>Lanes live on one Vert.x context (the router's); the journal has one writer thread; JDBC never runs
 * on an event loop.
 */
public final class Router implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    /** How often the events of confirmed deliveries are deleted, in small transactions off the journal writer. */
    private static final Duration PRUNE_CONFIRMED_EVERY = Duration.ofSeconds(1);
    /** How often connectors' health is read, to wake their waiting lanes when one comes back up. */
    private static final Duration HEALTH_EVERY = Duration.ofMillis(250);

    private final Vertx vertx;
    private final Context context;
    private final Store store;
    private final GhostNaming ghosts;
    private final RouterSettings settings;
    private final Clock clock;
    private final RouterMetrics metrics;
    private final Backoff backoff;
    private final Map<Network, Connector> connectors = new EnumMap<>(Network.class);
    private final Map<LaneKey, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong pending = new AtomicLong();
    private final Host host = new Host();
    private final UnwrittenRefs unwritten = new UnwrittenRefs();
    private final Store connectorStore;
    private volatile JournalWriter writer;
    private volatile boolean accepting = true;
    private long pruneTimer = -1;
    private long pruneConfirmedTimer = -1;
    private final AtomicBoolean pruningConfirmed = new AtomicBoolean();
    private long healthTimer = -1;
    /** Whether each connector was up at the last reading; touched only on the router's context. */
    private final Map<Network, Boolean> wasUp = new EnumMap<>(Network.class);

    public Router(Vertx vertx, Store store, GhostNaming ghosts, RouterSettings settings, MeterRegistry metrics,
            Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.store = store;
        this.connectorStore = unwritten.over(store);
        this.ghosts = ghosts;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new RouterMetrics(metrics);
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        Gauge.builder("passerelle.deliveries.pending", pending, AtomicLong::get)
                .description("Deliveries journalled and not yet confirmed or dead-lettered").register(metrics);
        Gauge.builder("passerelle.journal.lag.seconds", this, Router::lagSeconds)
                .description("Age of the oldest delivery still waiting").register(metrics);
        Gauge.builder("passerelle.journal.backlog", this, r -> r.writer == null ? 0 : r.writer.backlog())
                .description("Operations waiting for the journal writer").register(metrics);
    }

    /** Makes a connector the delivery target for its network; call before {@link #start()}. */
    public void attach(Connector connector) {
        if (writer != null) {
            throw new IllegalStateException("attach connectors before the router starts");
        }
        Connector previous = connectors.putIfAbsent(connector.network(), connector);
        if (previous != null) {
            throw new IllegalStateException("a connector for " + connector.network().id() + " is already attached");
        }
    }

    /**
     * The store as connectors should see it: its message map also finds the native ids of deliveries the targets
     * have confirmed and the journal has not yet committed, so that an answer to a message just sent (a read
     * receipt, a reaction) finds the message. Closing it does not close the store.
     */
    public Store store() {
        return connectorStore;
    }

    /** The attached connectors. */
    public Collection<Connector> connectors() {
        return List.copyOf(connectors.values());
    }

    /** Resumes the journal's pending deliveries, then starts journalling and delivering. */
    public Future<Void> start() {
        Fanout fanout = new Fanout(store.links(), Map.copyOf(connectors), metrics);
        writer = new JournalWriter(store.journal(), fanout, context, this::appended, metrics, settings.maxBatch(),
                unwritten);
        return vertx.<List<Item>>executeBlocking(this::loadPending, false).compose(items -> {
            Promise<Void> started = Promise.promise();
            context.runOnContext(v -> {
                // The first reading of every connector's health: one down now and up before the next reading (a
                // quarter of a second later) still has its waiting conversations woken.
                watchHealth();
                items.forEach(this::dispatch);
                writer.start();
                pruneTimer = vertx.setPeriodic(PRUNE_EVERY.toMillis(), id -> prune());
                pruneConfirmedTimer = vertx.setPeriodic(PRUNE_CONFIRMED_EVERY.toMillis(), id -> pruneConfirmed());
                healthTimer = vertx.setPeriodic(HEALTH_EVERY.toMillis(), id -> context.runOnContext(x -> watchHealth()));
                LOG.info("Router started: {} pending deliveries resumed, {} connectors attached", items.size(),
                        connectors.size());
                started.complete();
            });
            return started.future();
        });
    }

    /** Stops delivering and writes what is queued; pending deliveries stay in the journal for the next start. */
    public Future<Void> stop() {
        accepting = false;
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
        if (pruneConfirmedTimer >= 0) {
            vertx.cancelTimer(pruneConfirmedTimer);
        }
        if (healthTimer >= 0) {
            vertx.cancelTimer(healthTimer);
        }
        Promise<Void> lanesStopped = Promise.promise();
        context.runOnContext(v -> {
            lanes.values().forEach(Lane::stop);
            lanesStopped.complete();
        });
        return lanesStopped.future().compose(v -> vertx.executeBlocking(() -> {
            if (writer != null) {
                writer.stopAndDrain();
            }
            return null;
        }, false)).onSuccess(v -> LOG.info("Router stopped: {} deliveries pending in the journal", pending.get()))
                .mapEmpty();
    }

    @Override
    public Future<Accepted> submit(Event event, EventRecords records) {
        if (!accepting || writer == null) {
            return Future.failedFuture(new GatewayException(GatewayException.Reason.TRANSIENT,
                    "the router is not running"));
        }
        if (ghosts.isGhost(event.sender())) {
            metrics.inbound(event.origin().network(), Accepted.ECHO);
            return Future.succeededFuture(Accepted.ECHO);
        }
        Promise<Accepted> promise = Promise.promise();
        writer.enqueue(new JournalWriter.Inbound(event, records, promise));
        return promise.future();
    }

    @Override
    public Future<List<Accepted>> submitAll(List<Event> events) {
        return submitAll(events, Collections.nCopies(events.size(), EventRecords.NONE));
    }

    /** Dead letters, newest first. */
    public Future<List<StoredDelivery>> deadLetters(int offset, int limit) {
        return vertx.executeBlocking(() -> store.journal().deadLetters(offset, limit), false);
    }

    /** Puts a dead letter back at the end of its queue; false if there is no such dead letter. */
    public Future<Boolean> retryDeadLetter(long seq) {
        return vertx.executeBlocking(() -> {
            if (!store.journal().revive(seq, clock.instant())) {
                return Optional.<Item>empty();
            }
            return store.journal().find(seq).map(this::toItem);
        }, false).compose(item -> {
            if (item.isEmpty()) {
                return Future.succeededFuture(false);
            }
            Promise<Boolean> queued = Promise.promise();
            context.runOnContext(v -> {
                dispatch(item.get());
                queued.complete(true);
            });
            return queued.future();
        });
    }

    /** Drops a dead letter for good; false if there is no such dead letter. */
    public Future<Boolean> discardDeadLetter(long seq) {
        return vertx.executeBlocking(() -> store.journal().discard(seq), false);
    }

    /** Deliveries journalled and not yet confirmed or dead-lettered. */
    public long pendingCount() {
        return pending.get();
    }

    // --- journal writer callbacks (router context) ---

    private void appended(List<JournalWriter.Outcome> outcomes) {
        long now = clock.millis();
        for (JournalWriter.Outcome o : outcomes) {
            Event event = o.inbound().event();
            metrics.inbound(event.origin().network(), o.accepted());
            if (o.accepted() == Accepted.RELAYED) {
                List<JournalBatch.Target> targets = o.resolution().targets();
                for (int i = 0; i < targets.size(); i++) {
                    JournalBatch.Target t = targets.get(i);
                    dispatch(new Item(o.seqs()[i], event, o.resolution().link().id(), t.room(), t.key(), 0, null, null,
                            now));
                }
            }
            o.inbound().promise().tryComplete(o.accepted());
        }
    }

    private void dispatch(Item item) {
        Connector connector = connectors.get(item.target.network());
        if (connector == null) {
            // Only after a config change removed a connector: keep the row, it resumes when one is attached.
            LOG.warn("No connector for {}: delivery {} stays pending", item.target.network().id(), item.seq);
            return;
        }
        pending.incrementAndGet();
        lanes.computeIfAbsent(item.laneKey(), k -> new Lane(k, connector, host)).add(item);
    }

    /** What lanes call back into; runs on the router's context. */
    private final class Host implements Lane.Host {

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void journal(Object op) {
            writer.enqueue(op);
        }

        @Override
        public Duration retryDelay(int attempt, GatewayException failure) {
            return backoff.delay(attempt, failure.retryAfter());
        }

        @Override
        public int maxAttempts() {
            return settings.maxAttempts();
        }

        @Override
        public void schedule(Duration delay, Runnable task) {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> context.runOnContext(v -> task.run()));
        }

        @Override
        public void later(Runnable task) {
            context.runOnContext(v -> task.run());
        }

        @Override
        public void delivered(Lane lane, Item item) {
            pending.decrementAndGet();
            metrics.delivered(item.target.network());
            Optional<NativeRef> ref = item.result.nativeId()
                    .map(id -> new NativeRef(item.target.network(), item.target, id));
            List<NativeRef> aliases = item.result.aliases().stream()
                    .map(id -> new NativeRef(item.target.network(), item.target, id)).toList();
            JournalBatch.Done done = new JournalBatch.Done(item.seq, item.event.id(), ref, aliases);
            unwritten.confirmed(done);
            writer.enqueue(done);
            retire(lane);
        }

        @Override
        public void retried(Lane lane, Item item, GatewayException failure) {
            metrics.retried(item.target.network());
            // A delivery that keeps failing is worth an operator's look: a warning at attempts 4, 8, 16 and so on,
            // a few lines per stuck delivery however long it stays stuck.
            if (item.attempts >= 4 && Integer.bitCount(item.attempts) == 1) {
                LOG.warn("Delivery {} to {} failed {} times, the last with: {}; next attempt at {}", item.seq,
                        item.target.toUri(), item.attempts, describe(failure), item.notBefore);
            } else {
                LOG.debug("Delivery {} to {} failed ({}), attempt {} of {}, next at {}", item.seq,
                        item.target.toUri(), failure.getMessage(), item.attempts, settings.maxAttempts(),
                        item.notBefore);
            }
            writer.enqueue(new JournalBatch.Retry(item.seq, item.attempts, item.notBefore, describe(failure)));
        }

        @Override
        public void deadLettered(Lane lane, Item item, GatewayException failure) {
            pending.decrementAndGet();
            if (failure.reason() == GatewayException.Reason.UNSUPPORTED && noFormElsewhere(item.event)) {
                // The target network has no form at all for this kind of event (a display-name change to MIMI,
                // say): it is not carried, as the compatibility table says. A dead letter would ask an operator
                // to act on what nobody can change, and there is no message to report as failed.
                metrics.notCarried(item.target.network(), "unsupported");
                LOG.debug("Event {} not carried to {}: {}", item.event.id(), item.target.toUri(), describe(failure));
                writer.enqueue(new JournalBatch.Done(item.seq, item.event.id(), Optional.empty()));
                retire(lane);
                return;
            }
            metrics.deadLettered(item.target.network());
            LOG.warn("Delivery {} of event {} to {} dead-lettered after {} attempts: {}", item.seq, item.event.id(),
                    item.target.toUri(), item.attempts, describe(failure));
            writer.enqueue(new JournalBatch.DeadLetter(item.seq, item.attempts, describe(failure)));
            Connector origin = connectors.get(item.event.origin().network());
            if (origin != null) {
                DeliveryFailure report = new DeliveryFailure(item.event, item.target, failure.reason(), describe(failure));
                Future<Void> told;
                try {
                    told = origin.reportFailure(report);
                } catch (RuntimeException e) {
                    told = Future.failedFuture(e);
                }
                told.onComplete(ar -> {
                    metrics.failureReport(ar.succeeded());
                    if (ar.failed()) {
                        LOG.warn("Could not tell {} that event {} was not delivered: {}", item.event.sender().toUri(),
                                item.event.id(), ar.cause().toString());
                    }
                });
            }
            retire(lane);
        }
    }

    private void retire(Lane lane) {
        if (lane.idle()) {
            lanes.remove(lane.key(), lane);
        }
    }

    /** Events about a profile or the room's metadata, or ephemeral state: none of them is a user's message. */
    private static boolean noFormElsewhere(Event event) {
        return event instanceof ProfileChanged || event instanceof RoomMetadataChanged
                || Capability.neededBy(event).map(Capability::ephemeral).orElse(false);
    }

    private static String describe(GatewayException failure) {
        return failure.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + failure.getMessage();
    }

    // --- worker-thread helpers ---

    private List<Item> loadPending() {
        List<StoredDelivery> rows = store.journal().pending();
        List<Item> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(toItem(row)));
        return items;
    }

    private Item toItem(StoredDelivery row) {
        Event event = EventJson.read(row.eventJson());
        Instant notBefore = row.attempts() == 0 ? null : row.notBefore();
        return new Item(row.seq(), event, row.link(), row.target(), row.key(), row.attempts(), notBefore,
                row.rendered().orElse(null), clock.millis());
    }

    /**
     * Wakes the lanes of a connector that has just come back up (its health went from CONNECTING or DOWN to UP):
     * their heads failed while it was away and would otherwise wait out a backoff grown during the outage (up to
     * {@code router.max-backoff}), so that a backlog drains as fast as the target takes it, not as the timers say.
     * A wait the target asked for (Retry-After) is kept. On the router's context.
     */
    private void watchHealth() {
        for (Connector connector : connectors.values()) {
            boolean up;
            try {
                up = connector.health().ready();
            } catch (RuntimeException e) {
                up = false;
            }
            Boolean before = wasUp.put(connector.network(), up);
            if (up && Boolean.FALSE.equals(before)) {
                int woken = 0;
                for (Lane lane : lanes.values()) {
                    if (lane.connector() == connector && lane.wake()) {
                        woken++;
                    }
                }
                if (woken > 0) {
                    LOG.info("Connector {} is up again: {} waiting conversations retried now",
                            connector.network().id(), woken);
                }
            }
        }
    }

    private void prune() {
        vertx.executeBlocking(() -> store.journal().prune(), false)
                .onFailure(t -> LOG.warn("Journal pruning failed: {}", t.toString()));
    }

    private void pruneConfirmed() {
        // One round at a time: a round slower than the period is not joined by the next.
        if (!pruningConfirmed.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> store.journal().pruneConfirmed(), false)
                .onComplete(ar -> pruningConfirmed.set(false))
                .onFailure(t -> LOG.warn("Deleting the events of confirmed deliveries failed: {}", t.toString()));
    }

    private double lagSeconds() {
        long oldest = Long.MAX_VALUE;
        for (Lane lane : lanes.values()) {
            oldest = Math.min(oldest, lane.headSinceMillis());
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }
}
