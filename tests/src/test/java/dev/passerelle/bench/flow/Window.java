package dev.passerelle.bench.flow;

import java.util.List;

/**
 * One measured window of one flow: the rate offered, what the receivers saw, how far the senders fell behind
 * schedule, the CPU and RSS of each process over the window, and (Matrix to XMPP) the transaction acknowledgements.
 */
record Window(String flow, double offered, double seconds, Receipts.Outcome outcome, long maxLagNanos,
        List<Usage> usage, Acks acks) {

    /** CPU used over the window in percent of one core, and RSS at its end. */
    record Usage(String process, double cpuPercent, long rss) {
    }

    /** Acknowledgement latency quantiles of the transactions pushed in the window, in nanoseconds. */
    record Acks(int count, int failed, long p50, long p99, long max) {
    }

    boolean sustained(long p99LimitNanos) {
        return outcome.sustained(p99LimitNanos) && (acks == null || acks.failed() == 0);
    }

    /** Messages received per second of sending. */
    double receivedRate() {
        return outcome.received() / seconds;
    }
}
