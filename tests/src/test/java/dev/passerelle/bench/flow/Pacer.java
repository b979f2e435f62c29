package dev.passerelle.bench.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: {@code streams} threads, each emitting at {@code rate / streams} per second on a fixed schedule
 * for a fixed time, whatever the system under test does. A message carries its scheduled time, so a sender that
 * falls behind (blocked by TCP back-pressure) shows as latency, and its worst lag is reported so that a generator
 * that cannot keep up is seen.
 */
final class Pacer {

    /** Sends message {@code seq} of {@code stream}, scheduled at {@code nanos}. */
    interface Emitter {
        void emit(int stream, int seq, long nanos) throws Exception;
    }

    /** What the senders did: messages sent and the worst lag behind schedule. */
    record Run(long sent, long maxLagNanos, double seconds) {
    }

    private Pacer() {
    }

    static Run run(int streams, double rate, double seconds, Emitter emitter) {
        if (streams < 1 || rate <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("streams, rate and seconds must be positive: " + streams + ", " + rate
                    + ", " + seconds);
        }
        long interval = Math.max(1, Math.round(1e9 * streams / rate));
        long start = System.nanoTime() + 20_000_000L;
        long end = start + (long) (seconds * 1e9);
        AtomicLong sent = new AtomicLong();
        AtomicLong lag = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int stream = s;
            // Streams start staggered over one interval, so that the offered load is smooth, not in bursts of ten.
            long first = start + interval * s / streams;
            Thread t = new Thread(() -> {
                int seq = 0;
                long worst = 0;
                try {
                    for (long due = first; due < end; due += interval) {
                        long now = System.nanoTime();
                        while (now < due) {
                            LockSupport.parkNanos(due - now);
                            now = System.nanoTime();
                        }
                        worst = Math.max(worst, now - due);
                        emitter.emit(stream, seq++, due);
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    sent.addAndGet(seq);
                    long w = worst;
                    lag.accumulateAndGet(w, Math::max);
                }
            }, "pacer-" + s);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending", e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("a sender failed: " + failures.get(0), failures.get(0));
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        return new Run(sent.get(), lag.get(), seconds);
    }
}
