package dev.passerelle.soak;

/**
 * One reading of both instances' memory at {@code seconds} after the traffic started: heap used and committed and the
 * heap left after the last major collection (the JVM's own figures, from {@code /metrics}), and resident set size
 * (the kernel's, {@code VmRSS}), in bytes; with the number of messages sent so far and how many of their deliveries
 * had arrived.
 */
record Sample(double seconds, Memory a, Memory b, long sent, long arrived) {

    /**
     * One instance's memory; {@code liveAfterGc} is the old generation after the last major collection
     * ({@code jvm_gc_live_data_size_bytes}), 0 before the first.
     */
    record Memory(long heapUsed, long heapCommitted, long rss, long liveAfterGc) {
        Memory {
            if (heapUsed < 0 || heapCommitted < 0 || rss <= 0 || liveAfterGc < 0) {
                throw new IllegalArgumentException("memory figures must be positive, got heap " + heapUsed + "/"
                        + heapCommitted + ", rss " + rss + ", live after GC " + liveAfterGc);
            }
        }
    }

    Sample {
        if (seconds < 0) {
            throw new IllegalArgumentException("a sample cannot be taken before the start: " + seconds);
        }
        java.util.Objects.requireNonNull(a, "a");
        java.util.Objects.requireNonNull(b, "b");
    }

    static final String CSV_HEADER = "seconds,a_heap_used,a_heap_committed,a_rss,b_heap_used,b_heap_committed,b_rss,"
            + "sent,arrived,a_live_after_gc,b_live_after_gc";

    long heapA() {
        return a.heapUsed();
    }

    long rssA() {
        return a.rss();
    }

    long heapB() {
        return b.heapUsed();
    }

    long rssB() {
        return b.rss();
    }

    long liveA() {
        return a.liveAfterGc();
    }

    long liveB() {
        return b.liveAfterGc();
    }

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", seconds, a.heapUsed(),
                a.heapCommitted(), a.rss(), b.heapUsed(), b.heapCommitted(), b.rss(), sent, arrived,
                a.liveAfterGc(), b.liveAfterGc());
    }
}
