package dev.passerelle.faults;

import dev.passerelle.e2e.Side;
import dev.passerelle.faults.MessageStream.Receipt;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link MessageStream} delivered, per target network over all conversations: texts expected, received,
 * missing, received more than once (and, for XMPP, whether each repeat carried the first copy's origin-id), and
 * arrivals out of order per (conversation, target, sender).
 */
final class Tally {

    /** The counts of one target network. */
    static final class Counts {
        int expected;
        int received;
        int missing;
        int duplicates;
        int duplicatesWithOtherOriginId;
        int outOfOrder;
        final List<String> examples = new ArrayList<>();

        private void example(String what) {
            if (examples.size() < 10) {
                examples.add(what);
            }
        }

        @Override
        public String toString() {
            return "expected " + expected + ", received " + received + ", missing " + missing + ", duplicates "
                    + duplicates + (duplicatesWithOtherOriginId > 0 ? " (" + duplicatesWithOtherOriginId
                    + " with another origin-id)" : "") + ", out of order " + outOfOrder
                    + (examples.isEmpty() ? "" : ", e.g. " + examples);
        }
    }

    private final Map<Side, Counts> byTarget = new EnumMap<>(Side.class);

    Tally() {
        for (Side s : Side.values()) {
            byTarget.put(s, new Counts());
        }
    }

    void add(int c, Side at, List<Receipt> receipts, java.util.function.ToIntFunction<Side> expected) {
        Counts counts = byTarget.get(at);
        for (Side from : Side.values()) {
            if (from == at) {
                continue;
            }
            int share = expected.applyAsInt(from);
            counts.expected += share;
            Map<Integer, String> firstOrigin = new HashMap<>();
            int last = -1;
            for (Receipt r : receipts) {
                if (r.conversation() != c || r.from() != from) {
                    continue;
                }
                counts.received++;
                if (firstOrigin.containsKey(r.seq())) {
                    counts.duplicates++;
                    if (!Objects.equals(firstOrigin.get(r.seq()), r.originId())) {
                        counts.duplicatesWithOtherOriginId++;
                    }
                    counts.example("c" + c + " " + from.to(at) + " #" + r.seq() + " again");
                    continue;
                }
                firstOrigin.put(r.seq(), r.originId());
                if (r.seq() < last) {
                    counts.outOfOrder++;
                    counts.example("c" + c + " " + from.to(at) + " #" + r.seq() + " after #" + last);
                }
                last = Math.max(last, r.seq());
            }
            for (int seq = 0; seq < share; seq++) {
                if (!firstOrigin.containsKey(seq)) {
                    counts.missing++;
                    counts.example("c" + c + " " + from.to(at) + " #" + seq + " missing");
                }
            }
        }
    }

    Counts at(Side target) {
        return byTarget.get(target);
    }

    int missing() {
        return byTarget.values().stream().mapToInt(c -> c.missing).sum();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Side, Counts> e : byTarget.entrySet()) {
            b.append("  at ").append(e.getKey().id()).append(": ").append(e.getValue()).append('\n');
        }
        return b.toString();
    }
}
