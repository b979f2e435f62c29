package dev.passerelle.bench.flow;

import java.util.List;

/**
 * How long and how hard the flow benchmarks run. Defaults keep the whole run near ten minutes on two cores; every
 * value can be set with a {@code -Dbench.flow.*} property.
 *
 * @param streams senders (XMPP clients, or Matrix users for Matrix to XMPP)
 * @param bodySize characters of every message body
 * @param warmUpSeconds length of the window at half the start rate that warms the gateway up before each search
 * @param probeSeconds length of each search probe
 * @param windowSeconds length of each of the confirming windows at the rate found
 * @param confirmations windows that must all hold at the rate found (the first run and its confirmation)
 * @param pointSeconds length of the windows at fractions of the rate found
 * @param fractions the fractions of the rate found at which latency is reported
 * @param bisectSteps halvings of the interval between the last good and the first bad rate
 * @param startRate the first rate tried (messages a second, all streams together)
 * @param maxRate the search stops doubling here
 * @param p99LimitMillis a rate is sustained only with p99 at most this
 * @param pushConnections connections the stub uses to push transactions (transactions in flight at most)
 * @param jfr whether the gateway runs with a flight recording (written beside its log)
 */
record FlowSettings(int streams, int bodySize, double warmUpSeconds, double probeSeconds, double windowSeconds,
        int confirmations, double pointSeconds, List<Double> fractions, int bisectSteps, double startRate,
        double maxRate, long p99LimitMillis, int pushConnections, boolean jfr) {

    FlowSettings {
        if (streams < 1 || bodySize < 40 || warmUpSeconds < 0 || probeSeconds <= 0 || windowSeconds <= 0
                || confirmations < 1 || pointSeconds <= 0 || bisectSteps < 0 || startRate <= 0
                || maxRate < startRate || p99LimitMillis <= 0 || pushConnections < 1) {
            throw new IllegalArgumentException("flow bench settings out of range: streams >= 1, bodySize >= 40,"
                    + " seconds > 0, confirmations >= 1, bisectSteps >= 0, 0 < startRate <= maxRate,"
                    + " p99LimitMillis > 0, pushConnections >= 1; got " + this);
        }
        fractions = List.copyOf(fractions);
        for (double f : fractions) {
            if (f <= 0 || f > 1) {
                throw new IllegalArgumentException("bench.flow.fractions must be in (0, 1]: " + fractions);
            }
        }
    }

    /** The defaults, each overridden by its {@code bench.flow.<name>} system property. */
    static FlowSettings fromProperties() {
        return new FlowSettings(
                (int) number("streams", 10),
                (int) number("bodySize", 100),
                number("warmUpSeconds", 10),
                number("probeSeconds", 3),
                number("windowSeconds", 15),
                (int) number("confirmations", 2),
                number("pointSeconds", 5),
                List.of(text("fractions", "0.1,0.5,0.9").split(",")).stream()
                        .map(String::trim).map(f -> parse("fractions", f)).toList(),
                (int) number("bisectSteps", 3),
                number("startRate", 250),
                number("maxRate", 16000),
                (long) number("p99LimitMillis", 100),
                (int) number("pushConnections", 4),
                Boolean.parseBoolean(text("jfr", "false")));
    }

    /** The property's value; unset or empty (as Maven passes an unset one) means the default. */
    private static String text(String name, String fallback) {
        String value = System.getProperty("bench.flow." + name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double number(String name, double fallback) {
        return parse(name, text(name, Double.toString(fallback)));
    }

    private static double parse(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench.flow." + name + " is not a number: " + value, e);
        }
    }

    long p99LimitNanos() {
        return p99LimitMillis * 1_000_000L;
    }
}
