package dev.passerelle.connector.matrix.appservice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers, for this process only, the transactions already acknowledged and those in progress, so a
 * homeserver's retry is answered without submitting its events again, and a retry that arrives while the
 * first attempt is still running waits for that attempt.
 *
 * <p>This is a shortcut, not the guarantee: it is forgotten on restart and bounded in size. The guarantee
 * is the core's dedup by Matrix event id. A transaction is known by its id AND a digest of its content
 * (the event ids, and the ephemeral events): a homeserver whose database was reset starts its transaction
 * ids again, and such a reused id with other events must be processed, not acknowledged unseen.
 * Thread-safe.
 */
final class TransactionLog {

    /**
     * Acknowledged transactions kept. A homeserver sends one transaction at a time and retries only its oldest
     * unacknowledged one, so only the last few acknowledgements can come back; at about 200 bytes an entry, a
     * busy room's 10,000 took the better part of an hour to fill and looked like a leak all that time.
     */
    static final int CAPACITY = 1_000;

    private final Map<String, Boolean> acknowledged = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Map<String, Future<Void>> inFlight = new HashMap<>();

    /** What {@link #run} did. */
    enum Outcome { PROCESSED, JOINED, ALREADY_ACKNOWLEDGED }

    /** A transaction's outcome and the future the reply waits for. */
    record Run(Outcome outcome, Future<Void> done) {
    }

    /**
     * Runs {@code process} unless the same transaction was acknowledged (then a succeeded future) or is in
     * progress (then that attempt's future). A failed attempt is forgotten, so the homeserver's retry runs.
     */
    Run run(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral, Supplier<Future<Void>> process) {
        String key = key(txnId, events, ephemeral);
        Future<Void> started;
        synchronized (this) {
            if (acknowledged.containsKey(key)) {
                return new Run(Outcome.ALREADY_ACKNOWLEDGED, Future.succeededFuture());
            }
            Future<Void> running = inFlight.get(key);
            if (running != null) {
                return new Run(Outcome.JOINED, running);
            }
            Future<Void> attempt;
            try {
                attempt = process.get();
            } catch (RuntimeException e) {
                attempt = Future.failedFuture(e);
            }
            started = attempt;
            inFlight.put(key, started);
        }
        started.onComplete(result -> {
            synchronized (this) {
                inFlight.remove(key);
                if (result.succeeded()) {
                    acknowledged.put(key, Boolean.TRUE);
                }
            }
        });
        return new Run(Outcome.PROCESSED, started);
    }

    synchronized int acknowledgedCount() {
        return acknowledged.size();
    }

    /**
     * The id and what identifies the content: room events by their ids (a retry re-serialises them with a
     * new {@code unsigned.age}, so their JSON may differ), ephemeral events by their JSON.
     */
    static String key(String txnId, List<ObjectNode> events, List<ObjectNode> ephemeral) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (ObjectNode event : events) {
            sha.update(event.path("event_id").asText("").getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        sha.update((byte) 1);
        for (ObjectNode event : ephemeral) {
            sha.update(event.toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return txnId + "\u0000" + HexFormat.of().formatHex(sha.digest());
    }
}
