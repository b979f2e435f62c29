package dev.passerelle.soak;

import dev.passerelle.e2e.Side;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the soak sent and what arrived where. Every message carries a tag ({@code soak-000042}) in its text or file
 * name, except reactions, which are known by the message they react to (the soak reacts at most once to a message).
 * A message counts as arrived on a network in its own form (an edit as an edit, a reply as a reply, an attachment
 * with its file); one that turns up in another form (an attachment as its caption alone) is counted apart, and one
 * that never turns up is lost.
 */
final class Ledger {

    private static final Pattern TAG = Pattern.compile("soak-(\\d{6})");

    /** One message sent by the soak. */
    record Item(int number, Side from, Kind kind) {
        Item {
            if (number < 0 || number > 999_999) {
                throw new IllegalArgumentException("message number out of range: " + number);
            }
            java.util.Objects.requireNonNull(from, "from");
            java.util.Objects.requireNonNull(kind, "kind");
        }

        /** The tag written into the message. */
        String tag() {
            return Ledger.tag(number);
        }
    }

    /** Sent, arrived (in its own form) and arrived-in-another-form counts of one direction or one kind. */
    record Count(long sent, long arrived, long otherForm) {
        /** The messages that did not turn up at all. */
        long lost() {
            return sent - arrived - otherForm;
        }

        Count plus(Count o) {
            return new Count(sent + o.sent, arrived + o.arrived, otherForm + o.otherForm);
        }
    }

    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, Item> items = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> reactionByTarget = new ConcurrentHashMap<>();
    private final Map<Side, Set<Integer>> arrived = new EnumMap<>(Side.class);
    private final Map<Side, Set<Integer>> otherForm = new EnumMap<>(Side.class);

    Ledger() {
        for (Side s : Side.values()) {
            arrived.put(s, ConcurrentHashMap.newKeySet());
            otherForm.put(s, ConcurrentHashMap.newKeySet());
        }
    }

    static String tag(int number) {
        return String.format("soak-%06d", number);
    }

    /** Every tag in {@code text}, in order; empty for null. */
    static List<Integer> tags(String text) {
        List<Integer> found = new ArrayList<>();
        if (text != null) {
            Matcher m = TAG.matcher(text);
            while (m.find()) {
                found.add(Integer.parseInt(m.group(1)));
            }
        }
        return found;
    }

    /** A fresh message number. */
    int nextNumber() {
        return next.getAndIncrement();
    }

    /** Records a message as sent; a reaction names the message it reacts to. */
    void sent(Item item, Optional<Integer> reactionTarget) {
        if (item.kind() == Kind.REACTION) {
            int target = reactionTarget.orElseThrow(() -> new IllegalArgumentException("a reaction needs a target"));
            if (reactionByTarget.putIfAbsent(target, item.number()) != null) {
                throw new IllegalStateException("the soak reacts to " + tag(target) + " twice");
            }
        }
        items.put(item.number(), item);
    }

    /** A message with tag {@code number} turned up on {@code at} in the form {@code form}. */
    void arrived(Side at, int number, Kind form) {
        Item item = items.get(number);
        if (item == null || item.from() == at) {
            return;
        }
        if (item.kind() == form) {
            arrived.get(at).add(number);
        } else if (!arrived.get(at).contains(number)) {
            otherForm.get(at).add(number);
        }
    }

    /** A reaction to the message with tag {@code target} turned up on {@code at}. */
    void reactionArrived(Side at, int target) {
        Integer reaction = reactionByTarget.get(target);
        if (reaction != null) {
            arrived(at, reaction, Kind.REACTION);
        }
    }

    /** Whether message {@code number} has arrived in its own form on both other networks. */
    boolean arrivedEverywhere(int number) {
        Item item = items.get(number);
        if (item == null) {
            return false;
        }
        for (Side s : Side.values()) {
            if (s != item.from() && !arrived.get(s).contains(number)) {
                return false;
            }
        }
        return true;
    }

    /** Counts of the messages from {@code from} to {@code to}. */
    Count direction(Side from, Side to) {
        return count(i -> i.from() == from, to);
    }

    /** Counts of the messages of one kind from {@code from} to {@code to}. */
    Count direction(Side from, Side to, Kind kind) {
        return count(i -> i.from() == from && i.kind() == kind, to);
    }

    /** Counts of the messages of one kind, over every direction. */
    Count kind(Kind kind) {
        Count total = new Count(0, 0, 0);
        for (Side to : Side.values()) {
            total = total.plus(count(i -> i.kind() == kind && i.from() != to, to));
        }
        return total;
    }

    /** Counts over every direction. */
    Count total() {
        Count total = new Count(0, 0, 0);
        for (Side from : Side.values()) {
            for (Side to : Side.values()) {
                if (from != to) {
                    total = total.plus(direction(from, to));
                }
            }
        }
        return total;
    }

    /** The messages that did not arrive on {@code to} in their own form, at most {@code limit}. */
    List<String> missing(Side to, int limit) {
        return items.values().stream().filter(i -> i.from() != to && !arrived.get(to).contains(i.number()))
                .sorted(java.util.Comparator.comparingInt(Item::number)).limit(limit)
                .map(i -> i.tag() + " (" + i.kind().id() + " from " + i.from().id()
                        + (otherForm.get(to).contains(i.number()) ? ", arrived in another form" : "") + ")")
                .toList();
    }

    private Count count(java.util.function.Predicate<Item> which, Side to) {
        long sent = 0;
        long in = 0;
        long other = 0;
        for (Item i : items.values()) {
            if (i.from() == to || !which.test(i)) {
                continue;
            }
            sent++;
            if (arrived.get(to).contains(i.number())) {
                in++;
            } else if (otherForm.get(to).contains(i.number())) {
                other++;
            }
        }
        return new Count(sent, in, other);
    }
}
