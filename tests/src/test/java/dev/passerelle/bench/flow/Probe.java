package dev.passerelle.bench.flow;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body every benchmark message carries: {@code ~b PROBE STREAM SEQ NANOS } padded with {@code x} to a fixed
 * size, so that the receiver alone can tell which probe and sender a message belongs to, spot losses and
 * duplicates, and compute its latency ({@link System#nanoTime} of the same JVM).
 */
record Probe(int probe, int stream, int seq, long nanos) {

    static final String MARK = "~b ";

    Probe {
        if (probe < 0 || stream < 0 || seq < 0) {
            throw new IllegalArgumentException("probe, stream and seq must be >= 0: " + probe + "/" + stream + "/"
                    + seq);
        }
    }

    /** The body text, {@code size} ASCII characters (at least as long as the fields need). */
    String body(int size) {
        String head = MARK + probe + " " + stream + " " + seq + " " + nanos + " ";
        if (head.length() >= size) {
            return head;
        }
        char[] pad = new char[size - head.length()];
        Arrays.fill(pad, 'x');
        return head + new String(pad);
    }

    byte[] bodyBytes(int size) {
        return body(size).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The probe in {@code text} between {@code from} and {@code to} (the first {@link #MARK} there), or null if
     * there is none or it is cut short.
     */
    static Probe find(CharSequence text, int from, int to) {
        int at = indexOf(text, from, to);
        if (at < 0) {
            return null;
        }
        long[] fields = new long[4];
        int i = at + MARK.length();
        for (int f = 0; f < 4; f++) {
            long v = 0;
            int start = i;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                v = v * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || i >= to || text.charAt(i) != ' ') {
                return null;
            }
            fields[f] = v;
            i++;
        }
        if (fields[0] > Integer.MAX_VALUE || fields[1] > Integer.MAX_VALUE || fields[2] > Integer.MAX_VALUE) {
            return null;
        }
        return new Probe((int) fields[0], (int) fields[1], (int) fields[2], fields[3]);
    }

    /** Whether {@code text[from, to)} holds a probe's mark (a body of someone else's does not). */
    static boolean carries(CharSequence text, int from, int to) {
        return indexOf(text, from, to) >= 0;
    }

    private static int indexOf(CharSequence text, int from, int to) {
        outer:
        for (int i = from; i <= to - MARK.length(); i++) {
            for (int j = 0; j < MARK.length(); j++) {
                if (text.charAt(i + j) != MARK.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
