package dev.passerelle.soak;

/**
 * One reading of both instances' memory at {@code seconds} after the traffic started: heap used and committed (the
 * JVM's own figures, from {@code /metrics}) and resident set size (the kernel's, {@code VmRSS}), in bytes; with the
 * number of messages sent so far and how many of their deliveries had arrived.
 */
record Sample(double seconds, Memory a, Memory b, long sent, long arrived) {

    /** One instance's memory. */
    record Memory(long heapUsed, long heapCommitted, long rss) {
        Memory {
            if (heapUsed < 0 || heapCommitted < 0 || rss <= 0) {
                throw new IllegalArgumentException("memory figures must be positive, got heap " + heapUsed + "/"
                        + heapCommitted + ", rss " + rss);
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
            + "sent,arrived";

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

    String csv() {
        return String.format(java.util.Locale.ROOT, "%.1f,%d,%d,%d,%d,%d,%d,%d,%d", seconds, a.heapUsed(),
                a.heapCommitted(), a.rss(), b.heapUsed(), b.heapCommitted(), b.rss(), sent, arrived);
    }
}
