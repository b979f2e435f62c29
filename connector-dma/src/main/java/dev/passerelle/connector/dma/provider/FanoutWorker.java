package dev.passerelle.connector.dma.provider;

import dev.passerelle.connector.dma.protocol.FanoutMessage;
import dev.passerelle.connector.dma.protocol.MimiEndpoint;
import dev.passerelle.connector.dma.transport.MimiHttpClient;
import dev.passerelle.core.spi.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the hub's fan-out logs: for each room and each provider an entry is addressed to, one lane that sends the
 * entries in log order, one at a time, each as one notify body made of the stored bytes (so a retry is
 * byte-identical and the follower's deduplication recognises it), and moves on only after a 2xx. Entries for our
 * own domain go to {@link LocalDelivery}. Failures are retried with exponential backoff (the peer's Retry-After
 * when it gives one) without limit, so a follower that is down for a while loses nothing; a lane stops retrying,
 * and skips what is left, once its domain has no participant in the room any more. Everything it needs is in the
 * store, so {@link #start()} after a restart resumes where the last acknowledgement left off.
 */
public final class FanoutWorker {

    /** The content type of MIMI protocol bodies (the draft defines none). */
    public static final String CONTENT_TYPE = "application/octet-stream";

    private static final Logger LOG = LoggerFactory.getLogger(FanoutWorker.class);

    private final Vertx vertx;
    private final String ownDomain;
    private final ProviderState state;
    private final MimiHttpClient client;
    private final LocalDelivery local;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final Map<String, Lane> lanes = new HashMap<>();
    /** One lock per room for {@link #acknowledge}, which runs on worker threads. */
    private final Map<String, Object> acknowledging = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong retries = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger failing = new java.util.concurrent.atomic.AtomicInteger();
    private Context context;
    private boolean stopped;

    private static final class Lane {
        final String roomUri;
        final String domain;
        boolean running;
        boolean again;
        int failures;
        long timer = -1;

        Lane(String roomUri, String domain) {
            this.roomUri = roomUri;
            this.domain = domain;
        }
    }

    private record Next(long sequence, byte[] body, boolean stillListed) {
    }

    /** A worker for the hub {@code ownDomain}; backoff doubles from {@code minBackoff} up to {@code maxBackoff}. */
    public FanoutWorker(Vertx vertx, String ownDomain, ProviderStore store, MimiHttpClient client, LocalDelivery local,
            Duration minBackoff, Duration maxBackoff) {
        if (vertx == null || ownDomain == null || store == null || client == null || local == null
                || minBackoff == null || maxBackoff == null) {
            throw new IllegalArgumentException("no argument may be null");
        }
        if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and max at least min");
        }
        this.vertx = vertx;
        this.ownDomain = ownDomain;
        this.state = new ProviderState(store);
        this.client = client;
        this.local = local;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Starts on the caller's context (or a new one) and resumes every hosted room's lanes. */
    public Future<Void> start() {
        context = vertx.getOrCreateContext();
        stopped = false;
        return vertx.executeBlocking(state::hostedRooms, false).map(rooms -> {
            context.runOnContext(v -> rooms.forEach(this::wake));
            return null;
        });
    }

    /** Stops sending; entries stay in the log for the next start. */
    public Future<Void> stop() {
        if (context == null) {
            return Future.succeededFuture();
        }
        context.runOnContext(v -> {
            stopped = true;
            lanes.values().forEach(l -> {
                if (l.timer >= 0) {
                    vertx.cancelTimer(l.timer);
                }
            });
            lanes.clear();
        });
        return Future.succeededFuture();
    }

    /** Makes every lane of {@code roomUri} look at its log again (the hub calls it after each change). */
    public void wake(String roomUri) {
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            if (stopped) {
                return;
            }
            vertx.executeBlocking(() -> state.lanes(roomUri), false).onSuccess(domains -> domains.forEach(d -> {
                Lane lane = lanes.computeIfAbsent(roomUri + " " + d, k -> new Lane(roomUri, d));
                if (lane.running) {
                    lane.again = true;
                } else if (lane.timer < 0) {
                    lane.running = true;
                    step(lane);
                }
            }));
        });
    }

    /** How many log entries are still to be delivered to {@code domain} for {@code roomUri}. Blocking. */
    public long pending(String roomUri, String domain) {
        ProviderRoom room = state.room(roomUri).orElse(null);
        if (room == null) {
            return 0;
        }
        long count = 0;
        for (long s = state.cursor(roomUri, domain); s < room.nextSequence(); s++) {
            if (state.log(roomUri, s).map(e -> e.recipients().contains(domain)).orElse(false)) {
                count++;
            }
        }
        return count;
    }

    private void step(Lane lane) {
        if (stopped) {
            return;
        }
        vertx.executeBlocking(() -> next(lane), false).onComplete(ar -> {
            if (ar.failed()) {
                retryLater(lane, ar.cause());
                return;
            }
            Optional<Next> next = ar.result();
            if (next.isEmpty()) {
                lane.running = false;
                if (lane.again) {
                    lane.again = false;
                    lane.running = true;
                    step(lane);
                }
                return;
            }
            Next n = next.get();
            // The delivery may complete on another context; the lane's fields belong to ours.
            send(lane, n.body()).onComplete(sent -> context.runOnContext(v -> sent(lane, n, sent)));
        });
    }

    private void sent(Lane lane, Next n, io.vertx.core.AsyncResult<?> sent) {
        if (sent.succeeded()) {
            if (lane.failures > 0) {
                failing.decrementAndGet();
            }
            lane.failures = 0;
            vertx.executeBlocking(() -> acknowledge(lane, n.sequence()), false).onComplete(acked -> {
                if (acked.failed()) {
                    retryLater(lane, acked.cause());
                } else {
                    step(lane);
                }
            });
        } else if (!n.stillListed()) {
            LOG.info("fan-out of {} to {} given up: the provider has no participant left in the room",
                    lane.roomUri, lane.domain);
            vertx.executeBlocking(() -> skipAll(lane), false).onComplete(v -> step(lane));
        } else {
            retryLater(lane, sent.cause());
        }
    }

    private Future<?> send(Lane lane, byte[] body) {
        if (lane.domain.equals(ownDomain)) {
            try {
                return local.deliver(lane.roomUri, FanoutMessage.decode(body));
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return client.post(lane.domain, MimiEndpoint.NOTIFY.path(lane.roomUri), Buffer.buffer(body), CONTENT_TYPE);
    }

    /** Sends to peers (or to our own members) that failed and were retried, since the start; any thread. */
    public long retries() {
        return retries.get();
    }

    /** Lanes (a room and a provider) whose last send failed and that are waiting to try again; any thread. */
    public int failingLanes() {
        return failing.get();
    }

    private void retryLater(Lane lane, Throwable cause) {
        retries.incrementAndGet();
        if (lane.failures == 0) {
            failing.incrementAndGet();
        }
        lane.failures++;
        Duration delay = minBackoff.multipliedBy(1L << Math.min(lane.failures - 1, 20));
        if (delay.compareTo(maxBackoff) > 0) {
            delay = maxBackoff;
        }
        if (cause instanceof GatewayException g && g.retryAfter().isPresent()) {
            Duration asked = g.retryAfter().get();
            delay = asked.compareTo(maxBackoff) > 0 ? maxBackoff : (asked.compareTo(delay) > 0 ? asked : delay);
        }
        LOG.debug("fan-out of {} to {} failed ({} in a row), retrying in {}: {}", lane.roomUri, lane.domain,
                lane.failures, delay, cause.toString());
        lane.timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> {
            lane.timer = -1;
            step(lane);
        });
    }

    /** The first entry at or after the lane's cursor addressed to it; skipped entries move the cursor. Blocking. */
    private Optional<Next> next(Lane lane) {
        ProviderRoom room = state.room(lane.roomUri).orElse(null);
        if (room == null) {
            return Optional.empty();
        }
        long start = state.cursor(lane.roomUri, lane.domain);
        for (long s = start; s < room.nextSequence(); s++) {
            Optional<ProviderState.LogEntry> entry = state.log(lane.roomUri, s);
            if (entry.isPresent() && entry.get().recipients().contains(lane.domain)) {
                if (s != start) {
                    state.putCursor(lane.roomUri, lane.domain, s);
                }
                return Optional.of(new Next(s, entry.get().body(), room.domains().contains(lane.domain)));
            }
        }
        if (start != room.nextSequence()) {
            state.putCursor(lane.roomUri, lane.domain, room.nextSequence());
        }
        return Optional.empty();
    }

    /** Moves the cursor past {@code sequence} and drops the entry once every recipient is past it. Blocking. */
    private Void acknowledge(Lane lane, long sequence) {
        // One commit for the cursor and the entry; the room's lanes acknowledge one at a time, so that the last
        // of them sees the others' cursors and deletes the entry.
        synchronized (acknowledging.computeIfAbsent(lane.roomUri, r -> new Object())) {
            state.together(() -> {
                state.putCursor(lane.roomUri, lane.domain, sequence + 1);
                Optional<ProviderState.LogEntry> entry = state.log(lane.roomUri, sequence);
                if (entry.isPresent() && entry.get().recipients().stream()
                        .allMatch(d -> state.cursor(lane.roomUri, d) > sequence)) {
                    state.deleteLog(lane.roomUri, sequence);
                }
            });
        }
        return null;
    }

    private Void skipAll(Lane lane) {
        state.room(lane.roomUri).ifPresent(r -> state.putCursor(lane.roomUri, lane.domain, r.nextSequence()));
        return null;
    }
}
