package dev.passerelle.bench.flow;

import java.util.List;

/**
 * The sizes and rates of the large-room benchmark ({@link LargeRooms}); every value can be set with a
 * {@code -Dbench.growth.*} property, so that a tiny run fits in a test.
 *
 * @param members Matrix members of the large hosted room (portal)
 * @param occupants ghosts seated in the large plumbed MUC
 * @param baseline members of the small rooms measured beside them (hosted and plumbed alike)
 * @param senders XMPP clients in each room, and Matrix users sending into it
 * @param joinBatch member joins per appservice transaction
 * @param rate the fixed rate (messages a second, all senders together) measured in every room and direction
 * @param seconds length of the fixed-rate window
 * @param warmUpSeconds length of the window at twice {@code startRate} that warms each new gateway up, per direction,
 *     before its first (small) room is measured
 * @param search whether a short search for the maximum sustained rate follows the fixed-rate window
 * @param startRate the search's first rate
 * @param maxRate the search stops doubling here
 * @param p99LimitMillis a rate is sustained only with p99 at most this
 * @param jfr whether each gateway runs with a flight recording (written beside its log)
 */
public record GrowthSettings(int members, int occupants, int baseline, int senders, int joinBatch, double rate,
        double seconds, double warmUpSeconds, boolean search, double startRate, double maxRate, long p99LimitMillis,
        boolean jfr) {

    /** Characters of every benchmark message body, as in the flow benchmarks. */
    static final int BODY_SIZE = 100;

    public GrowthSettings {
        if (members < 1 || occupants < 1 || baseline < 1 || senders < 1 || joinBatch < 1 || !(rate > 0)
                || !(seconds > 0) || !(warmUpSeconds > 0) || !(startRate > 0) || maxRate < startRate
                || p99LimitMillis <= 0) {
            throw new IllegalArgumentException("growth bench settings out of range: sizes >= 1, rate and seconds > 0,"
                    + " 0 < startRate <= maxRate, p99LimitMillis > 0; got " + this);
        }
    }

    /** The defaults (the issue's sizes), each overridden by its {@code bench.growth.<name>} system property. */
    public static GrowthSettings fromProperties() {
        return new GrowthSettings(
                (int) number("members", 10_000),
                (int) number("occupants", 1_000),
                (int) number("baseline", 10),
                (int) number("senders", 2),
                (int) number("joinBatch", 100),
                number("rate", 5),
                number("seconds", 10),
                number("warmUpSeconds", 10),
                Boolean.parseBoolean(text("search", "true")),
                number("startRate", 25),
                number("maxRate", 3200),
                (long) number("p99LimitMillis", 200),
                Boolean.parseBoolean(text("jfr", "false")));
    }

    /** The search's settings in the flow benchmarks' terms: short probes, two bisections, one 5 s confirmation. */
    FlowSettings flow() {
        return new FlowSettings(senders, BODY_SIZE, 0, 2, 5, 1, 1, List.of(), 2, startRate, maxRate, p99LimitMillis,
                4, false);
    }

    /** The property's value; unset, empty or an unexpanded Maven property means the default. */
    private static String text(String name, String fallback) {
        String value = System.getProperty("bench.growth." + name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
    }

    private static double number(String name, double fallback) {
        String value = text(name, Double.toString(fallback));
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench.growth." + name + " is not a number: " + value, e);
        }
    }
}
