package dev.passerelle.core.router;

import dev.passerelle.core.event.Event;
import dev.passerelle.core.json.EventJson;
import dev.passerelle.core.json.EventJsonException;
import dev.passerelle.core.spi.EventSink.Accepted;
import dev.passerelle.core.spi.GatewayException;
import dev.passerelle.core.store.DeliveryJournal;
import dev.passerelle.core.store.EventRecords;
import dev.passerelle.core.store.JournalBatch;
import dev.passerelle.core.store.JournalResult;
import dev.passerelle.core.store.NativeRef;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's only writer: one thread that takes whatever is waiting (up to the batch limit) and
 * writes it in one transaction. Under low load a batch is one event and latency stays low; under high
 * load batches grow on their own. Completions, which nothing waits for, are held up to {@value #HOLD_MILLIS} ms to
 * ride with the next commit. Results go back to the router's context in one task per batch.
 */
final class JournalWriter {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final long POLL_MILLIS = 200;
    private static final long MAX_PAUSE_MILLIS = 5_000;
    /**
     * How long completions alone may wait for a commit that writes something waited for, or for each other: under
     * a steady flow most of them share the next inbound or rendered commit instead of costing one of their own.
     */
    static final long HOLD_MILLIS = 20;
    /** Completions written at once however recent: a full commit's worth. */
    private static final int HOLD_LIMIT = 256;

    /**
     * An inbound event waiting to be journalled with what its connector keeps about it; {@code promise} completes
     * on the router's context.
     */
    record Inbound(Event event, EventRecords records, Promise<Accepted> promise) {
    }

    /** A rendered payload to make durable; {@code onDurable} runs on the router's context afterwards. */
    record RenderedOp(JournalBatch.RenderedUpdate update, Runnable onDurable) {
    }

    /** The outcome of one inbound event, handed to the router with its new deliveries. */
    record Outcome(Inbound inbound, Accepted accepted, Fanout.Resolution resolution, long[] seqs) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final DeliveryJournal journal;
    private final Fanout fanout;
    private final Context context;
    private final Consumer<List<Outcome>> onAppended;
    private final RouterMetrics metrics;
    private final int maxBatch;
    private final long holdNanos;
    private final UnwrittenRefs unwritten;
    private volatile boolean running;
    private Thread thread;

    /** {@code unwritten} is told which completions each commit wrote. */
    JournalWriter(DeliveryJournal journal, Fanout fanout, Context context, Consumer<List<Outcome>> onAppended,
            RouterMetrics metrics, int maxBatch, UnwrittenRefs unwritten) {
        this(journal, fanout, context, onAppended, metrics, maxBatch, Duration.ofMillis(HOLD_MILLIS), unwritten);
    }

    /** With {@code hold}, the longest completions alone wait for a commit. */
    JournalWriter(DeliveryJournal journal, Fanout fanout, Context context, Consumer<List<Outcome>> onAppended,
            RouterMetrics metrics, int maxBatch, Duration hold) {
        this(journal, fanout, context, onAppended, metrics, maxBatch, hold, new UnwrittenRefs());
    }

    private JournalWriter(DeliveryJournal journal, Fanout fanout, Context context, Consumer<List<Outcome>> onAppended,
            RouterMetrics metrics, int maxBatch, Duration hold, UnwrittenRefs unwritten) {
        this.unwritten = unwritten;
        this.journal = journal;
        this.fanout = fanout;
        this.context = context;
        this.onAppended = onAppended;
        this.metrics = metrics;
        this.maxBatch = maxBatch;
        this.holdNanos = hold.toNanos();
    }

    /** Queues an operation: an {@link Inbound}, a {@link RenderedOp}, or a Done/Retry/DeadLetter row. */
    void enqueue(Object op) {
        queue.add(op);
    }

    int backlog() {
        return queue.size();
    }

    void start() {
        running = true;
        thread = new Thread(this::loop, "passerelle-journal-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops after writing what is already queued; blocks the caller until then (call from a worker). */
    void stopAndDrain() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(30_000);
        }
    }

    private void loop() {
        List<Object> carry = new ArrayList<>();
        List<Object> held = new ArrayList<>();
        long heldSince = 0;
        long pauseMillis = 0;
        while (running || !queue.isEmpty() || !carry.isEmpty() || !held.isEmpty()) {
            boolean retrying = !carry.isEmpty();
            List<Object> ops = new ArrayList<>(carry);
            carry.clear();
            try {
                if (ops.isEmpty()) {
                    long waitNanos = held.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)
                            : Math.max(0, heldSince + holdNanos - System.nanoTime());
                    Object first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                    if (first != null) {
                        ops.add(first);
                    } else if (held.isEmpty()) {
                        continue;
                    }
                }
                queue.drainTo(ops, Math.max(0, maxBatch - ops.size() - held.size()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (running && !retrying && !urgent(ops)) {
                // Completions only: nothing waits for them, so they wait (briefly) to share a commit.
                if (held.isEmpty()) {
                    heldSince = System.nanoTime();
                }
                held.addAll(ops);
                if (held.size() < HOLD_LIMIT && System.nanoTime() - heldSince < holdNanos) {
                    continue;
                }
                ops = new ArrayList<>();
            }
            if (!held.isEmpty()) {
                held.addAll(ops);
                ops = held;
                held = new ArrayList<>();
            }
            try {
                write(ops);
                pauseMillis = 0;
            } catch (RuntimeException e) {
                pauseMillis = pauseMillis == 0 ? 100 : Math.min(pauseMillis * 2, MAX_PAUSE_MILLIS);
                LOG.warn("Journal write of {} operations failed, retrying in {} ms: {}", ops.size(), pauseMillis,
                        e.toString());
                metrics.journalFailure();
                carry.addAll(failInbound(ops, e));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pauseMillis));
            }
        }
    }

    /**
     * Whether something in {@code ops} is waited for: an inbound event (its source's acknowledgement), a rendered
     * payload (its first send), a dead letter (an operator may act on it at once). Completions and retries are
     * not: the lane moves on without them, and one lost in a crash only means a resend the target recognises.
     */
    private static boolean urgent(List<Object> ops) {
        for (Object op : ops) {
            if (op instanceof Inbound || op instanceof RenderedOp || op instanceof JournalBatch.DeadLetter) {
                return true;
            }
        }
        return false;
    }

    /** Fails the inbound events (their sources retry) and returns the rest, which must be written later. */
    private List<Object> failInbound(List<Object> ops, RuntimeException cause) {
        List<Object> rest = new ArrayList<>();
        List<Inbound> failed = new ArrayList<>();
        for (Object op : ops) {
            if (op instanceof Inbound in) {
                failed.add(in);
            } else {
                rest.add(op);
            }
        }
        if (!failed.isEmpty()) {
            GatewayException error = new GatewayException(GatewayException.Reason.TRANSIENT,
                    "the delivery journal is unavailable: " + cause.getMessage(), cause);
            context.runOnContext(v -> failed.forEach(in -> in.promise().tryFail(error)));
        }
        return rest;
    }

    private void write(List<Object> ops) {
        List<Inbound> inbound = new ArrayList<>();
        List<Fanout.Resolution> resolutions = new ArrayList<>();
        List<JournalBatch.Append> appends = new ArrayList<>();
        List<JournalBatch.RenderedUpdate> rendered = new ArrayList<>();
        List<RenderedOp> renderedOps = new ArrayList<>();
        List<JournalBatch.Done> done = new ArrayList<>();
        List<JournalBatch.Retry> retries = new ArrayList<>();
        List<JournalBatch.DeadLetter> dead = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Object op : ops) {
            if (op instanceof Inbound in) {
                Fanout.Resolution resolution = fanout.resolve(in.event());
                if (resolution == null) {
                    outcomes.add(new Outcome(in, Accepted.NOT_BRIDGED, null, null));
                    continue;
                }
                Event e = in.event();
                byte[] json;
                try {
                    json = EventJson.write(e);
                } catch (EventJsonException tooLarge) {
                    // Only this event is refused (it can never be journalled); the rest of the batch goes on.
                    GatewayException refused = new GatewayException(GatewayException.Reason.INVALID,
                            "event " + e.id() + " cannot be journalled: " + tooLarge.getMessage(), tooLarge);
                    context.runOnContext(v -> in.promise().tryFail(refused));
                    continue;
                }
                inbound.add(in);
                resolutions.add(resolution);
                appends.add(new JournalBatch.Append(e.id(),
                        new NativeRef(e.origin().network(), e.conversation(), e.origin().nativeId()),
                        resolution.link().id(), json, resolution.targets(), in.records()));
            } else if (op instanceof RenderedOp r) {
                rendered.add(r.update());
                renderedOps.add(r);
            } else if (op instanceof JournalBatch.Done d) {
                done.add(d);
            } else if (op instanceof JournalBatch.Retry r) {
                retries.add(r);
            } else if (op instanceof JournalBatch.DeadLetter d) {
                dead.add(d);
            } else {
                throw new IllegalStateException("unknown journal operation " + op);
            }
        }
        JournalBatch batch = new JournalBatch(appends, rendered, done, retries, dead);
        if (!batch.isEmpty()) {
            long start = System.nanoTime();
            JournalResult result = journal.write(batch);
            metrics.committed(ops.size(), System.nanoTime() - start);
            unwritten.committed(done);
            for (int i = 0; i < inbound.size(); i++) {
                Accepted accepted = result.duplicate(i) ? Accepted.DUPLICATE : Accepted.RELAYED;
                outcomes.add(new Outcome(inbound.get(i), accepted, resolutions.get(i), result.appended().get(i)));
            }
        }
        if (!outcomes.isEmpty() || !renderedOps.isEmpty()) {
            context.runOnContext(v -> {
                onAppended.accept(outcomes);
                renderedOps.forEach(r -> r.onDurable().run());
            });
        }
    }
}
