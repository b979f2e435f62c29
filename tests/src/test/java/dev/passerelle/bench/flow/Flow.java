package dev.passerelle.bench.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One path messages take (client to client, MUC, pass-through, gateway), set up once and then measured in windows:
 * {@link #measure} offers a rate for a time through its senders, waits for the tail and reads the receipts.
 */
abstract class Flow implements AutoCloseable {

    /** The longest wait for the tail after the senders stop; a window still receiving then has lost the rest. */
    private static final long DRAIN_CAP_NANOS = 30_000_000_000L;
    /** A window is over once nothing has arrived for this long (or everything has). */
    private static final long QUIET_NANOS = 1_500_000_000L;

    private final String name;
    private final int streams;
    private final int bodySize;
    private final List<Proc> processes;

    Flow(String name, int streams, int bodySize, List<Proc> processes) {
        this.name = name;
        this.streams = streams;
        this.bodySize = bodySize;
        this.processes = List.copyOf(processes);
    }

    String name() {
        return name;
    }

    int streams() {
        return streams;
    }

    /** Sends message {@code seq} of {@code stream} with {@code body} (pacer thread of that stream). */
    abstract void send(int probe, int stream, int seq, byte[] body) throws Exception;

    /** Points every receiver at {@code receipts}. */
    abstract void listen(Receipts receipts);

    /** Sends what the senders still hold back (a partial batch) at the end of a window; none by default. */
    void flush(int probe) throws Exception {
    }

    /** Starts collecting acknowledgements for a new window; null when the flow has none. */
    Window.Acks acks() {
        return null;
    }

    void resetAcks() {
    }

    /** Offers {@code rate} messages a second for {@code seconds}, then waits for the tail. */
    Window measure(int probe, double rate, double seconds) {
        Receipts receipts = new Receipts(probe, streams);
        listen(receipts);
        resetAcks();
        double[] cpu = new double[processes.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = processes.get(i).cpuSeconds();
        }
        long start = System.nanoTime();
        Pacer.Run run = Pacer.run(streams, rate, seconds,
                (s, q, t) -> send(probe, s, q, new Probe(probe, s, q, t).bodyBytes(bodySize)));
        try {
            flush(probe);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": flushing the last batch failed", e);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        List<Window.Usage> usage = new ArrayList<>();
        for (int i = 0; i < cpu.length; i++) {
            Proc p = processes.get(i);
            usage.add(new Window.Usage(p.name(), 100 * (p.cpuSeconds() - cpu[i]) / elapsed, p.rss()));
        }
        drain(receipts, run.sent());
        return new Window(name, rate, seconds, receipts.outcome(run.sent()), run.maxLagNanos(), usage, acks());
    }

    private static void drain(Receipts receipts, long sent) {
        long end = System.nanoTime() + DRAIN_CAP_NANOS;
        int last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < end) {
            int now = receipts.received();
            if (now >= sent) {
                return;
            }
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > QUIET_NANOS) {
                return;
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** A sink that records every body carrying a probe into {@code receipts}; other bodies are not ours. */
    static RawStream.BodySink into(Receipts receipts) {
        return (text, from, to, at) -> {
            if (Probe.carries(text, from, to)) {
                receipts.record(Probe.find(text, from, to), at);
            }
        };
    }
}
