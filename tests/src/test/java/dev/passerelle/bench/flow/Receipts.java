package dev.passerelle.bench.flow;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What the receivers saw of one probe: each (stream, seq) at most once counts as received with its latency; a second
 * arrival is a duplicate; messages of other probes (late arrivals of an earlier, overloaded probe) are counted apart.
 * Thread-safe: receivers on several threads record into it.
 */
final class Receipts {

    private final int probe;
    private final BitSet[] seen;
    private long[] latencies = new long[1 << 14];
    private int received;
    private int duplicates;
    private int stale;
    private int malformed;
    private long lastArrival;

    Receipts(int probe, int streams) {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be >= 1: " + streams);
        }
        this.probe = probe;
        this.seen = new BitSet[streams];
        for (int i = 0; i < streams; i++) {
            seen[i] = new BitSet();
        }
    }

    int probe() {
        return probe;
    }

    /** One message arrived at {@code arrivalNanos}. */
    synchronized void record(Probe p, long arrivalNanos) {
        if (p == null) {
            malformed++;
            return;
        }
        if (p.probe() != probe || p.stream() >= seen.length) {
            stale++;
            return;
        }
        BitSet s = seen[p.stream()];
        if (s.get(p.seq())) {
            duplicates++;
            return;
        }
        s.set(p.seq());
        if (received == latencies.length) {
            latencies = Arrays.copyOf(latencies, received * 2);
        }
        latencies[received++] = arrivalNanos - p.nanos();
        lastArrival = arrivalNanos;
    }

    /** A body that carried no probe (a receiver's parse failure). */
    synchronized void malformed() {
        malformed++;
    }

    synchronized int received() {
        return received;
    }

    synchronized long lastArrival() {
        return lastArrival;
    }

    /** The counts and latency quantiles so far, against {@code sent} messages offered. */
    synchronized Outcome outcome(long sent) {
        long[] sorted = Arrays.copyOf(latencies, received);
        Arrays.sort(sorted);
        return new Outcome(sent, received, duplicates, stale, malformed, quantile(sorted, 0.5),
                quantile(sorted, 0.99), quantile(sorted, 0.999), received == 0 ? 0 : sorted[received - 1]);
    }

    private static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Counts of one probe and its latency quantiles in nanoseconds. */
    record Outcome(long sent, long received, long duplicates, long stale, long malformed, long p50, long p99,
            long p999, long max) {

        long lost() {
            return sent - received;
        }

        /** Nothing lost, nothing duplicated, nothing unreadable, p99 within {@code p99LimitNanos}. */
        boolean sustained(long p99LimitNanos) {
            return lost() == 0 && duplicates == 0 && malformed == 0 && p99 <= p99LimitNanos;
        }
    }
}
